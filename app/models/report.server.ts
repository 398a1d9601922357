// The self-check report (自查自纠报告) of one submitted version, as an .xlsx workbook. Built only
// from the frozen snapshot and, if given, the regulator's review; never from live answers.
import ExcelJS from "exceljs";
import type { Borders, CellValue, Row, Worksheet } from "exceljs";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import type { SnapshotItem, SubmissionSnapshot } from "~/utils/snapshot";

export type ReviewDecision = "pending" | "accepted" | "returned";
export type ItemReview = { decision: "accepted" | "returned"; comment: string | null };

export type ReportReview = {
  decision: ReviewDecision;
  decidedAt?: string | null;
  comment?: string | null;
  /** Keyed by checklistItemId. */
  items?: Record<string, ItemReview>;
};

export type ReportOptions = { review?: ReportReview };

const REPORT_SHEET = "自查自纠报告";
const EVIDENCE_SHEET = "佐证材料";
const MONEY_FORMAT = "#,##0.00";
const KB_FORMAT = "#,##0.0";

const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  pending: "待审核",
  accepted: "已通过",
  returned: "已退回",
};

/** Header-block labels span the first three table columns; values span the rest. */
const LABEL_SPAN = 3;

/** A4 landscape, all columns on one page width, as many pages tall as needed. */
const PAGE_SETUP = { paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 } as const;

const THIN_BORDER: Partial<Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};
const HEADER_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } } as const;
const TOTALS_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFF2F2F2" } } as const;

type TableColumn<T> = {
  header: string;
  width: number;
  wrap?: boolean;
  numFmt?: string;
  value: (row: T, index: number) => CellValue;
  /** The column's cell in the totals row, if it has one. */
  total?: (rows: T[]) => CellValue;
};

export async function buildAssessmentReport(snapshot: SubmissionSnapshot, opts: ReportOptions = {}): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  addReportSheet(workbook, snapshot, opts.review);
  addEvidenceSheet(workbook, snapshot);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** "自查自纠报告-南阳卧龙仁和医院-第2版.xlsx", with characters no file system accepts removed. */
export function reportFileName(snapshot: SubmissionSnapshot): string {
  const institution = snapshot.institution.name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, "").trim();
  return `${REPORT_SHEET}-${institution}-第${snapshot.version}版.xlsx`;
}

// ---------------------------------------------------------------------------------------------
// Sheet 1: header block and the item table

function addReportSheet(workbook: ExcelJS.Workbook, snapshot: SubmissionSnapshot, review: ReportReview | undefined) {
  const columns = itemColumns(review?.items);
  const sheet = workbook.addWorksheet(REPORT_SHEET, { pageSetup: PAGE_SETUP });
  sheet.columns = columns.map((column) => ({ width: column.width }));

  addTitleRow(sheet, `${snapshot.campaign.title} ${REPORT_SHEET}`, columns.length);
  const widths = columns.map((column) => column.width);
  for (const [label, value] of headerFields(snapshot, review)) addFieldRow(sheet, label, value, widths);
  sheet.addRow([]);

  const headerRow = addTable(sheet, columns, snapshot.items);
  sheet.views = [{ state: "frozen", ySplit: headerRow.number }];
  sheet.pageSetup.printTitlesRow = `${headerRow.number}:${headerRow.number}`;
}

function headerFields(snapshot: SubmissionSnapshot, review: ReportReview | undefined): [string, string][] {
  const { institution, campaign } = snapshot;
  const fields: [string, string][] = [
    ["机构名称", institution.name],
    ["医保定点机构编码", institution.nhsaCode],
    ["统一社会信用代码", institution.creditCode],
    ["所在地区", institution.regionName],
    ["机构类型", msgs().kinds[institution.kind]],
    ["任务名称", campaign.title],
    ["问题清单", campaign.checklistDocNumber ? `${campaign.checklistTitle}（${campaign.checklistDocNumber}）` : campaign.checklistTitle],
    ["检查期间", reviewPeriod(campaign.reviewPeriodStart, campaign.reviewPeriodEnd)],
    ["自查截止日期", campaign.selfCheckDueOn],
    ["整改截止日期", campaign.rectificationDueOn],
    ["提交版本", `第 ${snapshot.version} 版`],
    ["提交时间", formatDateTime(snapshot.submittedAt)],
    ["提交人", snapshot.submittedByName],
    ["承诺人", snapshot.signerName],
    ["承诺内容", snapshot.commitmentText],
  ];
  if (review) {
    fields.push(
      ["审核结论", REVIEW_DECISION_LABELS[review.decision]],
      ["审核时间", formatDateTime(review.decidedAt)],
      ["审核意见", review.comment ?? ""],
    );
  }
  return fields;
}

function reviewPeriod(start: string, end: string | null): string {
  return end ? t("regulator.periodRange", { start, end }) : t("regulator.periodSince", { start });
}

function itemColumns(reviews: Record<string, ItemReview> | undefined): TableColumn<SnapshotItem>[] {
  const labels = msgs();
  const columns: TableColumn<SnapshotItem>[] = [
    { header: "序号", width: 6, value: (_, index) => index + 1, total: () => "合计" },
    { header: "条目编码", width: 10, value: (item) => item.code, total: (items) => `共 ${items.length} 项` },
    { header: "分组", width: 14, wrap: true, value: (item) => item.section },
    { header: "问题（原文）", width: 40, wrap: true, value: (item) => item.title },
    {
      header: "自查结论",
      width: 14,
      value: (item) => labels.answers[item.answer],
      total: (items) => `${labels.answers.problem_found} ${items.filter((item) => item.answer === "problem_found").length} 项`,
    },
    { header: "问题描述", width: 36, wrap: true, value: (item) => item.description },
    {
      header: "涉及例数",
      width: 10,
      numFmt: "#,##0",
      value: (item) => item.caseCount,
      total: (items) => sum(items, (item) => item.caseCount),
    },
    moneyColumn("涉及金额（元）", (item) => item.amountInvolvedFen),
    moneyColumn("主动退回金额（元）", (item) => item.refundedFen),
    { header: "整改措施", width: 36, wrap: true, value: (item) => item.rectificationPlan },
    { header: "整改责任人", width: 12, wrap: true, value: (item) => item.responsiblePerson },
    { header: "整改期限", width: 12, value: (item) => item.rectificationDueOn },
    {
      header: "整改状态",
      width: 12,
      value: (item) => (item.rectificationStatus ? labels.rectificationStatus[item.rectificationStatus] : null),
    },
    { header: "整改完成日期", width: 14, value: (item) => item.rectifiedOn },
    {
      header: "佐证材料（份）",
      width: 12,
      value: (item) => item.evidence.length,
      total: (items) => sum(items, (item) => item.evidence.length),
    },
  ];
  if (reviews) {
    columns.push(
      {
        header: "审核",
        width: 10,
        value: (item) => {
          const decision = reviews[item.checklistItemId]?.decision;
          return decision ? REVIEW_DECISION_LABELS[decision] : null;
        },
      },
      { header: "审核意见", width: 30, wrap: true, value: (item) => reviews[item.checklistItemId]?.comment ?? null },
    );
  }
  return columns;
}

/**
 * Yuan as a real number so Excel can sum it. Each value, and each total, is one division of an
 * exact integer count of fen: summing yuan floats would drift (150.20 + 0.01 = 150.20999…).
 */
function moneyColumn(header: string, pickFen: (item: SnapshotItem) => number | null): TableColumn<SnapshotItem> {
  return {
    header,
    width: 18,
    numFmt: MONEY_FORMAT,
    value: (item) => fenToYuan(pickFen(item)),
    total: (items) => fenToYuan(sum(items, pickFen)),
  };
}

function fenToYuan(fen: number | null): number | null {
  return fen == null ? null : fen / 100;
}

function sum<T>(rows: T[], pick: (row: T) => number | null): number {
  return rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
}

// ---------------------------------------------------------------------------------------------
// Sheet 2: every evidence file

type EvidenceRow = SnapshotItem["evidence"][number] & { code: string };

const EVIDENCE_COLUMNS: TableColumn<EvidenceRow>[] = [
  { header: "条目编码", width: 10, value: (file) => file.code },
  { header: "文件名", width: 40, wrap: true, value: (file) => file.fileName },
  { header: "类型", width: 24, value: (file) => file.contentType },
  { header: "大小 (KB)", width: 12, numFmt: KB_FORMAT, value: (file) => Math.round(file.sizeBytes / 102.4) / 10 },
  { header: "SHA-256", width: 68, value: (file) => file.sha256 },
];

function addEvidenceSheet(workbook: ExcelJS.Workbook, snapshot: SubmissionSnapshot) {
  const sheet = workbook.addWorksheet(EVIDENCE_SHEET, {
    pageSetup: PAGE_SETUP,
    views: [{ state: "frozen", ySplit: 1 }],
  });
  sheet.columns = EVIDENCE_COLUMNS.map((column) => ({ width: column.width }));
  const files = snapshot.items.flatMap((item) => item.evidence.map((file) => ({ ...file, code: item.code })));
  addTable(sheet, EVIDENCE_COLUMNS, files);
}

// ---------------------------------------------------------------------------------------------
// Layout helpers

function addTitleRow(sheet: Worksheet, title: string, width: number) {
  const row = sheet.addRow([title]);
  sheet.mergeCells(row.number, 1, row.number, width);
  row.height = 30;
  row.font = { bold: true, size: 16 };
  row.alignment = { horizontal: "center", vertical: "middle" };
}

/** A label/value row of the header block; `widths` are the table's column widths. */
function addFieldRow(sheet: Worksheet, label: string, value: string, widths: number[]) {
  const row = sheet.addRow([]);
  const labelCell = row.getCell(1);
  const valueCell = row.getCell(LABEL_SPAN + 1);
  labelCell.value = label;
  labelCell.font = { bold: true };
  labelCell.alignment = { vertical: "top" };
  valueCell.value = value;
  valueCell.alignment = { vertical: "top", wrapText: true };
  sheet.mergeCells(row.number, 1, row.number, LABEL_SPAN);
  sheet.mergeCells(row.number, LABEL_SPAN + 1, row.number, widths.length);
  row.height = wrappedHeight(value, sum(widths.slice(LABEL_SPAN), (width) => width));
}

/** Writes a bordered table (header, one row per entry, totals if any column has one); returns the header row. */
function addTable<T>(sheet: Worksheet, columns: TableColumn<T>[], rows: T[]): Row {
  const headerRow = sheet.addRow(columns.map((column) => column.header));
  headerRow.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
    cell.border = THIN_BORDER;
  });

  rows.forEach((entry, index) => {
    styleBodyRow(sheet.addRow(columns.map((column) => column.value(entry, index))), columns);
  });

  if (columns.some((column) => column.total)) {
    styleBodyRow(sheet.addRow(columns.map((column) => column.total?.(rows) ?? null)), columns, { totals: true });
  }
  return headerRow;
}

function styleBodyRow<T>(row: Row, columns: TableColumn<T>[], { totals = false } = {}) {
  columns.forEach((column, index) => {
    const cell = row.getCell(index + 1);
    cell.border = THIN_BORDER;
    cell.alignment = { vertical: "top", wrapText: column.wrap ?? false };
    if (column.numFmt) cell.numFmt = column.numFmt;
    if (totals) {
      cell.font = { bold: true };
      cell.fill = TOTALS_FILL;
    }
  });
}

/**
 * Excel never auto-fits the height of merged cells, so a long merged value (承诺内容) needs an
 * explicit height. Full-width characters take about two width units.
 */
function wrappedHeight(text: string, widthUnits: number): number {
  const lines = text.split("\n").reduce((count, line) => {
    const units = [...line].reduce((total, char) => total + (char.charCodeAt(0) > 0xff ? 2 : 1), 0);
    return count + Math.max(1, Math.ceil(units / widthUnits));
  }, 0);
  return Math.max(1, lines) * 16;
}
