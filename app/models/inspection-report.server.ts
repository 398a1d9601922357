import { xlsxFile, type FileDownload } from "~/utils/download.server";
// The inspections ledger (现场检查台账) as an .xlsx workbook: one row per inspection with its
// findings' totals, then a totals row. Money as yuan numbers so Excel can sum them.
import ExcelJS from "exceljs";
import { msgs, t } from "~/utils/i18n";
import type { InspectionRow } from "~/models/inspection.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

const MONEY_FORMAT = "#,##0.00";
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;
const TOTALS_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } } as const;

type Column = {
  header: string;
  width: number;
  numFmt?: string;
  value: (row: InspectionRow) => ExcelJS.CellValue;
  total?: (rows: InspectionRow[]) => ExcelJS.CellValue;
};

const sum = (rows: InspectionRow[], pick: (row: InspectionRow) => number) => rows.reduce((total, row) => total + pick(row), 0);

function columns(): Column[] {
  const L = msgs().inspections.list;
  const E = msgs().inspections.export;
  return [
    { header: L.inspectedOn, width: 12, value: (r) => r.inspectedOn, total: () => E.total },
    { header: L.institution, width: 30, value: (r) => r.institutionName, total: (rows) => rows.length },
    { header: E.nhsaCode, width: 16, value: (r) => r.nhsaCode },
    { header: E.kind, width: 14, value: (r) => msgs().kinds[r.kind] },
    { header: L.region, width: 12, value: (r) => r.regionName },
    { header: L.type, width: 12, value: (r) => msgs().inspections.types[r.type] },
    { header: L.inspectors, width: 20, value: (r) => r.inspectorNames },
    { header: L.recordedBy, width: 12, value: (r) => r.recordedByRegionName },
    { header: E.findingCount, width: 10, value: (r) => r.findingCount, total: (rows) => sum(rows, (r) => r.findingCount) },
    { header: L.unreported, width: 10, value: (r) => r.unreportedCount, total: (rows) => sum(rows, (r) => r.unreportedCount) },
    { header: E.caseCount, width: 10, value: (r) => r.caseCount, total: (rows) => sum(rows, (r) => r.caseCount) },
    // One division of an exact fen count per cell: summing yuan floats would drift.
    {
      header: L.amountFound,
      width: 16,
      numFmt: MONEY_FORMAT,
      value: (r) => r.amountFoundFen / 100,
      total: (rows) => sum(rows, (r) => r.amountFoundFen) / 100,
    },
    {
      header: L.amountRecovered,
      width: 16,
      numFmt: MONEY_FORMAT,
      value: (r) => r.amountRecoveredFen / 100,
      total: (rows) => sum(rows, (r) => r.amountRecoveredFen) / 100,
    },
    { header: E.summary, width: 40, value: (r) => r.summary ?? "" },
  ];
}

export async function buildInspectionsWorkbook(rows: InspectionRow[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(t("inspections.export.sheet"), {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: "frozen", ySplit: 1 }],
  });
  const cols = columns();
  sheet.columns = cols.map((c) => ({ width: c.width }));
  const header = sheet.addRow(cols.map((c) => c.header));
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
  const totals = sheet.addRow(cols.map((c) => c.total?.(rows) ?? null));
  totals.font = { bold: true };
  cols.forEach((c, i) => {
    const cell = totals.getCell(i + 1);
    cell.fill = TOTALS_FILL;
    if (c.numFmt) cell.numFmt = c.numFmt;
  });
  return writeWorkbook(workbook);
}

export async function buildInspectionsDownload(rows: InspectionRow[], today: string): Promise<FileDownload> {
  const buffer = await buildInspectionsWorkbook(rows);
  return xlsxFile(buffer, t("inspections.export.fileName", { date: today }));
}
