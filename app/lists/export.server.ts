// The one export path of the list kit: the rows a list's filters select → an .xlsx (its export
// columns, a bold header, an optional totals row) written by the formula-safe writeWorkbook →
// a download. Exports are bounded: more rows than EXPORT_MAX_ROWS answer 413 with a Chinese
// message instead of building a workbook that exhausts the process (~/lists/export-bound.server).
// A report (exportReport) writes several lists as sheets under one caption row, the layout the
// oversight 台账 keep because bureaus forward them upward as they are.
import ExcelJS from "exceljs";
import type { ListDefinition } from "~/lists/define-list";
import { EXPORT_MAX_ROWS, exportTooLarge } from "~/lists/export-bound.server";
import { downloadResponse, xlsxFile } from "~/utils/download.server";
import { msgs, t } from "~/utils/i18n";
import { writeWorkbook } from "~/utils/spreadsheet.server";
import type { z } from "zod";

const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;
const TOTALS_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } } as const;

/** One list's rows as a sheet of a workbook, under an optional caption row. */
export type ListSheet = (workbook: ExcelJS.Workbook, caption?: string) => void;

/** The sheet of a list's export columns over `rows`. */
export function listSheet<Row, F extends z.ZodRawShape, S extends string>(list: ListDefinition<Row, F, S>, rows: Row[]): ListSheet {
  const spec = list.export;
  if (!spec) throw new Error("this list has no export columns");
  if (rows.length > EXPORT_MAX_ROWS) exportTooLarge();
  return (workbook, caption) => {
    const cols = spec.columns;
    const sheet = workbook.addWorksheet(t(spec.sheet), {
      pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
      views: [{ state: "frozen", ySplit: caption === undefined ? 1 : 2 }],
    });
    sheet.columns = cols.map((c) => ({ width: c.width }));
    if (caption !== undefined) {
      sheet.addRow([caption]);
      sheet.mergeCells(1, 1, 1, cols.length);
    }
    const header = sheet.addRow(cols.map((c) => t(c.header)));
    header.font = { bold: true };
    header.eachCell((cell) => {
      cell.fill = HEADER_FILL;
      cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    });
    for (const row of rows) {
      const added = sheet.addRow(cols.map((c) => c.value(row)));
      cols.forEach((c, i) => {
        if (c.numFmt) added.getCell(i + 1).numFmt = c.numFmt;
      });
    }
    if (cols.some((c) => c.total)) {
      const totals = sheet.addRow(cols.map((c) => c.total?.(rows) ?? null));
      totals.font = { bold: true };
      cols.forEach((c, i) => {
        const cell = totals.getCell(i + 1);
        cell.fill = TOTALS_FILL;
        if (c.numFmt) cell.numFmt = c.numFmt;
      });
    }
  };
}

/** Sheets as workbook bytes, each under `caption` when one is given. */
export async function buildWorkbook(sheets: ListSheet[], caption?: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  for (const write of sheets) write(workbook, caption);
  return writeWorkbook(workbook);
}

/** The list's export columns over `rows` as workbook bytes. */
export async function buildListWorkbook<Row, F extends z.ZodRawShape, S extends string>(
  list: ListDefinition<Row, F, S>,
  rows: Row[],
): Promise<Buffer> {
  return buildWorkbook([listSheet(list, rows)]);
}

/** The export download of a list: its rows (already bounded by queryListAll) as "<名称>_<date>.xlsx". */
export async function exportList<Row, F extends z.ZodRawShape, S extends string>(
  list: ListDefinition<Row, F, S>,
  rows: Row[],
  today: string,
): Promise<Response> {
  const buffer = await buildListWorkbook(list, rows);
  return downloadResponse(xlsxFile(buffer, t(list.export!.fileName, { date: today })));
}

/** A report download: the sheets under one caption row, named by the first list's file-name message. */
export async function exportReport<Row, F extends z.ZodRawShape, S extends string>(
  first: { list: ListDefinition<Row, F, S>; rows: Row[] },
  more: ListSheet[],
  names: { caption: string; fileName: Record<string, string> },
): Promise<Response> {
  const buffer = await buildWorkbook([listSheet(first.list, first.rows), ...more], names.caption);
  return downloadResponse(xlsxFile(buffer, t(first.list.export!.fileName, names.fileName)));
}
