// .xlsx downloads of the risk list and of inspection samples.
import ExcelJS from "exceljs";
import type { Executor } from "~/utils/db.server";
import { formatDateCn, todayLocal } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import type { RegionScope } from "~/utils/permissions.server";
import { listRiskScores, type RiskListFilter } from "~/models/risk.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

/** Every row the filter selects (not only one page), in the list's order. */
export async function buildRiskWorkbook(exec: Executor, scope: RegionScope, filter: RiskListFilter, today: string = todayLocal()) {
  const list = await listRiskScores(exec, scope, filter, today, { all: true });
  const M = msgs().riskPages.list;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(M.sheet);
  const header = sheet.addRow([
    M.institution,
    M.nhsaCode,
    M.region,
    M.kind,
    M.effectiveTier,
    M.computedTier,
    M.score,
    M.overridden,
    M.keySupervision,
    M.lastInspected,
    M.nextDue,
  ]);
  header.font = { bold: true };
  for (const r of list.rows) {
    sheet.addRow([
      r.name,
      r.nhsaCode,
      r.regionName,
      msgs().kinds[r.kind],
      r.effectiveTier ?? M.notScored,
      r.computedTier ?? M.notScored,
      r.score ?? "",
      r.isOverridden ? M.yes : "",
      r.isKeySupervisionTarget ? M.yes : "",
      r.lastInspectedOn ? formatDateCn(r.lastInspectedOn) : M.never,
      r.nextInspectionDueOn ? formatDateCn(r.nextInspectionDueOn) : "",
    ]);
  }
  sheet.columns = [
    { width: 34 },
    { width: 16 },
    { width: 14 },
    { width: 14 },
    { width: 10 },
    { width: 10 },
    { width: 8 },
    { width: 10 },
    { width: 12 },
    { width: 16 },
    { width: 16 },
  ];
  return { buffer: await writeWorkbook(workbook), fileName: t("riskPages.list.fileName", { date: today }) };
}
