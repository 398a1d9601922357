// The self-check report (自查自纠报告) of one submitted version, as an .xlsx workbook. Built only
// from the frozen snapshot and, if given, the regulator's review; never from live answers.
import ExcelJS from "exceljs";
import type { Borders, CellValue, Row, Worksheet } from "exceljs";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import type { SnapshotItem, SubmissionSnapshot } from "~/domain/snapshot";
import { writeWorkbook } from "~/utils/spreadsheet.server";

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

const F = msgs().report.fields;
const C = msgs().report.columns;
const REPORT_SHEET = msgs().report.sheet;
const EVIDENCE_SHEET = msgs().report.evidenceSheet;
const MONEY_FORMAT = "#,##0.00";
const KB_FORMAT = "#,##0.0";

const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = msgs().review.decision;

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
  return writeWorkbook(workbook);
}

/** "自查自纠报告-南阳卧龙仁和医院-第2版.xlsx", with characters no file system accepts removed. */
export function reportFileName(snapshot: SubmissionSnapshot): string {
  const institution = snapshot.institution.name.replace(/[/\\:*?"<>|\u0000-\u001f]/g, "").trim();
  return t("report.fileName", { institution, version: snapshot.version });
}

// ---------------------------------------------------------------------------------------------
// Sheet 1: header block and the item table

function addReportSheet(workbook: ExcelJS.Workbook, snapshot: SubmissionSnapshot, review: ReportReview | undefined) {
  const columns = itemColumns(review?.items);
  const sheet = workbook.addWorksheet(REPORT_SHEET, { pageSetup: PAGE_SETUP });
  sheet.columns = columns.map((column) => ({ width: column.width }));

  addTitleRow(sheet, t("report.title", { campaign: snapshot.campaign.title }), columns.length);
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
    [F.institution, institution.name],
    [F.nhsaCode, institution.nhsaCode],
    [F.creditCode, institution.creditCode],
    [F.region, institution.regionName],
    [F.kind, msgs().kinds[institution.kind]],
    [F.campaign, campaign.title],
    [F.checklist, campaign.checklistDocNumber ? `${campaign.checklistTitle}（${campaign.checklistDocNumber}）` : campaign.checklistTitle],
    [F.period, reviewPeriod(campaign.reviewPeriodStart, campaign.reviewPeriodEnd)],
    [F.selfCheckDueOn, campaign.selfCheckDueOn],
    [F.rectificationDueOn, campaign.rectificationDueOn],
    [F.version, t("report.version", { version: snapshot.version })],
    [F.submittedAt, formatDateTime(snapshot.submittedAt)],
    [F.submittedBy, snapshot.submittedByName],
    [F.signer, snapshot.signerName],
    [F.commitment, snapshot.commitmentText],
  ];
  if (review) {
    fields.push(
      [F.decision, REVIEW_DECISION_LABELS[review.decision]],
      [F.decidedAt, formatDateTime(review.decidedAt)],
      [F.decisionComment, review.comment ?? ""],
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
    { header: C.index, width: 6, value: (_, index) => index + 1, total: () => t("report.total") },
    { header: C.code, width: 10, value: (item) => item.code, total: (items) => t("report.itemsTotal", { count: items.length }) },
    { header: C.section, width: 14, wrap: true, value: (item) => item.section },
    { header: C.title, width: 40, wrap: true, value: (item) => item.title },
    {
      header: C.answer,
      width: 14,
      value: (item) => labels.answers[item.answer],
      total: (items) =>
        t("report.answerTotal", {
          label: labels.answers.problem_found,
          count: items.filter((item) => item.answer === "problem_found").length,
        }),
    },
    { header: C.description, width: 36, wrap: true, value: (item) => item.description },
    {
      header: C.caseCount,
      width: 10,
      numFmt: "#,##0",
      value: (item) => item.caseCount,
      total: (items) => sum(items, (item) => item.caseCount),
    },
    moneyColumn(C.amountInvolved, (item) => item.amountInvolvedFen),
    moneyColumn(C.refunded, (item) => item.refundedFen),
    { header: C.rectificationPlan, width: 36, wrap: true, value: (item) => item.rectificationPlan },
    { header: C.responsiblePerson, width: 12, wrap: true, value: (item) => item.responsiblePerson },
    { header: C.rectificationDueOn, width: 12, value: (item) => item.rectificationDueOn },
    {
      header: C.rectificationStatus,
      width: 12,
      value: (item) => (item.rectificationStatus ? labels.rectificationStatus[item.rectificationStatus] : null),
    },
    { header: C.rectifiedOn, width: 14, value: (item) => item.rectifiedOn },
    {
      header: C.evidenceCount,
      width: 12,
      value: (item) => item.evidence.length,
      total: (items) => sum(items, (item) => item.evidence.length),
    },
  ];
  if (reviews) {
    columns.push(
      {
        header: C.review,
        width: 10,
        value: (item) => {
          const decision = reviews[item.checklistItemId]?.decision;
          return decision ? REVIEW_DECISION_LABELS[decision] : null;
        },
      },
      { header: C.reviewComment, width: 30, wrap: true, value: (item) => reviews[item.checklistItemId]?.comment ?? null },
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
  { header: C.code, width: 10, value: (file) => file.code },
  { header: C.fileName, width: 40, wrap: true, value: (file) => file.fileName },
  { header: C.fileType, width: 24, value: (file) => file.contentType },
  { header: C.fileSize, width: 12, numFmt: KB_FORMAT, value: (file) => Math.round(file.sizeBytes / 102.4) / 10 },
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
  row.height = wrappedHeight(
    value,
    sum(widths.slice(LABEL_SPAN), (width) => width),
  );
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
