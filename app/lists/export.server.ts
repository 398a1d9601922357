// The one export path of the list kit: the rows a list's filters select → an .xlsx (its export
// columns, a bold header, an optional totals row) written by the formula-safe writeWorkbook →
// a download. Exports are bounded: more rows than EXPORT_MAX_ROWS answer 413 with a Chinese
// message instead of building a workbook that exhausts the process (~/lists/export-bound.server).
import ExcelJS from "exceljs";
import type { ListDefinition } from "~/lists/define-list";
import { EXPORT_MAX_ROWS, exportTooLarge } from "~/lists/export-bound.server";
import { downloadResponse, xlsxFile } from "~/utils/download.server";
import { msgs, t } from "~/utils/i18n";
import { writeWorkbook } from "~/utils/spreadsheet.server";
import type { z } from "zod";

const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;
const TOTALS_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } } as const;

/** The list's export columns over `rows` as workbook bytes. */
export async function buildListWorkbook<Row, F extends z.ZodRawShape, S extends string>(
  list: ListDefinition<Row, F, S>,
  rows: Row[],
): Promise<Buffer> {
  const spec = list.export;
  if (!spec) throw new Error("this list has no export columns");
  if (rows.length > EXPORT_MAX_ROWS) exportTooLarge();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(t(spec.sheet), {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const cols = spec.columns;
  sheet.columns = cols.map((c) => ({ width: c.width }));
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
  return writeWorkbook(workbook);
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
