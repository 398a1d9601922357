// The clue verification ledger (线索核查台账): batches imported from the upper bureau's file,
// complaints registered by a bureau, dispatch down the region tree, institutions' answers per
// suspicious record (versioned, frozen once submitted), review, closure (办结销号).
//
// Tenancy: a regulator reaches a clue whose handling bureau lies in its subtree; an institution
// reaches its own clues once they are with its bureau. The complainant's identity is read only by
// the handlers of the bureau that registered the complaint. Every hot query filters by
// province_code first (the ledger's distribution key).
import { sql, type SQL } from "drizzle-orm";
import ExcelJS from "exceljs";
import {
  AGE_BUCKET_BOUNDS,
  CLUE_AGE_BUCKETS,
  CROSS_CHECK_AFTER_DAYS,
  isClueOverdue,
  maskIdNumber,
  maskName,
  maskPhone,
  provinceOf,
  type AnswerState,
  type ClueAnswerEntry,
  type ClueRecordFields,
  type ClueResult,
  type ClueRisk,
  type ClueSource,
  type ClueStatus,
} from "~/domain/clues";
import type {
  BoardChildRow,
  BoardInstitutionRow,
  BoardInstitutionSortKey,
  BoardInstitutionsQuery,
  ClueListQuery,
  ClueListRow,
  ClueSortKey,
  FlaggedClueRow,
  InstitutionClueListQuery,
} from "~/lists/clues";
import { queryListAll, queryListPage, type SortOrder } from "~/lists/list-query.server";
import type { ClueAnswerData, ClueCloseData, ComplaintData } from "~/schemas/clue";
import type { Executor } from "~/utils/db.server";
import { xlsxFile } from "~/utils/download.server";
import { msgs, t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { notFound, type InstitutionScope, type RegionScope, type Scope } from "~/utils/permissions.server";
import { openPii, sealPii, type PiiField } from "~/utils/pii.server";
import type { EvidenceStorage } from "~/utils/storage.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";
import type { ReceivedFile, RejectedFile } from "~/utils/upload.server";
import { recordAudit } from "~/models/audit.server";
import { findChecklistItemId } from "~/models/clue-checklist-item.server";
import { recordNewClueNotices } from "~/models/clue-notice.server";
import { inRegionSubtree } from "~/models/region.server";
import { recomputeRisk } from "~/models/risk.server";
import { openStoredFile, receiveAndAttach, type FileOwnerKind } from "~/models/stored-file.server";

const C = () => msgs().clues;
export const MAX_CLUE_FILE_MB = 50;
export const RECORDS_PAGE_SIZE = 50;

type FieldErrors = Record<string, string>;
export type ActionResult<T = object> = ({ ok: true } & T) | { ok: false; fieldErrors: FieldErrors };
const fail = (fieldErrors: FieldErrors) => ({ ok: false as const, fieldErrors });

// ——— scope conditions ———

/** The clue (alias c) is with a bureau inside the regulator's subtree. */
function regionSees(scope: RegionScope) {
  return sql`c.province_code = ${provinceOf(scope.regionCode)} and ${inRegionSubtree(sql`c.handler_region_code`, scope.regionCode)}`;
}

/** The clue (alias c) is the institution's, and with its bureau (or closed). */
function institutionSees(scope: InstitutionScope) {
  return sql`c.province_code = (select left(i.region_code, 2) from institutions i where i.id = ${scope.institutionId})
    and c.institution_id = ${scope.institutionId} and c.status in ('verifying', 'closed')`;
}

const sees = (scope: Scope) => (scope.kind === "region" ? regionSees(scope) : institutionSees(scope));

type ClueHeader = {
  id: string;
  provinceCode: string;
  status: ClueStatus;
  handlerRegionCode: string;
  subjectRegionCode: string;
  registeredRegionCode: string;
  institutionId: string | null;
  dueOn: string;
};

/** The clue if the scope reaches it (locked for update when asked); 404 otherwise. */
async function requireClue(exec: Executor, scope: Scope, clueId: string, lock = false): Promise<ClueHeader> {
  if (!isUuid(clueId)) notFound();
  const [row] = await exec.execute<ClueHeader>(sql`
    select c.id, c.province_code as "provinceCode", c.status, c.handler_region_code as "handlerRegionCode",
           c.subject_region_code as "subjectRegionCode", c.registered_region_code as "registeredRegionCode",
           c.institution_id as "institutionId", c.due_on::text as "dueOn"
    from clues c where c.id = ${clueId} and ${sees(scope)} ${lock ? sql`for update of c` : sql``}`);
  return row ?? notFound();
}

// ——— list pages ———

/** Whole local days since the clue was registered. */
const ageDays = sql`((now() at time zone 'Asia/Shanghai')::date - (c.created_at at time zone 'Asia/Shanghai')::date)`;
/** 列入交叉检查: a high-risk clue open past CROSS_CHECK_AFTER_DAYS (alias c). */
const isFlagged = sql`c.status <> 'closed' and c.risk_level = 'high' and ${ageDays} > ${CROSS_CHECK_AFTER_DAYS}`;
/** An open clue past its due date (alias c). */
const isOpenOverdue = sql`c.status <> 'closed' and c.due_on < (now() at time zone 'Asia/Shanghai')::date`;

type ClueListFilter = Partial<Omit<ClueListQuery, "sort" | "dir" | "page" | "pageSize">>;

function listConditions(filter: ClueListFilter) {
  const parts = [sql`true`];
  if (filter.status) parts.push(sql`c.status = ${filter.status}`);
  if (filter.source) parts.push(sql`c.source = ${filter.source}`);
  if (filter.risk) parts.push(sql`c.risk_level = ${filter.risk}`);
  if (filter.region) parts.push(inRegionSubtree(sql`c.subject_region_code`, filter.region));
  if (filter.age) {
    const [from, to] = AGE_BUCKET_BOUNDS[filter.age];
    parts.push(sql`c.status <> 'closed' and ${ageDays} between ${from} and ${to}`);
  }
  if (filter.overdue) parts.push(isOpenOverdue);
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    parts.push(sql`(i.name ilike ${like} or i.nhsa_code ilike ${like} or c.rule_name ilike ${like} or c.rule_code ilike ${like})`);
  }
  return sql.join(parts, sql` and `);
}

type RawClueListRow = Omit<ClueListRow, "amountFen" | "recoveredFen" | "isOverdue"> & { amountFen: string; recoveredFen: string | null };

/** The clue list's SQL for the list kit: the scope's clues under the filters, in a whitelisted order. */
function clueListSql(scopeCondition: SQL, filter: ClueListFilter) {
  const where = sql`${scopeCondition} and ${listConditions(filter)}`;
  const now = new Date();
  return {
    count: sql`select count(*)::int as total from clues c left join institutions i on i.id = c.institution_id where ${where}`,
    rows: ({ order, limit }: { order: SQL; limit: SQL }) => sql`
      select c.id, c.source, c.status, c.risk_level as "riskLevel", c.rule_name as "ruleName", c.summary, i.name as "institutionName",
             i.nhsa_code as "nhsaCode", sr.name as "subjectRegionName", hr.name as "handlerRegionName",
             c.record_count as "recordCount", c.amount_fen as "amountFen", c.due_on::text as "dueOn", c.result,
             c.recovered_fen as "recoveredFen",
             (select count(*) filter (where r.answer_state in ('submitted', 'accepted'))::int from clue_records r
               where r.province_code = c.province_code and r.clue_id = c.id) as "answeredCount",
             (select count(*) filter (where r.answer_state = 'accepted')::int from clue_records r
               where r.province_code = c.province_code and r.clue_id = c.id) as "acceptedCount"
      from clues c
      left join institutions i on i.id = c.institution_id
      join regions sr on sr.code = c.subject_region_code
      join regions hr on hr.code = c.handler_region_code
      where ${where}
      order by ${order}
      ${limit}`,
    orderBy: {
      due: (dir: SQL) => sql`(c.status = 'closed'), c.due_on ${dir}, c.created_at desc`,
      newest: [sql`c.created_at`],
      amount: [sql`c.amount_fen`],
      records: [sql`c.record_count`],
      institution: (dir: SQL) => sql`i.name ${dir} nulls last, c.due_on`,
    } satisfies Record<ClueSortKey, SortOrder>,
    tiebreak: sql`c.id`,
    map: (r: RawClueListRow): ClueListRow => ({
      ...r,
      amountFen: Number(r.amountFen),
      recoveredFen: r.recoveredFen === null ? null : Number(r.recoveredFen),
      isOverdue: isClueOverdue(r, now),
    }),
  };
}

/** The `levels` rows of the roll-ups: the region itself (is_own) and each region one level below. */
const ownAndChildRegions = (regionCode: string) => sql`
  select r.code, r.name, r.path, true as is_own from regions r where r.code = ${regionCode}
  union all
  select r.code, r.name, r.path, false from regions r where r.parent_code = ${regionCode}`;

/** Progress of the regulator's own bureau and each bureau one level below, over their subtrees. */
async function progressByLevel(exec: Executor, scope: RegionScope) {
  const rows = await exec.execute<{
    code: string;
    name: string;
    isOwn: boolean;
    total: number;
    pending: number;
    verifying: number;
    closed: number;
    overdue: number;
    confirmed: number;
    recoveredFen: string;
  }>(sql`
    with levels as (${ownAndChildRegions(scope.regionCode)})
    select l.code, l.name, l.is_own as "isOwn",
           count(c.id)::int as total,
           count(c.id) filter (where c.status = 'pending')::int as pending,
           count(c.id) filter (where c.status = 'verifying')::int as verifying,
           count(c.id) filter (where c.status = 'closed')::int as closed,
           count(c.id) filter (where c.status <> 'closed' and c.due_on < (now() at time zone 'Asia/Shanghai')::date)::int as overdue,
           count(c.id) filter (where c.result = 'confirmed')::int as confirmed,
           coalesce(sum(c.recovered_fen), 0)::bigint as "recoveredFen"
    from levels l
    left join regions hr on hr.path like l.path || '%'
    left join clues c on c.province_code = ${provinceOf(scope.regionCode)} and c.handler_region_code = hr.code
    group by l.code, l.name, l.is_own, l.path
    order by l.is_own desc, l.path`);
  return rows.map((r) => ({ ...r, recoveredFen: Number(r.recoveredFen) }));
}

/** The regulator's ledger page: one page of clues, progress by level, filter choices. */
export async function getCluesPage(exec: Executor, scope: RegionScope, query: ClueListQuery) {
  const [list, progress, regionChoices, [{ pendingHere }]] = await Promise.all([
    queryListPage(exec, query, clueListSql(regionSees(scope), query)),
    progressByLevel(exec, scope),
    exec.execute<{ code: string; name: string; depth: number }>(sql`
      select r.code, r.name, (length(r.path) - length(replace(r.path, '/', ''))) - (length(p.path) - length(replace(p.path, '/', ''))) as depth
      from regions r, regions p where p.code = ${scope.regionCode} and r.path like p.path || '%' order by r.path`),
    exec.execute<{ pendingHere: number }>(sql`
      select count(*)::int as "pendingHere" from clues c
      where c.province_code = ${provinceOf(scope.regionCode)} and c.handler_region_code = ${scope.regionCode}
        and c.status = 'pending' and c.subject_region_code <> c.handler_region_code`),
  ]);
  return { list, progress, regions: [...regionChoices], pendingHere };
}

/** The ledger's rows for its .xlsx export (the list's filters and order, bounded by the kit). No complainant is read. */
export async function listCluesForExport(exec: Executor, scope: RegionScope, query: ClueListQuery) {
  return queryListAll(exec, query, clueListSql(regionSees(scope), query));
}

/** The board's region: the regulator's own, or one in its subtree; 404 otherwise. */
async function requireBoardRegion(exec: Executor, scope: RegionScope, regionCode: string | undefined) {
  const [root] = await exec.execute<{ code: string; name: string; path: string }>(sql`
    select r.code, r.name, r.path from regions r
    where r.code = ${regionCode ?? scope.regionCode} and ${inRegionSubtree(sql`r.code`, scope.regionCode)}`);
  return root ?? notFound();
}

/** Open clues with a bureau under the board's region (alias c). */
const openUnder = (scope: RegionScope, regionCode: string) =>
  sql`c.province_code = ${provinceOf(scope.regionCode)} and c.status <> 'closed' and ${inRegionSubtree(sql`c.handler_region_code`, regionCode)}`;

/** Open clues by institution under the board's region, for the list kit. */
function boardInstitutionsSql(openHere: SQL) {
  const from = sql`from clues c join institutions i on i.id = c.institution_id where ${openHere}`;
  return {
    count: sql`select count(distinct c.institution_id)::int as total ${from}`,
    rows: ({ order, limit }: { order: SQL; limit: SQL }) => sql`
      select i.id, i.name, i.nhsa_code as "nhsaCode", count(*)::int as open,
             count(*) filter (where c.due_on < (now() at time zone 'Asia/Shanghai')::date)::int as overdue,
             count(*) filter (where c.risk_level = 'high')::int as high
      ${from}
      group by i.id, i.name, i.nhsa_code
      order by ${order}
      ${limit}`,
    orderBy: {
      overdue: (dir: SQL) => sql`overdue ${dir}, open desc, i.name`,
      open: (dir: SQL) => sql`open ${dir}, i.name`,
      high: (dir: SQL) => sql`high ${dir}, open desc, i.name`,
      name: [sql`i.name`],
    } satisfies Record<BoardInstitutionSortKey, SortOrder>,
    tiebreak: sql`i.id`,
    map: (r: BoardInstitutionRow) => r,
  };
}

/** The board's by-institution table as .xlsx rows (the board's region, bounded by the kit). */
export async function listBoardInstitutionsForExport(exec: Executor, scope: RegionScope, query: BoardInstitutionsQuery) {
  const root = await requireBoardRegion(exec, scope, query.region);
  return queryListAll(exec, query, boardInstitutionsSql(openUnder(scope, root.code)));
}

/**
 * The 限期清零 board of a region (the regulator's own, or one below it): open clues by age bucket
 * and risk, by child region and by institution (a page of the list kit), overdue counts, and the
 * high-risk clues open past CROSS_CHECK_AFTER_DAYS flagged for cross-inspection (列入交叉检查).
 */
export async function getClueBoardPage(exec: Executor, scope: RegionScope, query: BoardInstitutionsQuery) {
  const root = await requireBoardRegion(exec, scope, query.region);
  const p = provinceOf(scope.regionCode);
  const openHere = openUnder(scope, root.code);
  const overdue = sql`c.due_on < (now() at time zone 'Asia/Shanghai')::date`;
  const bucket = sql.join(
    [
      sql`case`,
      ...CLUE_AGE_BUCKETS.map((b) => sql`when ${ageDays} between ${AGE_BUCKET_BOUNDS[b][0]} and ${AGE_BUCKET_BOUNDS[b][1]} then ${b}`),
      sql`end`,
    ],
    sql` `,
  );
  const [matrix, children, byInstitution, flagged] = await Promise.all([
    exec.execute<{ bucket: string; risk: ClueRisk; n: number; overdue: number }>(sql`
      select ${bucket} as bucket, c.risk_level as risk, count(*)::int as n, count(*) filter (where ${overdue})::int as overdue
      from clues c where ${openHere} group by 1, 2`),
    exec.execute<BoardChildRow>(sql`
      select r.code, r.name, count(c.id)::int as open, count(c.id) filter (where ${overdue})::int as overdue,
             count(c.id) filter (where ${isFlagged})::int as flagged
      from regions r
      left join regions hr on hr.path like r.path || '%'
      left join clues c on c.province_code = ${p} and c.handler_region_code = hr.code and c.status <> 'closed'
      where r.parent_code = ${root.code}
      group by r.code, r.name, r.path order by r.path`),
    queryListPage(exec, query, boardInstitutionsSql(openHere)),
    exec.execute<FlaggedClueRow>(sql`
      select c.id, c.institution_id as "institutionId", i.name as "institutionName", c.rule_name as "ruleName",
             ${ageDays}::int as "ageDays", c.due_on::text as "dueOn",
             exists (select 1 from sample_must_includes m where m.clue_id = c.id) as "isMustInclude"
      from clues c left join institutions i on i.id = c.institution_id
      where ${openHere} and ${isFlagged}
      order by c.created_at, c.id limit 50`),
  ]);
  const cell = (b: string, r: ClueRisk) => matrix.find((m) => m.bucket === b && m.risk === r) ?? { n: 0, overdue: 0 };
  return {
    region: { code: root.code, name: root.name, isOwn: root.code === scope.regionCode },
    matrix: CLUE_AGE_BUCKETS.map((b) => ({
      bucket: b,
      cells: (["high", "medium", "low"] as const).map((r) => ({ risk: r, ...cell(b, r) })),
    })),
    totals: { open: matrix.reduce((s, m) => s + m.n, 0), overdue: matrix.reduce((s, m) => s + m.overdue, 0) },
    children: [...children],
    byInstitution,
    flagged: [...flagged],
    crossCheckAfterDays: CROSS_CHECK_AFTER_DAYS,
  };
}

/** The institution's clues. */
export async function getInstitutionCluesPage(exec: Executor, scope: InstitutionScope, query: InstitutionClueListQuery) {
  return { list: await queryListPage(exec, query, clueListSql(institutionSees(scope), query)) };
}

// ——— one clue ———

type RecordRow = ClueRecordFields & { answerVersion: number };

type AnswerRow = ClueAnswerEntry;

/** Everything the clue page shows, for a regulator or the institution. */
export async function getCluePage(exec: Executor, scope: Scope, clueId: string, recordPage = 1) {
  const header = await requireClue(exec, scope, clueId);
  const p = header.provinceCode;
  const [[clue], [counts], files, chain] = await Promise.all([
    exec.execute<{
      id: string;
      source: ClueSource;
      status: ClueStatus;
      riskLevel: ClueRisk;
      ruleCode: string;
      ruleName: string;
      summary: string;
      amountFen: string;
      recordCount: number;
      dueOn: string;
      result: ClueResult | null;
      recoveredFen: string | null;
      penaltyFen: string | null;
      transferTarget: string | null;
      transferOn: string | null;
      closingNote: string | null;
      closedAt: string | null;
      institutionName: string | null;
      nhsaCode: string | null;
      subjectRegionName: string;
      handlerRegionName: string;
      registeredRegionName: string;
      batchName: string | null;
      docNo: string | null;
      checklistItemTitle: string | null;
    }>(sql`
      select c.id, c.source, c.status, c.risk_level as "riskLevel", c.rule_code as "ruleCode", c.rule_name as "ruleName", c.summary,
             c.amount_fen as "amountFen", c.record_count as "recordCount", c.due_on::text as "dueOn", c.result,
             c.recovered_fen as "recoveredFen", c.penalty_fen as "penaltyFen", c.transfer_target as "transferTarget",
             c.transfer_on::text as "transferOn", c.closing_note as "closingNote", c.closed_at as "closedAt",
             i.name as "institutionName", i.nhsa_code as "nhsaCode", sr.name as "subjectRegionName", hr.name as "handlerRegionName",
             rr.name as "registeredRegionName", b.name as "batchName", b.doc_no as "docNo", ci.title as "checklistItemTitle"
      from clues c
      left join institutions i on i.id = c.institution_id
      join regions sr on sr.code = c.subject_region_code
      join regions hr on hr.code = c.handler_region_code
      join regions rr on rr.code = c.registered_region_code
      left join clue_batches b on b.id = c.batch_id
      left join checklist_items ci on ci.id = c.checklist_item_id
      where c.id = ${clueId}`),
    exec.execute<Record<AnswerState, number>>(sql`
      select count(*) filter (where answer_state = 'unanswered')::int as unanswered,
             count(*) filter (where answer_state = 'submitted')::int as submitted,
             count(*) filter (where answer_state = 'returned')::int as returned,
             count(*) filter (where answer_state = 'accepted')::int as accepted
      from clue_records where province_code = ${p} and clue_id = ${clueId}`),
    exec.execute<{ id: string; fileName: string; sizeBytes: string; uploadedAt: string }>(sql`
      select id, file_name as "fileName", size_bytes as "sizeBytes", uploaded_at as "uploadedAt"
      from clue_files where province_code = ${p} and clue_id = ${clueId} order by uploaded_at, id`),
    // Where a regulator may send the clue: bureaus in its subtree on the path to the subject's region.
    scope.kind === "region"
      ? exec.execute<{ code: string; name: string }>(sql`
          select r.code, r.name from regions r, regions s, regions me
          where s.code = ${header.subjectRegionCode} and me.code = ${scope.regionCode}
            and s.path like r.path || '%' and r.path like me.path || '%' and r.code <> ${header.handlerRegionCode}
          order by r.path`)
      : Promise.resolve([]),
  ]);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const pageCount = Math.max(1, Math.ceil(total / RECORDS_PAGE_SIZE));
  const page = Math.min(Math.max(1, recordPage), pageCount);
  const records = await exec.execute<RecordRow & { id: string; amountFen: string }>(sql`
    select id, settlement_no as "settlementNo", occurred_on::text as "occurredOn", item_code as "itemCode", item_name as "itemName",
           quantity::text as quantity, amount_fen as "amountFen", patient_name_masked as "patientNameMasked",
           patient_id_masked as "patientIdMasked", answer_state as "answerState", answer_version as "answerVersion"
    from clue_records where province_code = ${p} and clue_id = ${clueId}
    order by id limit ${RECORDS_PAGE_SIZE} offset ${(page - 1) * RECORDS_PAGE_SIZE}`);
  const ids = records.map((r) => String(r.id));
  const answers = ids.length
    ? await exec.execute<AnswerRow & { id: string; recordId: string; confirmedFen: string; refundedFen: string }>(sql`
        select a.id, a.record_id as "recordId", a.version, a.verdict, a.explanation, a.confirmed_fen as "confirmedFen",
               a.refunded_fen as "refundedFen", a.submitted_at as "submittedAt", su.name as "submittedBy", a.decision,
               a.review_comment as "reviewComment", a.reviewed_at as "reviewedAt", ru.name as "reviewedBy"
        from clue_record_answers a
        join users su on su.id = a.submitted_by
        left join users ru on ru.id = a.reviewed_by
        where a.province_code = ${p} and a.record_id = any(${`{${ids.join(",")}}`}::bigint[])
        order by a.record_id, a.version desc`)
    : [];
  const historyByRecord = new Map<number, AnswerRow[]>();
  for (const a of answers) {
    const row = {
      ...a,
      id: Number(a.id),
      recordId: Number(a.recordId),
      confirmedFen: Number(a.confirmedFen),
      refundedFen: Number(a.refundedFen),
    };
    historyByRecord.set(row.recordId, [...(historyByRecord.get(row.recordId) ?? []), row]);
  }
  const complainant = scope.kind === "region" ? await readComplainant(exec, scope, header) : null;
  const openRecords = total - counts.accepted;
  const isRegulator = scope.kind === "region";
  return {
    clue: {
      ...clue,
      amountFen: Number(clue.amountFen),
      recoveredFen: clue.recoveredFen === null ? null : Number(clue.recoveredFen),
      penaltyFen: clue.penaltyFen === null ? null : Number(clue.penaltyFen),
      isOverdue: isClueOverdue(clue),
    },
    counts,
    records: {
      rows: records.map((r) => ({
        ...r,
        id: Number(r.id),
        amountFen: Number(r.amountFen),
        history: historyByRecord.get(Number(r.id)) ?? [],
      })),
      total,
      page,
      pageCount,
    },
    files: files.map((f) => ({ ...f, sizeBytes: Number(f.sizeBytes) })),
    complainant,
    dispatchTargets: [...chain],
    permissions: {
      canAnswer: !isRegulator && clue.status === "verifying" && counts.unanswered + counts.returned > 0,
      canUpload: !isRegulator && clue.status === "verifying",
      canReview: isRegulator && clue.status !== "closed" && counts.submitted > 0,
      canClose: isRegulator && clue.status !== "closed" && openRecords === 0 && (total > 0 || clue.status === "verifying"),
      canDispatch: isRegulator && clue.status !== "closed" && chain.length > 0,
      canReveal: isRegulator,
      openRecords,
    },
  };
}

/** The complainant, opened only for the handlers of the bureau that registered the complaint. */
async function readComplainant(exec: Executor, scope: RegionScope, header: ClueHeader) {
  if (scope.regionCode !== header.registeredRegionCode) return null;
  const [row] = await exec.execute<{ nameEnc: string; phoneEnc: string | null; idNumberEnc: string | null }>(sql`
    select name_enc as "nameEnc", phone_enc as "phoneEnc", id_number_enc as "idNumberEnc"
    from clue_complainants where clue_id = ${header.id} and province_code = ${header.provinceCode}
      and registered_region_code = ${scope.regionCode}`);
  if (!row) return null;
  return {
    name: openPii("complainant_name", row.nameEnc),
    phone: row.phoneEnc ? openPii("complainant_phone", row.phoneEnc) : null,
    idNumber: row.idNumberEnc ? openPii("complainant_id", row.idNumberEnc) : null,
  };
}

// ——— institution: answers and evidence ———

/**
 * Answer one, several or all open records of a clue with the same conclusion: one INSERT …
 * SELECT of the new answer versions and one UPDATE of the records, whatever their number.
 */
export async function answerClueRecords(
  exec: Executor,
  scope: InstitutionScope,
  clueId: string,
  input: ClueAnswerData,
): Promise<ActionResult<{ count: number }>> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId, true);
    if (clue.status !== "verifying") return fail({ _form: clue.status === "closed" ? C().errors.clueClosed : C().errors.notVerifying });
    const p = clue.provinceCode;
    const only = input.scope === "all" ? sql`` : sql`and r.id = any(${`{${input.recordIds.join(",")}}`}::bigint[])`;
    const confirmed =
      input.confirmed !== undefined ? sql`${input.confirmed}::bigint` : input.verdict === "true" ? sql`r.amount_fen` : sql`0::bigint`;
    const refunded = input.refundedAll ? confirmed : sql`${input.refunded ?? 0}::bigint`;
    // Records a refund larger than the confirmed amount would break are refused as a whole.
    const [{ bad }] = await tx.execute<{ bad: number }>(sql`
      select count(*)::int as bad from clue_records r
      where r.province_code = ${p} and r.clue_id = ${clueId} and r.answer_state in ('unanswered', 'returned') ${only}
        and ${refunded} > ${confirmed}`);
    if (bad > 0) return fail({ refunded: C().errors.refundedOverConfirmed });
    const [{ count }] = await tx.execute<{ count: number }>(sql`
      with target as (
        select r.id, r.answer_version, ${confirmed} as confirmed, ${refunded} as refunded
        from clue_records r
        where r.province_code = ${p} and r.clue_id = ${clueId} and r.answer_state in ('unanswered', 'returned') ${only}
        for update of r
      ), answers as (
        insert into clue_record_answers (province_code, record_id, clue_id, version, verdict, explanation, confirmed_fen, refunded_fen, submitted_by)
        select ${p}, t.id, ${clueId}::uuid, t.answer_version + 1, ${input.verdict}, ${input.explanation}, t.confirmed, t.refunded, ${scope.userId}::uuid
        from target t
        returning record_id, version
      ), updated as (
        update clue_records r set answer_state = 'submitted', answer_version = a.version
        from answers a where r.province_code = ${p} and r.id = a.record_id
        returning r.id
      )
      select count(*)::int as count from updated`);
    if (count === 0) return fail({ recordIds: C().errors.notAnswerable });
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.answered",
      entityType: "clue",
      entityId: clueId,
      institutionId: scope.institutionId,
      regionCode: clue.handlerRegionCode,
      after: { count, verdict: input.verdict, scope: input.scope },
    });
    return { ok: true as const, count };
  });
}

type ClueFileTarget = { clueId: string };

/** Evidence on a clue: the institution's users, while the clue is being verified. */
const clueFileOwner: FileOwnerKind<InstitutionScope, ClueFileTarget> = {
  async authorize(exec, scope, target) {
    const clue = await requireClue(exec, scope, target.clueId);
    return clue.status === "verifying" ? null : { ok: false, message: C().errors.clueClosed };
  },
  async insertRows(tx, scope, target, files, now) {
    const clue = await requireClue(tx, scope, target.clueId, true);
    if (clue.status !== "verifying") return { ok: false as const, message: C().errors.clueClosed };
    for (const file of files) {
      const [row] = await tx.execute<{ id: string }>(sql`
        insert into clue_files (province_code, clue_id, institution_id, file_name, content_type, size_bytes, sha256, uploaded_by, uploaded_at)
        values (${clue.provinceCode}, ${clue.id}, ${scope.institutionId}, ${file.originalName}, ${file.contentType}, ${file.sizeBytes},
                ${file.sha256}, ${scope.userId}, ${now.toISOString()})
        returning id`);
      await recordAudit(tx, {
        actorUserId: scope.userId,
        action: "clue.file_uploaded",
        entityType: "clue",
        entityId: clue.id,
        institutionId: scope.institutionId,
        regionCode: clue.handlerRegionCode,
        after: { fileId: row.id, fileName: file.originalName, sha256: file.sha256, sizeBytes: file.sizeBytes },
      });
    }
    return { ok: true as const, count: files.length };
  },
};

/** An upload form's evidence for a clue: refused before the body is read when the clue takes none. */
export async function uploadClueFiles(
  exec: Executor,
  storage: EvidenceStorage,
  scope: InstitutionScope,
  clueId: string,
  receive: () => Promise<{ files: ReceivedFile[]; rejected: RejectedFile[] }>,
) {
  return receiveAndAttach(exec, storage, clueFileOwner, scope, { clueId }, receive);
}

/** A clue's evidence file, for anyone who reaches the clue. */
export async function getClueFileDownload(exec: Executor, storage: EvidenceStorage, scope: Scope, clueId: string, fileId: string) {
  const clue = await requireClue(exec, scope, clueId);
  if (!isUuid(fileId)) notFound();
  const [file] = await exec.execute<{ fileName: string; contentType: string; sha256: string }>(sql`
    select file_name as "fileName", content_type as "contentType", sha256 from clue_files
    where province_code = ${clue.provinceCode} and clue_id = ${clue.id} and id = ${fileId}`);
  if (!file) notFound();
  return openStoredFile(storage, file);
}

// ——— regulator: review, close, dispatch, reveal ———

/** Accept or return the submitted answer of one record (the answer itself stays as it was). */
export async function reviewClueRecord(
  exec: Executor,
  scope: RegionScope,
  clueId: string,
  input: { recordId: number; decision: "accepted" | "returned"; comment?: string },
): Promise<ActionResult<{ decision: "accepted" | "returned" }>> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId, true);
    if (clue.status === "closed") return fail({ _form: C().errors.clueClosed });
    const p = clue.provinceCode;
    const [row] = await tx.execute<{ id: string }>(sql`
      with record as (
        select r.id, r.answer_version from clue_records r
        where r.province_code = ${p} and r.clue_id = ${clueId} and r.id = ${input.recordId} and r.answer_state = 'submitted'
        for update of r
      ), reviewed as (
        update clue_record_answers a set decision = ${input.decision}, review_comment = ${input.comment ?? null},
               reviewed_by = ${scope.userId}, reviewed_at = now()
        from record where a.province_code = ${p} and a.record_id = record.id and a.version = record.answer_version and a.decision is null
        returning a.record_id
      )
      update clue_records r set answer_state = ${input.decision}
      from reviewed where r.province_code = ${p} and r.id = reviewed.record_id
      returning r.id`);
    if (!row) return fail({ _form: C().errors.nothingToReview });
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: input.decision === "accepted" ? "clue.answer_accepted" : "clue.answer_returned",
      entityType: "clue",
      entityId: clueId,
      institutionId: clue.institutionId,
      regionCode: clue.handlerRegionCode,
      after: { recordId: input.recordId, comment: input.comment ?? null },
    });
    return { ok: true as const, decision: input.decision };
  });
}

/** Accept every submitted answer of a clue at once (set-based). */
export async function acceptAllSubmitted(exec: Executor, scope: RegionScope, clueId: string): Promise<ActionResult<{ count: number }>> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId, true);
    if (clue.status === "closed") return fail({ _form: C().errors.clueClosed });
    const p = clue.provinceCode;
    const [{ count }] = await tx.execute<{ count: number }>(sql`
      with records as (
        select r.id, r.answer_version from clue_records r
        where r.province_code = ${p} and r.clue_id = ${clueId} and r.answer_state = 'submitted' for update of r
      ), reviewed as (
        update clue_record_answers a set decision = 'accepted', reviewed_by = ${scope.userId}, reviewed_at = now()
        from records where a.province_code = ${p} and a.record_id = records.id and a.version = records.answer_version and a.decision is null
        returning a.record_id
      ), updated as (
        update clue_records r set answer_state = 'accepted' from reviewed where r.province_code = ${p} and r.id = reviewed.record_id
        returning r.id
      )
      select count(*)::int as count from updated`);
    if (count === 0) return fail({ _form: C().review.nothing });
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.answers_accepted",
      entityType: "clue",
      entityId: clueId,
      institutionId: clue.institutionId,
      regionCode: clue.handlerRegionCode,
      after: { count },
    });
    return { ok: true as const, count };
  });
}

/** 办结销号: every record's answer accepted, then the result (查实 with amounts and transfer, or 查否). */
export async function closeClue(exec: Executor, scope: RegionScope, clueId: string, input: ClueCloseData): Promise<ActionResult> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId, true);
    if (clue.status === "closed") return fail({ _form: C().errors.clueClosed });
    const [{ open }] = await tx.execute<{ open: number }>(sql`
      select count(*)::int as open from clue_records
      where province_code = ${clue.provinceCode} and clue_id = ${clueId} and answer_state <> 'accepted'`);
    if (open > 0) return fail({ _form: t("clues.errors.cannotClose", { count: open }) });
    const isConfirmed = input.result === "confirmed";
    await tx.execute(sql`
      update clues set status = 'closed', result = ${input.result},
        recovered_fen = ${isConfirmed ? (input.recovered ?? 0) : null}, penalty_fen = ${isConfirmed ? (input.penalty ?? 0) : null},
        transfer_target = ${input.transferTarget ?? null}, transfer_on = ${input.transferOn ?? null},
        closing_note = ${input.note}, closed_by = ${scope.userId}, closed_at = now()
      where id = ${clueId}`);
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.closed",
      entityType: "clue",
      entityId: clueId,
      institutionId: clue.institutionId,
      regionCode: clue.handlerRegionCode,
      after: { ...input },
    });
    // A 查实 clue is a risk factor (decision 005): the score moves in the same transaction.
    if (isConfirmed && clue.institutionId) await recomputeRisk(tx, [clue.institutionId], "clue");
    return { ok: true as const };
  });
}

/**
 * Send one clue to a bureau in the regulator's subtree on the path to the subject's region
 * (下发, or 改派 back up within the subtree). With the subject's own bureau, the institution sees it.
 */
export async function dispatchClue(
  exec: Executor,
  scope: RegionScope,
  clueId: string,
  target: string,
): Promise<ActionResult<{ regionName: string }>> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId, true);
    if (clue.status === "closed") return fail({ _form: C().errors.clueClosed });
    const [region] = await tx.execute<{ name: string }>(sql`
      select r.name from regions r, regions s, regions me
      where r.code = ${target} and s.code = ${clue.subjectRegionCode} and me.code = ${scope.regionCode}
        and s.path like r.path || '%' and r.path like me.path || '%'`);
    if (!region) return fail({ target: C().errors.regionOutside });
    await tx.execute(sql`
      update clues set handler_region_code = ${target}, dispatched_at = now(),
        status = case when ${target} = subject_region_code and institution_id is not null then 'verifying' else 'pending' end
      where id = ${clueId}`);
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.dispatched",
      entityType: "clue",
      entityId: clueId,
      institutionId: clue.institutionId,
      regionCode: target,
      before: { handlerRegionCode: clue.handlerRegionCode },
      after: { handlerRegionCode: target },
    });
    await recordNewClueNotices(tx, [clueId]);
    return { ok: true as const, regionName: region.name };
  });
}

/**
 * Dispatch every pending clue the regulator's own bureau holds: one level down the subject's
 * branch (逐级下发) or straight to the subject's bureau. One UPDATE for any number of clues.
 */
export async function dispatchPendingClues(exec: Executor, scope: RegionScope, mode: "next" | "direct"): Promise<{ count: number }> {
  return exec.transaction(async (tx) => {
    const [me] = await tx.execute<{ path: string }>(sql`select path from regions where code = ${scope.regionCode}`);
    const depth = me.path.split("/").filter(Boolean).length;
    const p = provinceOf(scope.regionCode);
    const rows = await tx.execute<{ id: string; handler: string; institutionId: string | null }>(sql`
      with target as (
        select c.id, case when ${mode} = 'direct' then c.subject_region_code else split_part(s.path, '/', ${depth + 2})::char(6) end as handler
        from clues c join regions s on s.code = c.subject_region_code
        where c.province_code = ${p} and c.handler_region_code = ${scope.regionCode} and c.status = 'pending'
          and c.subject_region_code <> c.handler_region_code
        for update of c
      )
      update clues c set handler_region_code = t.handler, dispatched_at = now(),
        status = case when t.handler = c.subject_region_code and c.institution_id is not null then 'verifying' else 'pending' end
      from target t where c.id = t.id
      returning c.id, c.handler_region_code as handler, c.institution_id as "institutionId"`);
    if (rows.length > 0) {
      await recordAudit(tx, {
        actorUserId: scope.userId,
        action: "clues.dispatched",
        entityType: "region",
        entityId: scope.regionCode,
        regionCode: scope.regionCode,
        after: { count: rows.length, mode },
      });
      await recordNewClueNotices(
        tx,
        rows.map((r) => r.id),
      );
    }
    return { count: rows.length };
  });
}

const REVEAL_COLUMNS = {
  patientName: { column: sql`patient_name_enc`, field: "patient_name" as PiiField },
  patientId: { column: sql`patient_id_enc`, field: "patient_id" as PiiField },
};

/** One field of one record in full, for a stated reason; the reading is audited in the same transaction. */
export async function revealRecordField(
  exec: Executor,
  scope: RegionScope,
  clueId: string,
  input: { recordId: number; field: "patientName" | "patientId"; reason: string },
): Promise<ActionResult<{ value: string | null }>> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId);
    const spec = REVEAL_COLUMNS[input.field];
    const [row] = await tx.execute<{ sealed: string | null }>(sql`
      select ${spec.column} as sealed from clue_records
      where province_code = ${clue.provinceCode} and clue_id = ${clueId} and id = ${input.recordId}`);
    if (!row) notFound();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.pii_revealed",
      entityType: "clue",
      entityId: clueId,
      institutionId: clue.institutionId,
      regionCode: scope.regionCode,
      after: { recordId: input.recordId, field: input.field, reason: input.reason },
    });
    return { ok: true as const, value: row.sealed ? openPii(spec.field, row.sealed) : null };
  });
}

// ——— complaints ———

/** A complaint registered by the regulator's bureau, which handles it; the complainant kept apart, sealed. */
export async function registerComplaint(exec: Executor, scope: RegionScope, input: ComplaintData): Promise<ActionResult<{ id: string }>> {
  return exec.transaction(async (tx) => {
    let institution: { id: string; regionCode: string } | undefined;
    if (input.nhsaCode) {
      [institution] = await tx.execute<{ id: string; regionCode: string }>(sql`
        select id, region_code as "regionCode" from institutions
        where nhsa_code = ${input.nhsaCode} and ${inRegionSubtree(sql`region_code`, scope.regionCode)}`);
      if (!institution) return fail({ nhsaCode: C().errors.institutionUnknown });
    }
    const subject = institution?.regionCode ?? input.regionCode;
    const [inside] = await tx.execute(
      sql`select 1 from regions r where r.code = ${subject} and ${inRegionSubtree(sql`r.code`, scope.regionCode)}`,
    );
    if (!inside) return fail({ regionCode: C().errors.regionOutside });
    const itemId = input.itemCode ? await findChecklistItemId(tx, input.itemCode, institution?.id ?? null) : null;
    if (input.itemCode && !itemId) return fail({ itemCode: C().errors.itemUnknown });
    const p = provinceOf(scope.regionCode);
    const status = institution && subject === scope.regionCode ? "verifying" : "pending";
    const [clue] = await tx.execute<{ id: string }>(sql`
      insert into clues (province_code, source, registered_region_code, handler_region_code, subject_region_code, institution_id,
                         checklist_item_id, rule_code, rule_name, summary, risk_level, amount_fen, due_on, status, created_by)
      values (${p}, 'complaint', ${scope.regionCode}, ${scope.regionCode}, ${subject}, ${institution?.id ?? null}, ${itemId},
              ${input.itemCode ?? ""}, ${input.ruleName},
              ${input.summary}, ${input.risk}, ${input.amount ?? 0}, ${input.dueOn}, ${status}, ${scope.userId})
      returning id`);
    await tx.execute(sql`
      insert into clue_complainants (clue_id, province_code, registered_region_code, name_enc, name_masked, phone_enc, phone_masked,
                                     id_number_enc, id_number_masked)
      values (${clue.id}, ${p}, ${scope.regionCode}, ${sealPii("complainant_name", input.complainantName)}, ${maskName(input.complainantName)},
              ${input.complainantPhone ? sealPii("complainant_phone", input.complainantPhone) : null},
              ${input.complainantPhone ? maskPhone(input.complainantPhone) : null},
              ${input.complainantId ? sealPii("complainant_id", input.complainantId) : null},
              ${input.complainantId ? maskIdNumber(input.complainantId) : null})`);
    await recordNewClueNotices(tx, [clue.id]);
    // The audit trail names the clue, never the complainant.
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.complaint_registered",
      entityType: "clue",
      entityId: clue.id,
      institutionId: institution?.id ?? null,
      regionCode: scope.regionCode,
      after: { ruleName: input.ruleName, risk: input.risk, dueOn: input.dueOn },
    });
    return { ok: true as const, id: clue.id };
  });
}

// ——— cross-inspection (列入交叉检查) ———

/**
 * The clue an inspection is recorded from: one the regulator sees, about that institution;
 * null when it is not (the inspection form answers with a field error).
 */
export async function findClueForInspection(exec: Executor, scope: RegionScope, clueId: string, institutionId: string) {
  if (!isUuid(clueId)) return null;
  const [row] = await exec.execute<{ id: string }>(sql`
    select c.id from clues c where c.id = ${clueId} and c.institution_id = ${institutionId} and ${regionSees(scope)}`);
  return row ?? null;
}

/**
 * Puts a flagged clue's institution on the regulator's must-include list: the next sample drawn
 * over the institution's region includes it. Only a flagged clue the regulator sees, once.
 */
export async function addFlaggedClueToSample(exec: Executor, scope: RegionScope, clueId: string): Promise<ActionResult> {
  return exec.transaction(async (tx) => {
    const clue = await requireClue(tx, scope, clueId, true);
    const [flagged] = await tx.execute(sql`select 1 from clues c where c.id = ${clueId} and ${isFlagged}`);
    if (!flagged || !clue.institutionId) return fail({ _form: C().board.notFlagged });
    const added = await tx.execute(sql`
      insert into sample_must_includes (province_code, clue_id, institution_id, region_code, created_by)
      values (${clue.provinceCode}, ${clueId}, ${clue.institutionId}, ${scope.regionCode}, ${scope.userId})
      on conflict (clue_id) do nothing returning id`);
    if (added.length === 0) return fail({ _form: C().board.alreadyInSample });
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "clue.must_include_added",
      entityType: "clue",
      entityId: clueId,
      institutionId: clue.institutionId,
      regionCode: scope.regionCode,
      after: { institutionId: clue.institutionId },
    });
    return { ok: true as const };
  });
}

// ——— monthly report ———

/**
 * The month's report (月报) of the regulator's region as .xlsx: one row per child region and the
 * total, from the rollups the clues' trigger keeps (received, closed, confirmed, amounts,
 * transfers); overdue is the open clues past due at the time of the export.
 */
export async function getClueMonthlyReport(exec: Executor, scope: RegionScope, month: string) {
  const p = provinceOf(scope.regionCode);
  const rows = await exec.execute<{
    code: string;
    name: string;
    isOwn: boolean;
    received: number;
    closed: number;
    confirmed: number;
    recoveredFen: string;
    penaltyFen: string;
    transfers: number;
    overdue: number;
  }>(sql`
    with levels as (${ownAndChildRegions(scope.regionCode)})
    select l.code, l.name, l.is_own as "isOwn",
           coalesce(sum(s.received), 0)::int as received, coalesce(sum(s.closed), 0)::int as closed,
           coalesce(sum(s.confirmed), 0)::int as confirmed, coalesce(sum(s.recovered_fen), 0)::bigint as "recoveredFen",
           coalesce(sum(s.penalty_fen), 0)::bigint as "penaltyFen", coalesce(sum(s.transfers), 0)::int as transfers,
           (select count(*)::int from clues c join regions cr on cr.code = c.subject_region_code
             where c.province_code = ${p} and cr.path like l.path || '%' and c.status <> 'closed'
               and c.due_on < (now() at time zone 'Asia/Shanghai')::date) as overdue
    from levels l
    left join regions sr on sr.path like l.path || '%'
    left join clue_month_stats s on s.province_code = ${p} and s.region_code = sr.code and s.month = ${`${month}-01`}::date
    group by l.code, l.name, l.path, l.is_own
    order by l.is_own, l.path`);
  const R = C().report;
  const own = rows.find((r) => r.isOwn)!;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(R.sheet);
  sheet.columns = [
    { header: R.region, width: 16 },
    { header: R.received, width: 12 },
    { header: R.closed, width: 10 },
    { header: R.confirmed, width: 10 },
    { header: R.recovered, width: 16 },
    { header: R.penalty, width: 16 },
    { header: R.transfers, width: 10 },
    { header: R.overdue, width: 20 },
  ];
  const line = (r: (typeof rows)[number], label: string) => [
    label,
    r.received,
    r.closed,
    r.confirmed,
    Number(r.recoveredFen) / 100,
    Number(r.penaltyFen) / 100,
    r.transfers,
    r.overdue,
  ];
  for (const r of rows.filter((x) => !x.isOwn)) sheet.addRow(line(r, r.name));
  sheet.addRow(line(own, `${own.name}${R.total}`)).font = { bold: true };
  sheet.getRow(1).font = { bold: true };
  return xlsxFile(await writeWorkbook(workbook), `${t("clues.report.fileName", { region: own.name, month })}.xlsx`);
}
