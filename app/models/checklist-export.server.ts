import { xlsxFile } from "~/utils/download.server";
// A checklist version's items as an .xlsx 台账, for the regulator.
import ExcelJS from "exceljs";
import type { Executor } from "~/utils/db.server";
import type { InstitutionKind } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import type { RegionScope } from "~/utils/permissions.server";
import { listVersionItemsForExport } from "~/models/checklist-version.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

type Row = Awaited<ReturnType<typeof listVersionItemsForExport>>["items"][number];

export async function buildChecklistWorkbook(exportData: Awaited<ReturnType<typeof listVersionItemsForExport>>): Promise<Buffer> {
  const C = msgs().checklists.export.columns;
  const { version, items } = exportData;
  const columns: { header: string; width: number; value: (row: Row, index: number) => string | number }[] = [
    { header: C.position, width: 6, value: (_, i) => i + 1 },
    { header: C.section, width: 12, value: (r) => r.section },
    { header: C.code, width: 10, value: (r) => r.code },
    { header: C.domain, width: 10, value: (r) => r.domain ?? "" },
    { header: C.title, width: 40, value: (r) => r.title },
    { header: C.guidance, width: 50, value: (r) => r.guidance },
    {
      header: C.officialGuidance,
      width: 40,
      value: (r) => (r.officialGuidance && r.officialGuidance !== r.guidance ? r.officialGuidance : ""),
    },
    { header: C.legalBasis, width: 30, value: (r) => r.legalBasis ?? "" },
    { header: C.appliesTo, width: 24, value: (r) => r.appliesTo.map((k) => msgs().kinds[k as InstitutionKind] ?? k).join("、") },
    { header: C.evidence, width: 10, value: (r) => (r.isEvidenceRequired ? t("checklists.diff.yes") : t("checklists.diff.no")) },
    { header: C.origin, width: 10, value: (r) => (r.inheritedItemId ? t("checklists.view.inherited") : t("checklists.view.local")) },
  ];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(msgs().checklists.export.sheet, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
    views: [{ state: "frozen", ySplit: 2 }],
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));
  const title = sheet.addRow([
    t("checklists.export.heading", { title: version.title, docNumber: version.docNumber, version: version.version }),
  ]);
  sheet.mergeCells(1, 1, 1, columns.length);
  title.font = { bold: true, size: 14 };
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
  });
  items.forEach((item, index) => {
    const row = sheet.addRow(columns.map((c) => c.value(item, index)));
    row.alignment = { vertical: "top", wrapText: true };
  });
  return writeWorkbook(workbook);
}

/** The download response; 404 for a version the regulator cannot see. */
export async function getChecklistDownload(exec: Executor, scope: RegionScope, versionId: string | undefined) {
  const exportData = await listVersionItemsForExport(exec, scope, versionId);
  const buffer = await buildChecklistWorkbook(exportData);
  const name = t("checklists.export.fileName", { title: exportData.version.title, version: exportData.version.version });
  return xlsxFile(buffer, name);
}
