import { xlsxFile } from "~/utils/download.server";
// The oversight tables as .xlsx (the 台账 a bureau reports upward): the same rows and filter
// as the page, every row rather than one page. Callers pass what the scoped models returned.
import ExcelJS from "exceljs";
import type { CellValue } from "exceljs";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import type { OverviewQuery } from "~/schemas/dashboard";
import type { HotspotsListQuery, OverdueListQuery } from "~/lists/oversight";
import type { Executor } from "~/utils/db.server";
import type { RegionScope } from "~/utils/permissions.server";
import {
  completionPercent,
  loadHotspotsPage,
  loadOverduePage,
  loadOverviewPage,
  type DashboardContext,
  type HotspotRow,
  type KindRow,
  type OverdueRow,
  type RegionRow,
} from "~/models/dashboard.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

const MONEY_FORMAT = "#,##0.00";
const PERCENT_FORMAT = "0.0%";
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;

type Column<T> = { header: string; width: number; numFmt?: string; value: (row: T) => CellValue };

function addSheet<T>(workbook: ExcelJS.Workbook, name: string, caption: string, columns: Column<T>[], rows: T[]) {
  const sheet = workbook.addWorksheet(name, {
    pageSetup: { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.addRow([caption]);
  sheet.mergeCells(1, 1, 1, columns.length);
  const header = sheet.addRow(columns.map((c) => c.header));
  header.font = { bold: true };
  header.eachCell((cell) => {
    cell.fill = HEADER_FILL;
    cell.alignment = { wrapText: true, vertical: "middle" };
  });
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = c.width;
    if (c.numFmt) column.numFmt = c.numFmt;
  });
  for (const row of rows) sheet.addRow(columns.map((c) => c.value(row)));
  sheet.views = [{ state: "frozen", ySplit: 2 }];
  return sheet;
}

const yuan = (fen: number) => fen / 100;

function caption(ctx: DashboardContext, now: Date) {
  return t("dashboard.exportedAt", { time: formatDateTime(now), region: ctx.region.name, campaign: ctx.campaign?.title ?? "" });
}

function countColumns<T extends RegionRow | KindRow>(): Column<T>[] {
  const D = msgs().dashboard;
  return [
    { header: D.targets, width: 10, value: (r) => r.targetCount },
    { header: D.notStarted, width: 10, value: (r) => r.notStartedCount },
    { header: D.inProgress, width: 10, value: (r) => r.inProgressCount },
    { header: D.pendingReview, width: 10, value: (r) => r.pendingReviewCount },
    { header: D.returned, width: 10, value: (r) => r.returnedCount },
    { header: D.accepted, width: 10, value: (r) => r.acceptedCount },
    { header: D.overdue, width: 10, value: (r) => r.overdueCount },
    { header: D.completion, width: 10, numFmt: PERCENT_FORMAT, value: (r) => completionPercent(r) / 100 },
    { header: D.problems, width: 10, value: (r) => r.problemCount },
    { header: D.amount, width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.amountInvolvedFen) },
    { header: D.refunded, width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.refundedFen) },
  ];
}

export async function buildOverviewWorkbook(ctx: DashboardContext, regions: RegionRow[], kinds: KindRow[], now = new Date()) {
  const D = msgs().dashboard;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  addSheet<RegionRow>(
    workbook,
    D.sheetRegions,
    caption(ctx, now),
    [
      { header: D.region, width: 18, value: (r) => (r.isOwn ? t("dashboard.ownInstitutions", { region: r.name }) : r.name) },
      ...countColumns<RegionRow>(),
    ],
    regions,
  );
  addSheet<KindRow>(
    workbook,
    D.sheetKinds,
    caption(ctx, now),
    [{ header: D.kind, width: 18, value: (r) => msgs().kinds[r.kind] }, ...countColumns<KindRow>()],
    kinds,
  );
  return writeWorkbook(workbook);
}

export async function buildHotspotsWorkbook(ctx: DashboardContext, rows: HotspotRow[], now = new Date()) {
  const D = msgs().dashboard;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  addSheet<HotspotRow>(
    workbook,
    D.sheetHotspots,
    caption(ctx, now),
    [
      { header: D.itemCode, width: 10, value: (r) => r.code },
      { header: D.item, width: 50, value: (r) => r.title },
      { header: D.section, width: 14, value: (r) => r.section },
      { header: D.problems, width: 10, value: (r) => r.problemCount },
      { header: D.share, width: 10, numFmt: PERCENT_FORMAT, value: (r) => (r.targetCount ? r.problemCount / r.targetCount : 0) },
      { header: D.cases, width: 10, value: (r) => r.caseCount },
      { header: D.amount, width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.amountInvolvedFen) },
      { header: D.refunded, width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.refundedFen) },
    ],
    rows,
  );
  return writeWorkbook(workbook);
}

export async function buildOverdueWorkbook(ctx: DashboardContext, rows: OverdueRow[], now = new Date()) {
  const D = msgs().dashboard;
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  addSheet<OverdueRow>(
    workbook,
    D.sheetOverdue,
    caption(ctx, now),
    [
      { header: D.institution, width: 30, value: (r) => r.institutionName },
      { header: D.region, width: 14, value: (r) => r.regionName },
      { header: D.kind, width: 14, value: (r) => msgs().kinds[r.kind] },
      { header: D.status, width: 10, value: (r) => msgs().assessmentStatus[r.status] },
      { header: D.progress, width: 10, value: (r) => `${r.answeredCount}/${r.itemCount}` },
      { header: D.dueOn, width: 16, value: (r) => formatDateCn(r.dueOn) },
      { header: D.daysOverdue, width: 10, value: (r) => r.daysOverdue },
      { header: D.escalation, width: 18, value: (r) => D.level[r.level] },
      { header: D.lastReminder, width: 18, value: (r) => (r.lastReminderAt ? formatDateTime(r.lastReminderAt) : D.noReminder) },
    ],
    rows,
  );
  return writeWorkbook(workbook);
}

function fileName(key: "fileOverview" | "fileHotspots" | "fileOverdue", ctx: DashboardContext, today: string) {
  return t(`dashboard.${key}`, { campaign: ctx.campaign?.title ?? "", region: ctx.region.name, date: today });
}

/** The overview's tables (by region, by kind) for the same campaign, region and filter, all rows. */
export async function exportOverview(exec: Executor, scope: RegionScope, q: OverviewQuery, today: string) {
  const { ctx, overview } = await loadOverviewPage(exec, scope, q, today, true);
  const buffer = await buildOverviewWorkbook(ctx, overview?.regions.rows ?? [], overview?.byKind ?? []);
  return xlsxFile(buffer, fileName("fileOverview", ctx, today));
}

export async function exportHotspots(exec: Executor, scope: RegionScope, q: HotspotsListQuery, today: string) {
  const { ctx, hotspots } = await loadHotspotsPage(exec, scope, q, true);
  return xlsxFile(await buildHotspotsWorkbook(ctx, hotspots.rows), fileName("fileHotspots", ctx, today));
}

export async function exportOverdue(exec: Executor, scope: RegionScope, q: OverdueListQuery, today: string) {
  const { ctx, overdue } = await loadOverduePage(exec, scope, q, today, true);
  return xlsxFile(await buildOverdueWorkbook(ctx, overdue.rows), fileName("fileOverdue", ctx, today));
}
