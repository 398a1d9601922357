// The oversight tables (监管总览): regions and institution kinds (/reg/oversight), hot spots
// (/reg/oversight/hotspots) and overdue self-checks (/reg/oversight/overdue). Their .xlsx keeps the
// oversight workbook's layout (a caption row naming campaign, region and time above the header,
// two sheets for the overview): exportReport in ~/lists/export.server.
import { Link, useSearchParams } from "@remix-run/react";
import { MONEY_FORMAT, PERCENT_FORMAT, yuan, type ExportColumn, type ListColumn } from "~/lists/define-list";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { completionPercent, percentOf } from "~/domain/dashboard";
import { INSTITUTION_KINDS, type InstitutionKind } from "~/domain/vocabulary";
import { defineList, listFilter } from "~/lists/define-list";
import { ESCALATION_LEVELS } from "~/schemas/dashboard";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { z } from "zod";

/** The campaign and region being looked at, and the institution kind. */
const oversightFilters = {
  campaign: z.string().max(64).optional().catch(undefined),
  region: listFilter.regionCode(),
  kind: listFilter.oneOf(INSTITUTION_KINDS),
};

export type HotspotListRow = {
  checklistItemId: string;
  code: string;
  title: string;
  section: string;
  problemCount: number;
  targetCount: number;
  caseCount: number;
  amountInvolvedFen: number;
  refundedFen: number;
};

const percent = (n: number, of: number) => (of ? `${percentOf(n, of)}%` : "—");

export const hotspotsList = defineList({
  filters: oversightFilters,
  sort: {
    keys: { problems: "desc", share: "desc", cases: "desc", amount: "desc", refunded: "desc", code: "asc" },
    default: "problems",
  },
  pageSize: 50,
  rowKey: (r: HotspotListRow) => r.checklistItemId,
  empty: "dashboard.noRows",
  columns: [
    {
      key: "item",
      header: "dashboard.item",
      sort: "code",
      main: true,
      cell: (r) => (
        <>
          <span className="dash-code">{r.code}</span> {r.title}
          <br />
          <small className="muted">{r.section}</small>
        </>
      ),
    },
    { key: "problems", header: "dashboard.problems", sort: "problems", numeric: true, cell: (r) => r.problemCount },
    { key: "share", header: "dashboard.share", sort: "share", numeric: true, cell: (r) => percent(r.problemCount, r.targetCount) },
    { key: "cases", header: "dashboard.cases", sort: "cases", numeric: true, cell: (r) => r.caseCount },
    { key: "amount", header: "dashboard.amount", sort: "amount", numeric: true, cell: (r) => formatFen(r.amountInvolvedFen) },
    { key: "refunded", header: "dashboard.refunded", sort: "refunded", numeric: true, cell: (r) => formatFen(r.refundedFen) },
  ],
  export: {
    sheet: "dashboard.sheetHotspots",
    fileName: "dashboard.fileHotspots",
    columns: [
      { header: "dashboard.itemCode", width: 10, value: (r) => r.code },
      { header: "dashboard.item", width: 50, value: (r) => r.title },
      { header: "dashboard.section", width: 14, value: (r) => r.section },
      { header: "dashboard.problems", width: 10, value: (r) => r.problemCount },
      { header: "dashboard.share", width: 10, numFmt: PERCENT_FORMAT, value: (r) => (r.targetCount ? r.problemCount / r.targetCount : 0) },
      { header: "dashboard.cases", width: 10, value: (r) => r.caseCount },
      { header: "dashboard.amount", width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.amountInvolvedFen) },
      { header: "dashboard.refunded", width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.refundedFen) },
    ],
  },
});

export type OverdueListRow = {
  assessmentId: string;
  institutionName: string;
  kind: InstitutionKind;
  regionName: string;
  status: "not_started" | "in_progress" | "returned";
  dueOn: string;
  daysOverdue: number;
  level: (typeof ESCALATION_LEVELS)[number];
  answeredCount: number;
  itemCount: number;
  lastReminderAt: Date | string | null;
};

export const overdueList = defineList({
  filters: { ...oversightFilters, level: listFilter.oneOf(ESCALATION_LEVELS) },
  sort: { keys: { days: "desc", institution: "asc", region: "asc", status: "asc" }, default: "days" },
  pageSize: 50,
  rowKey: (r: OverdueListRow) => r.assessmentId,
  empty: "dashboard.noRows",
  columns: [
    {
      key: "institution",
      header: "dashboard.institution",
      sort: "institution",
      main: true,
      cell: (r) => (
        <>
          <Link to={`/reg/assessments/${r.assessmentId}`}>{r.institutionName}</Link>
          <br />
          <small className="muted">
            {msgs().kinds[r.kind]} · {r.answeredCount}/{r.itemCount}
          </small>
        </>
      ),
    },
    { key: "region", header: "dashboard.region", sort: "region", cell: (r) => r.regionName },
    { key: "status", header: "dashboard.status", sort: "status", cell: (r) => <AssessmentStatusBadge status={r.status} /> },
    { key: "dueOn", header: "dashboard.dueOn", cell: (r) => formatDateCn(r.dueOn) },
    {
      key: "days",
      header: "dashboard.daysOverdue",
      sort: "days",
      numeric: true,
      cell: (r) => <strong className="error-text">{t("dashboard.daysValue", { days: r.daysOverdue })}</strong>,
    },
    {
      key: "escalation",
      header: "dashboard.escalation",
      cell: (r) => <span className={`badge dash-level dash-level--${r.level}`}>{msgs().dashboard.level[r.level]}</span>,
    },
    {
      key: "lastReminder",
      header: "dashboard.lastReminder",
      cell: (r) => (r.lastReminderAt ? formatDateTime(r.lastReminderAt) : t("dashboard.noReminder")),
    },
  ],
  export: {
    sheet: "dashboard.sheetOverdue",
    fileName: "dashboard.fileOverdue",
    columns: [
      { header: "dashboard.institution", width: 30, value: (r) => r.institutionName },
      { header: "dashboard.region", width: 14, value: (r) => r.regionName },
      { header: "dashboard.kind", width: 14, value: (r) => msgs().kinds[r.kind] },
      { header: "dashboard.status", width: 10, value: (r) => msgs().assessmentStatus[r.status] },
      { header: "dashboard.progress", width: 10, value: (r) => `${r.answeredCount}/${r.itemCount}` },
      { header: "dashboard.dueOn", width: 16, value: (r) => formatDateCn(r.dueOn) },
      { header: "dashboard.daysOverdue", width: 10, value: (r) => r.daysOverdue },
      { header: "dashboard.escalation", width: 18, value: (r) => msgs().dashboard.level[r.level] },
      {
        header: "dashboard.lastReminder",
        width: 18,
        value: (r) => (r.lastReminderAt ? formatDateTime(r.lastReminderAt) : t("dashboard.noReminder")),
      },
    ],
  },
});

export type HotspotsListQuery = ReturnType<typeof hotspotsList.parse>;
export type OverdueListQuery = ReturnType<typeof overdueList.parse>;

/** The status counts of a region or an institution kind. */
export type CountsRow = {
  targetCount: number;
  notStartedCount: number;
  inProgressCount: number;
  /** First submissions and resubmissions, both awaiting review. */
  pendingReviewCount: number;
  returnedCount: number;
  acceptedCount: number;
  /** Submitted at least once and not returned: submitted, resubmitted or accepted. */
  completedCount: number;
  overdueCount: number;
  problemCount: number;
  amountInvolvedFen: number;
  refundedFen: number;
};

/** `campaignId` and `regionCode`: the campaign and region the page shows (the URL may leave them out). */
export type RegionListRow = CountsRow & { code: string; name: string; isOwn: boolean; hasChildren: boolean; campaignId: string };
export type KindListRow = CountsRow & { kind: InstitutionKind; campaignId: string; regionCode: string };

export function regionLabel(r: Pick<RegionListRow, "isOwn" | "name">) {
  return r.isOwn ? t("dashboard.ownInstitutions", { region: r.name }) : r.name;
}

function countColumns<T extends CountsRow>(sortable: boolean): ListColumn<T>[] {
  const sort = (key: string) => (sortable ? key : undefined);
  return [
    { key: "targets", header: "dashboard.targets", sort: sort("targets"), numeric: true, cell: (r) => r.targetCount },
    {
      key: "completion",
      header: "dashboard.completion",
      sort: sort("completion"),
      numeric: true,
      cell: (r) => (
        <span className="dash-meter" style={{ ["--dash-pct" as string]: `${completionPercent(r)}%` }}>
          {completionPercent(r)}%
        </span>
      ),
    },
    { key: "notStarted", header: "dashboard.notStarted", sort: sort("notStarted"), numeric: true, cell: (r) => r.notStartedCount },
    { key: "inProgress", header: "dashboard.inProgress", numeric: true, cell: (r) => r.inProgressCount },
    { key: "pendingReview", header: "dashboard.pendingReview", numeric: true, cell: (r) => r.pendingReviewCount },
    { key: "returned", header: "dashboard.returned", sort: sort("returned"), numeric: true, cell: (r) => r.returnedCount },
    { key: "accepted", header: "dashboard.accepted", sort: sort("accepted"), numeric: true, cell: (r) => r.acceptedCount },
    {
      key: "overdue",
      header: "dashboard.overdue",
      sort: sort("overdue"),
      numeric: true,
      cell: (r) => (r.overdueCount ? <strong className="error-text">{r.overdueCount}</strong> : 0),
    },
    { key: "problems", header: "dashboard.problems", sort: sort("problems"), numeric: true, cell: (r) => r.problemCount },
    { key: "refunded", header: "dashboard.refunded", sort: sort("refunded"), numeric: true, cell: (r) => formatFen(r.refundedFen) },
  ];
}

function countExportColumns<T extends CountsRow>(): ExportColumn<T>[] {
  return [
    { header: "dashboard.targets", width: 10, value: (r) => r.targetCount },
    { header: "dashboard.notStarted", width: 10, value: (r) => r.notStartedCount },
    { header: "dashboard.inProgress", width: 10, value: (r) => r.inProgressCount },
    { header: "dashboard.pendingReview", width: 10, value: (r) => r.pendingReviewCount },
    { header: "dashboard.returned", width: 10, value: (r) => r.returnedCount },
    { header: "dashboard.accepted", width: 10, value: (r) => r.acceptedCount },
    { header: "dashboard.overdue", width: 10, value: (r) => r.overdueCount },
    { header: "dashboard.completion", width: 10, numFmt: PERCENT_FORMAT, value: (r) => completionPercent(r) / 100 },
    { header: "dashboard.problems", width: 10, value: (r) => r.problemCount },
    { header: "dashboard.amount", width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.amountInvolvedFen) },
    { header: "dashboard.refunded", width: 16, numFmt: MONEY_FORMAT, value: (r) => yuan(r.refundedFen) },
  ];
}

/** A child region drills down to the next level; a region without children lists its institutions. */
function RegionCell({ row }: { row: RegionListRow }) {
  const [searchParams] = useSearchParams();
  const campaignId = row.campaignId;
  const kind = searchParams.get("kind");
  const kindQuery = kind ? `&kind=${kind}` : "";
  const institutions = `/reg/campaigns/${campaignId}?region=${row.code}`;
  return (
    <>
      {row.hasChildren ? (
        <Link to={`?campaign=${campaignId}&region=${row.code}${kindQuery}`}>{regionLabel(row)}</Link>
      ) : (
        <Link to={institutions}>{regionLabel(row)}</Link>
      )}
      <br />
      <small>
        {row.hasChildren ? (
          <Link to={institutions}>{t("dashboard.institutions")}</Link>
        ) : (
          <span className="muted">{t("dashboard.institutions")}</span>
        )}
      </small>
    </>
  );
}

/** Pick one institution kind, keeping the campaign and region being looked at. */
function KindCell({ row }: { row: KindListRow }) {
  return <Link to={`?campaign=${row.campaignId}&region=${row.regionCode}&kind=${row.kind}`}>{msgs().kinds[row.kind]}</Link>;
}

export const regionsList = defineList({
  filters: oversightFilters,
  sort: {
    keys: {
      region: "asc",
      targets: "desc",
      completion: "desc",
      notStarted: "desc",
      returned: "desc",
      accepted: "desc",
      overdue: "desc",
      problems: "desc",
      refunded: "desc",
    },
    default: "region",
  },
  pageSize: 50,
  rowKey: (r: RegionListRow) => r.code,
  empty: "dashboard.noRows",
  columns: [
    { key: "region", header: "dashboard.region", sort: "region", main: true, cell: (r) => <RegionCell row={r} /> },
    ...countColumns<RegionListRow>(true),
  ],
  export: {
    sheet: "dashboard.sheetRegions",
    fileName: "dashboard.fileOverview",
    columns: [{ header: "dashboard.region", width: 18, value: regionLabel }, ...countExportColumns<RegionListRow>()],
  },
});

export const kindsList = defineList({
  filters: {},
  sort: { keys: { kind: "asc" }, default: "kind" },
  pageSize: 50,
  rowKey: (r: KindListRow) => r.kind,
  empty: "dashboard.noRows",
  columns: [{ key: "kind", header: "dashboard.kind", main: true, cell: (r) => <KindCell row={r} /> }, ...countColumns<KindListRow>(false)],
  export: {
    sheet: "dashboard.sheetKinds",
    fileName: "dashboard.fileOverview",
    columns: [{ header: "dashboard.kind", width: 18, value: (r) => msgs().kinds[r.kind] }, ...countExportColumns<KindListRow>()],
  },
});
