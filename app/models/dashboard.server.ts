// The regulators' dashboards: a campaign's progress over the regulator's region subtree,
// broken down by child region and institution kind, the most reported problems and the
// overdue self-checks. Everything reads the rollups kept by the triggers of migration 0006
// (docs/decisions/009), never the answers; only the overdue list reads assessments.
import { sql, type SQL } from "drizzle-orm";
import type { CountsRow, HotspotListRow, OverdueListRow } from "~/lists/oversight";
import type { EscalationLevel, HotspotSortKey, OverdueSortKey, RegionSortKey } from "~/schemas/dashboard";
import { completionPercent } from "~/domain/dashboard";
import { pageOfRows, type ListPage } from "~/lists/define-list";
import { queryListPage, type SortOrder } from "~/lists/list-query.server";
import type { Executor } from "~/utils/db.server";
import { INSTITUTION_KINDS, type InstitutionKind } from "~/domain/vocabulary";
import { isUuid } from "~/utils/ids";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import { getRegion, inRegionSubtree, isRegionWithin, listRegionChoices } from "~/models/region.server";
import { provinceOf } from "~db/schema/province";

export const DASHBOARD_PAGE_SIZE = 50;

export type SortDir = "asc" | "desc";
export type Paging = { page?: number; pageSize?: number | "all" };

export type DashboardCampaign = {
  id: string;
  title: string;
  status: "draft" | "open" | "closed";
  regionName: string;
  selfCheckDueOn: string;
  rectificationDueOn: string;
  escalateCountyAfterDays: number;
  escalateCityAfterDays: number;
  createdAt: Date;
};

/**
 * Opened campaigns this regulator sees (the rule of listCampaignsForRegulator): issued within
 * its subtree, or targeting institutions in it. Read from the rollups, not the self-checks.
 */
async function listDashboardCampaigns(exec: Executor, scope: RegionScope, only?: string): Promise<DashboardCampaign[]> {
  const rows = await exec.execute<{
    id: string;
    title: string;
    status: DashboardCampaign["status"];
    region_name: string;
    self_check_due_on: string;
    rectification_due_on: string;
    escalate_county_after_days: number;
    escalate_city_after_days: number;
    created_at: Date;
  }>(sql`
    select c.id, c.title, c.status, r.name as region_name, c.self_check_due_on::text, c.rectification_due_on::text,
           c.escalate_county_after_days, c.escalate_city_after_days, c.created_at
    from campaigns c join regions r on r.code = c.region_code
    where c.status <> 'draft' ${only ? sql`and c.id = ${only}` : sql``}
      and (${inRegionSubtree(sql`c.region_code`, scope.regionCode)}
           or exists (select 1 from campaign_region_stats s where s.campaign_id = c.id and s.target_count > 0
                      and ${inRegionSubtree(sql`s.region_code`, scope.regionCode)}))
    order by (c.status = 'open') desc, c.created_at desc`);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    regionName: r.region_name,
    selfCheckDueOn: r.self_check_due_on,
    rectificationDueOn: r.rectification_due_on,
    escalateCountyAfterDays: r.escalate_county_after_days,
    escalateCityAfterDays: r.escalate_city_after_days,
    createdAt: new Date(r.created_at),
  }));
}

export type DashboardContext = {
  campaigns: DashboardCampaign[];
  campaign: DashboardCampaign | null;
  region: { code: string; name: string; level: string; path: string };
  /** From the regulator's own region down to the chosen one. */
  trail: { code: string; name: string }[];
};

/**
 * The campaign (the one asked for, else the newest open one) and the region (asked for, else
 * the regulator's own). 404 for a campaign not visible or a region outside the subtree.
 */
export async function resolveDashboard(
  exec: Executor,
  scope: RegionScope,
  input: { campaignId?: string; regionCode?: string },
): Promise<DashboardContext> {
  if (input.campaignId !== undefined && !isUuid(input.campaignId)) notFound();
  const regionCode = input.regionCode ?? scope.regionCode;
  if (!(await isRegionWithin(exec, scope.regionCode, regionCode))) notFound();
  const region = await getRegion(exec, regionCode);
  if (!region) notFound();
  const campaigns = await listDashboardCampaigns(exec, scope);
  let campaign: DashboardCampaign | null = campaigns[0] ?? null;
  if (input.campaignId) campaign = campaigns.find((c) => c.id === input.campaignId) ?? notFound();
  const own = await getRegion(exec, scope.regionCode);
  const codes = region.path.split("/").filter(Boolean);
  const ownIndex = codes.indexOf(own!.code);
  const trailCodes = codes.slice(ownIndex);
  // The region's ancestors are the regions whose path is a prefix of its path.
  const names = await exec.execute<{ code: string; name: string }>(
    sql`select code, name from regions where ${region.path} like path || '%'`,
  );
  const nameOf = new Map(names.map((n) => [n.code, n.name]));
  return {
    campaigns,
    campaign,
    region: { code: region.code, name: region.name, level: region.level, path: region.path },
    trail: trailCodes.map((code) => ({ code, name: nameOf.get(code) ?? code })),
  };
}

/** The counts of a region or kind (~/lists/oversight), plus the item figures behind them. */
export type StatusCounts = CountsRow & { itemCount: number; answeredCount: number; amountInvolvedFen: number };

export type RegionRow = StatusCounts & { code: string; name: string; level: string; isOwn: boolean; hasChildren: boolean };
export type KindRow = StatusCounts & { kind: InstitutionKind };

const statsColumns = sql`
  sum(s.target_count)::int as target_count,
  sum(s.not_started_count)::int as not_started_count,
  sum(s.in_progress_count)::int as in_progress_count,
  sum(s.submitted_count + s.resubmitted_count)::int as pending_review_count,
  sum(s.returned_count)::int as returned_count,
  sum(s.accepted_count)::int as accepted_count,
  sum(s.item_count)::float8 as item_count,
  sum(s.answered_count)::float8 as answered_count,
  sum(s.problem_count)::float8 as problem_count,
  sum(s.amount_involved_fen)::float8 as amount_involved_fen,
  sum(s.refunded_fen)::float8 as refunded_fen`;

type StatsSqlRow = {
  target_count: number;
  not_started_count: number;
  in_progress_count: number;
  pending_review_count: number;
  returned_count: number;
  accepted_count: number;
  item_count: number;
  answered_count: number;
  problem_count: number;
  amount_involved_fen: number;
  refunded_fen: number;
};

function toCounts(r: StatsSqlRow, overdueReturned: number, isPastDue: boolean): StatusCounts {
  return {
    targetCount: r.target_count,
    notStartedCount: r.not_started_count,
    inProgressCount: r.in_progress_count,
    pendingReviewCount: r.pending_review_count,
    returnedCount: r.returned_count,
    acceptedCount: r.accepted_count,
    completedCount: r.pending_review_count + r.accepted_count,
    // Derived at read time: every unsubmitted self-check once the due date has passed, plus
    // the returned ones past their rework date (counted from the few returned rows).
    overdueCount: (isPastDue ? r.not_started_count + r.in_progress_count : 0) + overdueReturned,
    itemCount: r.item_count,
    answeredCount: r.answered_count,
    problemCount: r.problem_count,
    amountInvolvedFen: r.amount_involved_fen,
    refundedFen: r.refunded_fen,
  };
}

function emptyCounts(): StatusCounts {
  return toCounts(
    {
      target_count: 0,
      not_started_count: 0,
      in_progress_count: 0,
      pending_review_count: 0,
      returned_count: 0,
      accepted_count: 0,
      item_count: 0,
      answered_count: 0,
      problem_count: 0,
      amount_involved_fen: 0,
      refunded_fen: 0,
    },
    0,
    false,
  );
}

export { completionPercent };

/** `path like '<region path>%'`: the rollup row's region lies in the chosen subtree. */
function inPath(column: SQL, path: string) {
  return sql`${column} like ${`${path}%`}`;
}

/** The key a region row groups under: the child of the chosen region its region lies in (or itself). */
function childKey(path: string) {
  const depth = path.split("/").filter(Boolean).length;
  return sql`coalesce(nullif(split_part(r.path, '/', ${depth + 2}), ''), split_part(r.path, '/', ${depth + 1}))`;
}

export type OverviewFilter = { kind?: InstitutionKind; sort?: RegionSortKey; dir?: SortDir } & Paging;

/**
 * A campaign over one region of the regulator's subtree: totals, one row per child region
 * (and one for institutions directly under the region), one per institution kind, and the
 * submissions per Beijing day. `ctx` comes from resolveDashboard (campaign and region checked).
 */
export async function getRegionOverview(exec: Executor, ctx: DashboardContext, filter: OverviewFilter, today: string) {
  const campaign = ctx.campaign;
  if (!campaign) return null;
  const path = ctx.region.path;
  const isPastDue = today > campaign.selfCheckDueOn;
  const kindCond = filter.kind ? sql`and s.institution_kind = ${filter.kind}` : sql``;
  const key = childKey(path);

  const [regionRows, kindRows, overdueRows, dayRows, childRegions] = await Promise.all([
    exec.execute<StatsSqlRow & { code: string }>(sql`
      select ${key} as code, ${statsColumns}
      from campaign_region_stats s join regions r on r.code = s.region_code
      where s.province_code = ${provinceOf(ctx.region.code)} and s.campaign_id = ${campaign.id} and ${inPath(sql`r.path`, path)} ${kindCond}
      group by 1`),
    exec.execute<StatsSqlRow & { kind: InstitutionKind }>(sql`
      select s.institution_kind as kind, ${statsColumns}
      from campaign_region_stats s join regions r on r.code = s.region_code
      where s.province_code = ${provinceOf(ctx.region.code)} and s.campaign_id = ${campaign.id} and ${inPath(sql`r.path`, path)} ${kindCond}
      group by 1`),
    // Returned self-checks past their rework date, by child region and kind (few rows).
    exec.execute<{ code: string; kind: InstitutionKind; n: number }>(sql`
      select ${key} as code, t.institution_kind as kind, count(*)::int as n
      from assessments a
      join regions r on r.code = a.region_code
      join campaign_targets t on t.campaign_id = a.campaign_id and t.institution_id = a.institution_id
      where a.province_code = ${provinceOf(ctx.region.code)} and a.campaign_id = ${campaign.id} and a.status = 'returned' and a.rework_due_on < ${today}::date
        and ${inPath(sql`r.path`, path)} ${filter.kind ? sql`and t.institution_kind = ${filter.kind}` : sql``}
      group by 1, 2`),
    exec.execute<{ day: string; first: number; again: number }>(sql`
      select d.day::text as day, sum(d.first_submissions)::int as first, sum(d.resubmissions)::int as again
      from campaign_submission_days d join regions r on r.code = d.region_code
      where d.province_code = ${provinceOf(ctx.region.code)} and d.campaign_id = ${campaign.id} and ${inPath(sql`r.path`, path)}
      group by 1 order by 1`),
    exec.execute<{ code: string; name: string; level: string; has_children: boolean }>(sql`
      select r.code, r.name, r.level, exists (select 1 from regions k where k.parent_code = r.code) as has_children
      from regions r where r.code = ${ctx.region.code} or r.parent_code = ${ctx.region.code}`),
  ]);

  const regionInfo = new Map(childRegions.map((r) => [r.code, r]));
  const overdueByCode = new Map<string, number>();
  const overdueByKind = new Map<string, number>();
  for (const o of overdueRows) {
    overdueByCode.set(o.code, (overdueByCode.get(o.code) ?? 0) + o.n);
    overdueByKind.set(o.kind, (overdueByKind.get(o.kind) ?? 0) + o.n);
  }
  const allRegionRows: RegionRow[] = regionRows
    .filter((r) => r.target_count > 0)
    .map((r) => {
      const info = regionInfo.get(r.code);
      return {
        ...toCounts(r, overdueByCode.get(r.code) ?? 0, isPastDue),
        code: r.code,
        name: info?.name ?? r.code,
        level: info?.level ?? "county",
        isOwn: r.code === ctx.region.code,
        hasChildren: r.code !== ctx.region.code && Boolean(info?.has_children),
      };
    });
  const totals = allRegionRows.reduce((sum, r) => addCounts(sum, r), emptyCounts());
  const byKind: KindRow[] = kindRows
    .filter((r) => r.target_count > 0)
    .map((r) => ({ ...toCounts(r, overdueByKind.get(r.kind) ?? 0, isPastDue), kind: r.kind }))
    .sort((a, b) => INSTITUTION_KINDS.indexOf(a.kind) - INSTITUTION_KINDS.indexOf(b.kind));

  const sorted = sortRegionRows(
    allRegionRows,
    filter.sort ?? "region",
    filter.dir ?? (filter.sort && filter.sort !== "region" ? "desc" : "asc"),
  );
  const paged = pageOfRows(sorted, listQueryOf(filter, "region", "asc"));
  let cumulative = 0;
  const submissionsByDay = dayRows.map((d) => {
    cumulative += d.first;
    return { day: d.day, first: d.first, again: d.again, cumulative };
  });
  return { totals, regions: paged, byKind, submissionsByDay, isPastDue, regionCount: allRegionRows.length };
}

function addCounts(a: StatusCounts, b: StatusCounts): StatusCounts {
  const out = { ...a };
  for (const k of Object.keys(a) as (keyof StatusCounts)[]) out[k] = a[k] + b[k];
  return out;
}

function sortRegionRows(rows: RegionRow[], key: RegionSortKey, dir: SortDir) {
  const value = (r: RegionRow): number | string => {
    switch (key) {
      case "region":
        return r.code;
      case "targets":
        return r.targetCount;
      case "completion":
        return completionPercent(r);
      case "notStarted":
        return r.notStartedCount;
      case "returned":
        return r.returnedCount;
      case "accepted":
        return r.acceptedCount;
      case "overdue":
        return r.overdueCount;
      case "problems":
        return r.problemCount;
      case "refunded":
        return r.refundedFen;
    }
  };
  const sign = dir === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
}

export type Page<T> = ListPage<T>;

/** The kit's query of a page (or, with pageSize "all", of every row for the export). */
function listQueryOf<S extends string>(filter: { sort?: S; dir?: SortDir } & Paging, sort: S, dir: SortDir) {
  return {
    sort: filter.sort ?? sort,
    dir: filter.dir ?? dir,
    page: filter.page ?? 1,
    pageSize: filter.pageSize === "all" ? Number.MAX_SAFE_INTEGER : (filter.pageSize ?? DASHBOARD_PAGE_SIZE),
  };
}

// ---------------------------------------------------------------------------------------------
// Hot spots: the checklist items most often reported as problems.
// ---------------------------------------------------------------------------------------------

export type HotspotFilter = { kind?: InstitutionKind; sort?: HotspotSortKey; dir?: SortDir } & Paging;

/** `targetCount`: institutions the item applies to in the chosen region and kind. */
export type HotspotRow = HotspotListRow;

export async function listHotspots(
  exec: Executor,
  ctx: DashboardContext,
  filter: HotspotFilter,
): Promise<Page<HotspotRow> & { totals: { problemCount: number; amountInvolvedFen: number; refundedFen: number } }> {
  const campaign = ctx.campaign;
  const empty = { rows: [], total: 0, page: 1, pageCount: 1, totals: { problemCount: 0, amountInvolvedFen: 0, refundedFen: 0 } };
  if (!campaign) return empty;
  const path = ctx.region.path;
  const kindCond = filter.kind ? sql`and s.institution_kind = ${filter.kind}` : sql``;
  const orderBy: Record<HotspotSortKey, SortOrder> = {
    problems: [sql`problem_count`],
    cases: [sql`case_count`],
    amount: [sql`amount_involved_fen`],
    refunded: [sql`refunded_fen`],
    share: (dir) => sql`problem_count::float8 / nullif(target_count, 0) ${dir} nulls last`,
    code: [sql`position`],
  };
  const base = sql`
    with hot as (
      select s.checklist_item_id, sum(s.problem_count)::int as problem_count, sum(s.case_count)::float8 as case_count,
             sum(s.amount_involved_fen)::float8 as amount_involved_fen, sum(s.refunded_fen)::float8 as refunded_fen
      from campaign_item_stats s join regions r on r.code = s.region_code
      where s.province_code = ${provinceOf(ctx.region.code)} and s.campaign_id = ${campaign.id} and ${inPath(sql`r.path`, path)} ${kindCond}
      group by 1 having sum(s.problem_count) > 0
    ),
    kinds as (
      select s.institution_kind, sum(s.target_count)::int as n
      from campaign_region_stats s join regions r on r.code = s.region_code
      where s.province_code = ${provinceOf(ctx.region.code)} and s.campaign_id = ${campaign.id} and ${inPath(sql`r.path`, path)} ${kindCond}
      group by 1
    ),
    rows as (
      select hot.*, ci.code, ci.title, ci.section, ci.position,
             (select coalesce(sum(k.n), 0)::int from kinds k where ci.applies_to @> array[k.institution_kind]::text[]) as target_count
      from hot join checklist_items ci on ci.id = hot.checklist_item_id
    )`;
  type Row = {
    checklist_item_id: string;
    code: string;
    title: string;
    section: string;
    problem_count: number;
    target_count: number;
    case_count: number;
    amount_involved_fen: number;
    refunded_fen: number;
  };
  let totals = empty.totals;
  const page = await queryListPage(exec, listQueryOf(filter, "problems", filter.sort === "code" ? "asc" : "desc"), {
    count: sql`${base} select count(*)::int as total, coalesce(sum(problem_count), 0)::float8 as problems,
      coalesce(sum(amount_involved_fen), 0)::float8 as amount, coalesce(sum(refunded_fen), 0)::float8 as refunded from rows`,
    onCount: (r) => {
      totals = { problemCount: r.problems, amountInvolvedFen: r.amount, refundedFen: r.refunded };
    },
    rows: ({ order, limit }) => sql`${base} select rows.* from rows order by ${order} ${limit}`,
    orderBy,
    tiebreak: sql`code, checklist_item_id`,
    map: (r: Row) => ({
      checklistItemId: r.checklist_item_id,
      code: r.code,
      title: r.title,
      section: r.section,
      problemCount: r.problem_count,
      targetCount: r.target_count,
      caseCount: r.case_count,
      amountInvolvedFen: r.amount_involved_fen,
      refundedFen: r.refunded_fen,
    }),
  });
  return { ...page, totals };
}

// ---------------------------------------------------------------------------------------------
// Overdue self-checks.
// ---------------------------------------------------------------------------------------------

export type OverdueFilter = { kind?: InstitutionKind; level?: EscalationLevel; sort?: OverdueSortKey; dir?: SortDir } & Paging;

export type OverdueRow = OverdueListRow & { lastReminderAt: Date | null };

/**
 * Self-checks past their date in the chosen region: unsubmitted after the campaign's due
 * date, or returned and not resubmitted by the rework date. The escalation level follows the
 * campaign's thresholds; the last reminder is the newest notice its officers got about it.
 */
export async function listOverdue(exec: Executor, ctx: DashboardContext, filter: OverdueFilter, today: string): Promise<Page<OverdueRow>> {
  const campaign = ctx.campaign;
  if (!campaign) return { rows: [], total: 0, page: 1, pageCount: 1 };
  const levelCond: Record<EscalationLevel, SQL> = {
    none: sql`o.days_overdue < ${campaign.escalateCountyAfterDays}`,
    county: sql`o.days_overdue >= ${campaign.escalateCountyAfterDays} and o.days_overdue < ${campaign.escalateCityAfterDays}`,
    city: sql`o.days_overdue >= ${campaign.escalateCityAfterDays}`,
  };
  const base = sql`
    with o as (
      select a.id, a.status, a.answered_count, a.item_count, a.institution_id, t.institution_name, t.institution_kind, r.name as region_name, r.path,
             case when a.status = 'returned' then a.rework_due_on else c.self_check_due_on end as due_on,
             ${today}::date - case when a.status = 'returned' then a.rework_due_on else c.self_check_due_on end as days_overdue
      from assessments a
      join campaigns c on c.id = a.campaign_id
      join campaign_targets t on t.campaign_id = a.campaign_id and t.institution_id = a.institution_id
      join regions r on r.code = a.region_code
      where a.province_code = ${provinceOf(ctx.region.code)} and a.campaign_id = ${campaign.id} and ${inPath(sql`r.path`, ctx.region.path)}
        and ((a.status in ('not_started', 'in_progress') and c.self_check_due_on < ${today}::date)
          or (a.status = 'returned' and a.rework_due_on < ${today}::date))
        ${filter.kind ? sql`and t.institution_kind = ${filter.kind}` : sql``}
    )`;
  const where = filter.level ? sql`where ${levelCond[filter.level]}` : sql``;
  const orderBy: Record<OverdueSortKey, SortOrder> = {
    days: (dir) => sql`o.days_overdue ${dir}, o.path, o.institution_name`,
    institution: [sql`o.institution_name`],
    region: (dir) => sql`o.path ${dir}, o.institution_name`,
    status: (dir) => sql`o.status ${dir}, o.days_overdue desc, o.institution_name`,
  };
  type Row = {
    id: string;
    status: OverdueRow["status"];
    answered_count: number;
    item_count: number;
    institution_name: string;
    institution_kind: InstitutionKind;
    region_name: string;
    due_on: string;
    days_overdue: number;
    last_reminder_at: Date | null;
  };
  return queryListPage(exec, listQueryOf(filter, "days", filter.sort && filter.sort !== "days" ? "asc" : "desc"), {
    count: sql`${base} select count(*)::int as total from o ${where}`,
    rows: ({ order, limit }) => sql`
      ${base}
      select o.id, o.status, o.answered_count, o.item_count, o.institution_name, o.institution_kind, o.region_name,
             o.due_on::text as due_on, o.days_overdue,
             (select max(n.created_at) from users u join notifications n on n.recipient_id = u.id
               where u.institution_id = o.institution_id and u.role = 'officer'
                 and n.kind in ('due_soon', 'overdue') and n.payload->>'assessmentId' = o.id::text) as last_reminder_at
      from o ${where}
      order by ${order}
      ${limit}`,
    orderBy,
    tiebreak: sql`o.id`,
    map: (r: Row): OverdueRow => ({
      assessmentId: r.id,
      institutionName: r.institution_name,
      kind: r.institution_kind,
      regionName: r.region_name,
      status: r.status,
      dueOn: r.due_on,
      daysOverdue: r.days_overdue,
      level:
        r.days_overdue >= campaign.escalateCityAfterDays ? "city" : r.days_overdue >= campaign.escalateCountyAfterDays ? "county" : "none",
      answeredCount: r.answered_count,
      itemCount: r.item_count,
      lastReminderAt: r.last_reminder_at ? new Date(r.last_reminder_at) : null,
    }),
  });
}

// ---------------------------------------------------------------------------------------------
// One call per page: the campaign and region checked against the scope, then the table.
// `all` (the .xlsx export) returns every row of the same filter instead of one page.
// ---------------------------------------------------------------------------------------------

type PageQuery = { campaign?: string; region?: string; kind?: InstitutionKind; dir?: SortDir; page?: number };

export async function loadOverviewPage(
  exec: Executor,
  scope: RegionScope,
  q: PageQuery & { sort?: RegionSortKey },
  today: string,
  all = false,
) {
  const ctx = await resolveDashboard(exec, scope, { campaignId: q.campaign, regionCode: q.region });
  const overview = await getRegionOverview(
    exec,
    ctx,
    { kind: q.kind, sort: q.sort, dir: q.dir, page: q.page, pageSize: all ? "all" : undefined },
    today,
  );
  return { ctx, overview };
}

export async function loadHotspotsPage(exec: Executor, scope: RegionScope, q: PageQuery & { sort?: HotspotSortKey }, all = false) {
  const ctx = await resolveDashboard(exec, scope, { campaignId: q.campaign, regionCode: q.region });
  const hotspots = await listHotspots(exec, ctx, {
    kind: q.kind,
    sort: q.sort,
    dir: q.dir,
    page: q.page,
    pageSize: all ? "all" : undefined,
  });
  return { ctx, hotspots };
}

export async function loadOverduePage(
  exec: Executor,
  scope: RegionScope,
  q: PageQuery & { sort?: OverdueSortKey; level?: EscalationLevel },
  today: string,
  all = false,
) {
  const ctx = await resolveDashboard(exec, scope, { campaignId: q.campaign, regionCode: q.region });
  const overdue = await listOverdue(
    exec,
    ctx,
    { kind: q.kind, level: q.level, sort: q.sort, dir: q.dir, page: q.page, pageSize: all ? "all" : undefined },
    today,
  );
  return { ctx, overdue };
}

const campaignChoices = (ctx: DashboardContext) => ctx.campaigns.map((c) => ({ id: c.id, title: c.title, regionName: c.regionName }));

/** The hot-spots page: the chosen campaign and region, one page of hot spots, the regions to filter by. */
export async function getHotspotsPage(exec: Executor, scope: RegionScope, q: PageQuery & { sort?: HotspotSortKey }) {
  const [{ ctx, hotspots }, regions] = await Promise.all([loadHotspotsPage(exec, scope, q), listRegionChoices(exec, scope)]);
  return { campaigns: campaignChoices(ctx), campaign: ctx.campaign, region: ctx.region, hotspots, regions };
}

/** The overdue page: the chosen campaign and region, one page of overdue self-checks, the regions to filter by. */
export async function getOverduePage(
  exec: Executor,
  scope: RegionScope,
  q: PageQuery & { sort?: OverdueSortKey; level?: EscalationLevel },
  today: string,
) {
  const [{ ctx, overdue }, regions] = await Promise.all([loadOverduePage(exec, scope, q, today), listRegionChoices(exec, scope)]);
  return { campaigns: campaignChoices(ctx), campaign: ctx.campaign, region: ctx.region, overdue, regions };
}
