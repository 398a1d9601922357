import { and, asc, desc, eq, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import {
  assessmentItems,
  assessments,
  campaigns,
  checklistItems,
  checklistVersions,
  checklists,
  evidenceFiles,
  institutions,
  itemAssignments,
  itemComments,
  itemReviews,
  assessmentVersions,
  users,
} from "~db/schema";
import type { AnswerData } from "~/schemas/answer";
import type { SubmitData } from "~/schemas/submission";
import type { Executor } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { formatDateCn, todayLocal } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { forbidden, notFound, type InstitutionScope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { buildSnapshot } from "~/models/snapshot.server";
import { recomputeRisk } from "~/models/risk.server";
import { getInstitutionSummary } from "~/models/institution.server";

/** Statuses in which the institution may still change its answers. */
const EDITABLE_STATUSES = ["not_started", "in_progress"] as const;

/** The institution's self-checks in open or closed campaigns, soonest due first. */
async function listAssessmentsForInstitution(exec: Executor, scope: InstitutionScope) {
  return exec
    .select({
      id: assessments.id,
      status: assessments.status,
      itemCount: assessments.itemCount,
      answeredCount: assessments.answeredCount,
      problemCount: assessments.problemCount,
      refundedFen: assessments.refundedFen,
      submittedAt: assessments.submittedAt,
      campaignId: campaigns.id,
      campaignTitle: campaigns.title,
      campaignStatus: campaigns.status,
      selfCheckDueOn: campaigns.selfCheckDueOn,
      rectificationDueOn: campaigns.rectificationDueOn,
      checklistTitle: checklists.title,
    })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(checklistVersions, eq(checklistVersions.id, campaigns.checklistVersionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(and(eq(assessments.institutionId, scope.institutionId), sql`${campaigns.status} <> 'draft'`))
    .orderBy(asc(campaigns.selfCheckDueOn), desc(campaigns.openedAt));
}

/** The self-check header, only if it belongs to the acting institution; otherwise 404. */
export async function getAssessmentHeader(exec: Executor, scope: InstitutionScope, assessmentId: string, lock = false) {
  if (!isUuid(assessmentId)) notFound();
  const query = exec
    .select({
      assessment: assessments,
      campaign: campaigns,
      institution: institutions,
      checklist: { title: checklists.title, docNumber: checklists.docNumber, issuer: checklists.issuer },
    })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(institutions, eq(institutions.id, assessments.institutionId))
    .innerJoin(checklistVersions, eq(checklistVersions.id, campaigns.checklistVersionId))
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(
      and(
        provinceOfScope(assessments.provinceCode, scope),
        eq(assessments.id, assessmentId),
        eq(assessments.institutionId, scope.institutionId),
      ),
    );
  const [row] = lock ? await query.for("update", { of: assessments }) : await query;
  if (!row || row.campaign.status === "draft") notFound();
  return row;
}

/**
 * The distribution key of an institution user's rows (decision 029): the province the session
 * carries, or the institution's own when a scope was made without it.
 */
function provinceOfScope(column: AnyColumn, scope: InstitutionScope): SQL {
  return scope.provinceCode
    ? eq(column, scope.provinceCode)
    : sql`${column} = (select i.province_code from ${institutions} i where i.id = ${scope.institutionId})`;
}

/** Items of the campaign's list that apply to this institution's kind, with its answers. */
async function listAssessmentItems(exec: Executor, provinceCode: string, assessmentId: string, versionId: string, kind: string) {
  return exec
    .select({
      item: checklistItems,
      answer: assessmentItems,
      answeredByName: users.name,
      // Folded in (one query for the page, not two): the item's evidence files.
      evidenceCount: sql<number>`(select count(*)::int from ${evidenceFiles} e where e.province_code = ${provinceCode} and e.assessment_id = ${assessmentId} and e.checklist_item_id = ${checklistItems.id})`,
      assignee: sql<{ id: string; name: string } | null>`(select json_build_object('id', u.id, 'name', u.name) from ${itemAssignments} ia
        join ${users} u on u.id = ia.assignee_id
        where ia.province_code = ${provinceCode} and ia.assessment_id = ${assessmentId} and ia.checklist_item_id = ${checklistItems.id})`,
    })
    .from(checklistItems)
    .leftJoin(
      assessmentItems,
      and(
        eq(assessmentItems.provinceCode, provinceCode),
        eq(assessmentItems.checklistItemId, checklistItems.id),
        eq(assessmentItems.assessmentId, assessmentId),
      ),
    )
    .leftJoin(users, eq(users.id, assessmentItems.answeredBy))
    .where(and(eq(checklistItems.versionId, versionId), sql`${checklistItems.appliesTo} @> array[${kind}]::text[]`))
    .orderBy(asc(checklistItems.position));
}

export type AssessmentHeader = Awaited<ReturnType<typeof getAssessmentHeader>>;

/** One saved answer, as the item page shows and edits it. */
export type AnswerRow = typeof assessmentItems.$inferSelect;

/** Items the regulator returned in the newest version; only these reopen while `returned`. */
async function listReturnedItemIds(exec: Executor, header: AssessmentHeader): Promise<Set<string>> {
  if (header.assessment.status !== "returned") return new Set();
  const rows = await exec
    .select({ id: itemReviews.checklistItemId })
    .from(itemReviews)
    .innerJoin(assessmentVersions, eq(assessmentVersions.id, itemReviews.versionId))
    .where(
      and(
        eq(assessmentVersions.assessmentId, header.assessment.id),
        eq(assessmentVersions.version, header.assessment.currentVersion),
        eq(itemReviews.decision, "returned"),
      ),
    );
  return new Set(rows.map((r) => r.id));
}

/** Staff see only the items assigned to them; officers see everything (null). */
export async function listAssignedItemIds(exec: Executor, scope: InstitutionScope, assessmentId: string): Promise<Set<string> | null> {
  if (scope.role === "officer") return null;
  const rows = await exec
    .select({ id: itemAssignments.checklistItemId })
    .from(itemAssignments)
    .where(and(eq(itemAssignments.assessmentId, assessmentId), eq(itemAssignments.assigneeId, scope.userId)));
  return new Set(rows.map((r) => r.id));
}

export type ItemPermissions = {
  canAnswer: boolean;
  canAddEvidence: boolean;
  canUpdateRectification: boolean;
  lockedReason: string | null;
};

/**
 * What may change on one item now. Answers change before submission, or on items returned for
 * rework; a found problem's rectification (status, evidence) goes on until the campaign's
 * rectification due date, even after submission.
 */
function itemPermissions(
  header: AssessmentHeader,
  item: { checklistItemId: string; answer: string | null },
  returnedItemIds: Set<string>,
  today: string,
): ItemPermissions {
  if (header.campaign.status !== "open") {
    return { canAnswer: false, canAddEvidence: false, canUpdateRectification: false, lockedReason: t("institution.campaignNotOpen") };
  }
  const status = header.assessment.status;
  const canAnswer =
    (EDITABLE_STATUSES as readonly string[]).includes(status) || (status === "returned" && returnedItemIds.has(item.checklistItemId));
  const isRectifying = item.answer === "problem_found" && today <= header.campaign.rectificationDueOn;
  return {
    canAnswer,
    canAddEvidence: canAnswer || isRectifying,
    canUpdateRectification: !canAnswer && isRectifying,
    lockedReason: canAnswer ? null : status === "returned" ? t("institution.itemNotReturned") : t("institution.notEditable"),
  };
}

export async function getAssessmentWorkspace(exec: Executor, scope: InstitutionScope, assessmentId: string, today: string = todayLocal()) {
  const header = await getAssessmentHeader(exec, scope, assessmentId);
  const [allItems, returnedItemIds, assignedItemIds] = await Promise.all([
    listAssessmentItems(exec, header.assessment.provinceCode, assessmentId, header.campaign.checklistVersionId, header.institution.kind),
    listReturnedItemIds(exec, header),
    listAssignedItemIds(exec, scope, assessmentId),
  ]);
  const { checklist } = header;
  const items = allItems
    .filter((r) => !assignedItemIds || assignedItemIds.has(r.item.id))
    .map((r) => ({
      ...r,
      isReturned: returnedItemIds.has(r.item.id),
      permissions: itemPermissions(header, { checklistItemId: r.item.id, answer: r.answer?.answer ?? null }, returnedItemIds, today),
    }));
  return { ...header, items, checklist, isEditable: isEditable(header), returnedItemIds, isAssignedOnly: assignedItemIds !== null };
}

function isEditable(header: { assessment: { status: string }; campaign: { status: string } }) {
  return header.campaign.status === "open" && ["not_started", "in_progress", "returned"].includes(header.assessment.status);
}

/** One applicable item of the self-check by its code, if this user may see it; otherwise 404. */
export async function getWorkspaceItem(
  exec: Executor,
  scope: InstitutionScope,
  assessmentId: string,
  itemCode: string,
  today: string = todayLocal(),
) {
  const ws = await getAssessmentWorkspace(exec, scope, assessmentId, today);
  const index = ws.items.findIndex((r) => r.item.code === itemCode);
  if (index < 0) notFound();
  return { ws, index, row: ws.items[index] };
}

/**
 * Lock the self-check row and find one item the acting user may see (404 otherwise: not
 * applicable to the institution's kind, or a staff member's unassigned item), with its current
 * answer and what may change on it.
 */
export async function lockItemForChange(tx: Executor, scope: InstitutionScope, assessmentId: string, itemCode: string, now: Date) {
  const header = await getAssessmentHeader(tx, scope, assessmentId, true);
  const [item] = await tx
    .select()
    .from(checklistItems)
    .where(
      and(
        eq(checklistItems.versionId, header.campaign.checklistVersionId),
        eq(checklistItems.code, itemCode),
        sql`${checklistItems.appliesTo} @> array[${header.institution.kind}]::text[]`,
      ),
    );
  if (!item) notFound();
  const assigned = await listAssignedItemIds(tx, scope, assessmentId);
  if (assigned && !assigned.has(item.id)) notFound();
  const [existing] = await tx
    .select()
    .from(assessmentItems)
    .where(and(eq(assessmentItems.assessmentId, assessmentId), eq(assessmentItems.checklistItemId, item.id)));
  const returned = await listReturnedItemIds(tx, header);
  const permissions = itemPermissions(header, { checklistItemId: item.id, answer: existing?.answer ?? null }, returned, todayLocal(now));
  return { header, item, existing: existing ?? null, permissions };
}

export type SaveAnswerResult =
  | { ok: true; lockVersion: number }
  | { ok: false; kind: "invalid"; fieldErrors: FieldErrors }
  | { ok: false; kind: "conflict"; current: typeof assessmentItems.$inferSelect; byName: string | null }
  | { ok: false; kind: "locked"; message: string };

/**
 * Save one item's answer and keep the self-check's rollups in step, in one transaction.
 * `lockVersion` is what the person saw: a newer save by someone else is reported, not overwritten.
 */
export async function saveAnswer(
  exec: Executor,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; data: AnswerData },
  now: Date = new Date(),
): Promise<SaveAnswerResult> {
  return exec.transaction(async (tx) => {
    const { header, item, existing, permissions } = await lockItemForChange(tx, scope, input.assessmentId, input.itemCode, now);
    if (!permissions.canAnswer)
      return { ok: false as const, kind: "locked" as const, message: permissions.lockedReason ?? t("institution.notEditable") };
    const data = input.data;
    if (data.answer === "problem_found" && data.rectificationDueOn > header.campaign.rectificationDueOn) {
      return {
        ok: false as const,
        kind: "invalid" as const,
        fieldErrors: {
          rectificationDueOn: t("institution.rectificationDueAfterCampaign", { date: formatDateCn(header.campaign.rectificationDueOn) }),
        },
      };
    }
    if (
      data.answer === "problem_found" &&
      data.rectificationStatus === "rectified" &&
      data.rectifiedOn &&
      data.rectifiedOn > todayLocal(now)
    ) {
      const fieldErrors: FieldErrors = { rectifiedOn: t("institution.rectifiedOnFuture") };
      return { ok: false as const, kind: "invalid" as const, fieldErrors };
    }
    if (existing && existing.lockVersion !== data.lockVersion) {
      const [by] = await tx.select({ name: users.name }).from(users).where(eq(users.id, existing.answeredBy));
      return { ok: false as const, kind: "conflict" as const, current: existing, byName: by?.name ?? null };
    }
    const problem = data.answer === "problem_found" ? data : null;
    const values = {
      answer: data.answer,
      description: problem?.description ?? null,
      caseCount: problem?.caseCount ?? null,
      amountInvolvedFen: problem?.amountInvolvedFen ?? null,
      refundedFen: problem?.refundedFen ?? null,
      rectificationPlan: problem?.rectificationPlan ?? null,
      responsiblePerson: problem?.responsiblePerson ?? null,
      rectificationDueOn: problem?.rectificationDueOn ?? null,
      rectificationStatus: problem?.rectificationStatus ?? null,
      rectifiedOn: problem?.rectificationStatus === "rectified" ? (problem.rectifiedOn ?? null) : null,
      answeredBy: scope.userId,
      answeredAt: now,
    };
    let saved: typeof assessmentItems.$inferSelect;
    if (existing) {
      [saved] = await tx
        .update(assessmentItems)
        .set({ ...values, lockVersion: existing.lockVersion + 1 })
        .where(and(eq(assessmentItems.id, existing.id), eq(assessmentItems.lockVersion, existing.lockVersion)))
        .returning();
    } else {
      [saved] = await tx
        .insert(assessmentItems)
        .values({ ...values, assessmentId: input.assessmentId, checklistItemId: item.id })
        .returning();
    }
    const wasProblem = existing?.answer === "problem_found" ? 1 : 0;
    const isProblem = saved.answer === "problem_found" ? 1 : 0;
    await tx
      .update(assessments)
      .set({
        answeredCount: sql`${assessments.answeredCount} + ${existing ? 0 : 1}`,
        problemCount: sql`${assessments.problemCount} + ${isProblem - wasProblem}`,
        amountInvolvedFen: sql`${assessments.amountInvolvedFen} + ${(saved.amountInvolvedFen ?? 0) - (existing?.amountInvolvedFen ?? 0)}`,
        refundedFen: sql`${assessments.refundedFen} + ${(saved.refundedFen ?? 0) - (existing?.refundedFen ?? 0)}`,
        status: header.assessment.status === "not_started" ? "in_progress" : header.assessment.status,
        startedAt: header.assessment.startedAt ?? now,
        updatedAt: now,
      })
      .where(eq(assessments.id, input.assessmentId));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: existing ? "assessment_item.updated" : "assessment_item.answered",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId: scope.institutionId,
      regionCode: header.assessment.regionCode,
      before: existing ? { itemCode: item.code, ...answerSnapshot(existing) } : { itemCode: item.code },
      after: { itemCode: item.code, ...answerSnapshot(saved) },
    });
    if (header.assessment.status === "not_started") {
      await recordAudit(tx, {
        actorUserId: scope.userId,
        action: "assessment.started",
        entityType: "assessment",
        entityId: input.assessmentId,
        institutionId: scope.institutionId,
        regionCode: header.assessment.regionCode,
        before: { status: "not_started" },
        after: { status: "in_progress" },
      });
    }
    return { ok: true as const, lockVersion: saved.lockVersion };
  });
}

function answerSnapshot(row: typeof assessmentItems.$inferSelect) {
  const { id: _id, assessmentId: _a, checklistItemId: _c, answeredAt: _t, ...rest } = row;
  return rest;
}

export type SubmitResult =
  | { ok: true; version: number }
  | { ok: false; kind: "incomplete"; missing: { code: string; title: string }[] }
  | { ok: false; kind: "locked"; message: string };

/**
 * Sign the commitment and submit: freeze a new version (answers, amounts and the evidence
 * list by hash) that the regulator will review. Only an institution officer may, and only when
 * every item is answered. A resubmission after a return is the next version; items that were
 * not returned keep their acceptance.
 */
export async function submitAssessment(
  exec: Executor,
  scope: InstitutionScope,
  assessmentId: string,
  data: SubmitData,
  now: Date = new Date(),
): Promise<SubmitResult> {
  if (scope.role !== "officer") forbidden();
  return exec.transaction(async (tx) => {
    const header = await getAssessmentHeader(tx, scope, assessmentId, true);
    if (!isEditable(header)) {
      return {
        ok: false as const,
        kind: "locked" as const,
        message: header.campaign.status === "open" ? t("institution.notEditable") : t("institution.campaignNotOpen"),
      };
    }
    const items = await listAssessmentItems(
      tx,
      header.assessment.provinceCode,
      assessmentId,
      header.campaign.checklistVersionId,
      header.institution.kind,
    );
    const missing = items.filter((r) => !r.answer).map((r) => ({ code: r.item.code, title: r.item.title }));
    if (missing.length > 0) return { ok: false as const, kind: "incomplete" as const, missing };

    const version = header.assessment.currentVersion + 1;
    const snapshot = await buildSnapshot(tx, header, items, {
      version,
      submittedAt: now,
      submittedBy: scope.userId,
      signerName: data.signerName,
    });
    const [created] = await tx
      .insert(assessmentVersions)
      .values({ assessmentId, version, snapshot, submittedAt: now, submittedBy: scope.userId })
      .returning({ id: assessmentVersions.id });
    await tx
      .update(evidenceFiles)
      .set({ frozenAt: now })
      .where(and(eq(evidenceFiles.assessmentId, assessmentId), isNull(evidenceFiles.frozenAt)));
    if (version > 1) await carryOverAcceptedReviews(tx, assessmentId, version - 1, created.id);

    const status = version === 1 ? "submitted" : "resubmitted";
    await tx
      .update(assessments)
      .set({
        status,
        currentVersion: version,
        reworkDueOn: null,
        commitmentSignedBy: data.signerName,
        commitmentSignedAt: now,
        submittedAt: now,
        submittedBy: scope.userId,
        updatedAt: now,
      })
      .where(eq(assessments.id, assessmentId));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: version === 1 ? "assessment.submitted" : "assessment.resubmitted",
      entityType: "assessment",
      entityId: assessmentId,
      institutionId: scope.institutionId,
      regionCode: header.assessment.regionCode,
      before: { status: header.assessment.status },
      after: { status, version, signer: data.signerName, ...snapshot.totals },
    });
    await recomputeRisk(tx, [scope.institutionId], "submission", now);
    return { ok: true as const, version };
  });
}

/** Items accepted (or carried) in the previous version stay accepted in the new one. */
async function carryOverAcceptedReviews(tx: Executor, assessmentId: string, previousVersion: number, newVersionId: string) {
  await tx.execute(sql`
    insert into item_reviews (version_id, checklist_item_id, decision, comment, is_carried_over, reviewed_by, reviewed_at)
    select ${newVersionId}, r.checklist_item_id, 'accepted', r.comment, true, r.reviewed_by, r.reviewed_at
    from item_reviews r join assessment_versions v on v.id = r.version_id
    where v.assessment_id = ${assessmentId} and v.version = ${previousVersion} and r.decision = 'accepted'`);
}

/**
 * Where "save and next" goes: the next item after `afterCode` (wrapping round) that still needs
 * an answer — unanswered, or returned for rework — among the items this user sees.
 */
export async function findNextItemToAnswer(exec: Executor, scope: InstitutionScope, assessmentId: string, afterCode: string) {
  const ws = await getAssessmentWorkspace(exec, scope, assessmentId);
  const start = ws.items.findIndex((r) => r.item.code === afterCode);
  const needsWork = (r: (typeof ws.items)[number]) =>
    !r.answer || (r.isReturned && r.answer.answeredAt < (ws.assessment.submittedAt ?? r.answer.answeredAt));
  for (let step = 1; step < ws.items.length; step++) {
    const row = ws.items[(start + step) % ws.items.length];
    if (needsWork(row)) return row.item.code;
  }
  return null;
}

export type RectificationUpdate = { lockVersion: number; rectificationStatus: "open" | "in_progress" | "rectified"; rectifiedOn?: string };

/**
 * Move a found problem's rectification along after submission (until the campaign's
 * rectification due date). The submitted versions keep what was submitted; this changes the
 * live record, and the audit trail keeps every step.
 */
export async function updateRectification(
  exec: Executor,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; data: RectificationUpdate },
  now: Date = new Date(),
): Promise<SaveAnswerResult> {
  return exec.transaction(async (tx) => {
    const { header, item, existing, permissions } = await lockItemForChange(tx, scope, input.assessmentId, input.itemCode, now);
    if (!existing || !permissions.canUpdateRectification) {
      return { ok: false as const, kind: "locked" as const, message: t("institution.rectificationClosed") };
    }
    if (existing.lockVersion !== input.data.lockVersion) {
      const [by] = await tx.select({ name: users.name }).from(users).where(eq(users.id, existing.answeredBy));
      return { ok: false as const, kind: "conflict" as const, current: existing, byName: by?.name ?? null };
    }
    const rectifiedOn = input.data.rectificationStatus === "rectified" ? (input.data.rectifiedOn ?? null) : null;
    if (input.data.rectificationStatus === "rectified" && !rectifiedOn) {
      return { ok: false as const, kind: "invalid" as const, fieldErrors: { rectifiedOn: t("institution.rectifiedOnRequired") } };
    }
    if (rectifiedOn && rectifiedOn > todayLocal(now)) {
      return { ok: false as const, kind: "invalid" as const, fieldErrors: { rectifiedOn: t("institution.rectifiedOnFuture") } };
    }
    const [saved] = await tx
      .update(assessmentItems)
      .set({ rectificationStatus: input.data.rectificationStatus, rectifiedOn, lockVersion: existing.lockVersion + 1 })
      .where(eq(assessmentItems.id, existing.id))
      .returning();
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "assessment_item.rectification_updated",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId: scope.institutionId,
      regionCode: header.assessment.regionCode,
      before: { itemCode: item.code, rectificationStatus: existing.rectificationStatus, rectifiedOn: existing.rectifiedOn },
      after: { itemCode: item.code, rectificationStatus: saved.rectificationStatus, rectifiedOn: saved.rectifiedOn },
    });
    await recomputeRisk(tx, [scope.institutionId], "rectification", now);
    return { ok: true as const, lockVersion: saved.lockVersion };
  });
}

/** The rectification board: where every found problem stands, from the live records. */
export function summariseRectification(
  items: {
    item: { isEvidenceRequired: boolean };
    answer: { answer: string; rectificationStatus: string | null; rectificationDueOn: string | null; refundedFen: number | null } | null;
    evidenceCount: number;
  }[],
  today: string,
) {
  const problems = items.filter((r) => r.answer?.answer === "problem_found");
  const isOverdue = (r: (typeof problems)[number]) =>
    r.answer!.rectificationStatus !== "rectified" && (r.answer!.rectificationDueOn ?? "9999-12-31") < today;
  return {
    total: problems.length,
    open: problems.filter((r) => r.answer!.rectificationStatus === "open" && !isOverdue(r)).length,
    inProgress: problems.filter((r) => r.answer!.rectificationStatus === "in_progress" && !isOverdue(r)).length,
    rectified: problems.filter((r) => r.answer!.rectificationStatus === "rectified").length,
    overdue: problems.filter(isOverdue).length,
    refundedFen: problems.reduce((sum, r) => sum + (r.answer!.refundedFen ?? 0), 0),
    needingEvidence: problems.filter((r) => r.item.isEvidenceRequired && r.evidenceCount === 0).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Pages: one scoped call each, returning everything the page shows. The helpers below them read
// by id without a scope, so they stay private: each page reaches them only after its scoped
// getter has answered 404 for anything outside the acting user's institution (or assignment).

/** The institution's home page: the institution and its self-checks. */
export async function getInstitutionHomePage(exec: Executor, scope: InstitutionScope) {
  const [institution, assessments] = await Promise.all([getInstitutionSummary(exec, scope), listAssessmentsForInstitution(exec, scope)]);
  return { institution, assessments };
}

type AssessmentRow = typeof assessments.$inferSelect;

/** One line of the self-check page: the item, the answer's state, and what the page marks on it. */
export type WorkspacePageItem = {
  item: { id: string; code: string; title: string; domain: string | null; section: string; isEvidenceRequired: boolean };
  answer: {
    answer: NonNullable<AnswerRow["answer"]>;
    rectificationStatus: AnswerRow["rectificationStatus"];
    rectificationDueOn: string | null;
    refundedFen: number | null;
  } | null;
  /** Evidence files of a found problem on an item that requires evidence (0 for the others: the page never shows it). */
  evidenceCount: number;
  isReturned: boolean;
  /** Who the item is assigned to (officers only; null for staff). */
  assignee: string | null;
};

type WorkspacePageRow = {
  assessment: Pick<
    AssessmentRow,
    | "id"
    | "status"
    | "itemCount"
    | "answeredCount"
    | "problemCount"
    | "amountInvolvedFen"
    | "refundedFen"
    | "commitmentSignedBy"
    | "currentVersion"
    | "reworkDueOn"
  > & { submittedAt: string | null };
  campaign: {
    title: string;
    status: string;
    selfCheckDueOn: string;
    rectificationDueOn: string;
    reviewPeriodStart: string;
    reviewPeriodEnd: string | null;
  };
  checklist: { title: string; docNumber: string };
  institution: { name: string };
  items: WorkspacePageItem[];
  returnedCount: number;
  staff: { id: string; name: string }[];
};

/**
 * A self-check's overview, in one SQL statement (docs/decisions/030): the header, only if the
 * self-check belongs to the acting institution (404 otherwise); the items that apply to its
 * kind (a staff member's: those assigned to them) with their answers, returned marks and, for
 * officers, assignees; and an officer's active staff. Every large table is read by the province key.
 */
export async function getWorkspacePage(exec: Executor, scope: InstitutionScope, assessmentId: string) {
  if (!isUuid(assessmentId)) notFound();
  const isOfficer = scope.role === "officer";
  // Correlated subqueries name the outer self-check's columns; the other tables have aliases.
  const a = {
    id: sql`${assessments.id}`,
    province: sql`${assessments.provinceCode}`,
    version: sql`${assessments.currentVersion}`,
  };
  const [row] = await exec.execute<{ page: WorkspacePageRow }>(sql`
    select json_build_object(
      'assessment', json_build_object(
        'id', ${assessments.id}, 'status', ${assessments.status}, 'itemCount', ${assessments.itemCount},
        'answeredCount', ${assessments.answeredCount}, 'problemCount', ${assessments.problemCount},
        'amountInvolvedFen', ${assessments.amountInvolvedFen}, 'refundedFen', ${assessments.refundedFen},
        'commitmentSignedBy', ${assessments.commitmentSignedBy}, 'submittedAt', ${assessments.submittedAt},
        'currentVersion', ${a.version}, 'reworkDueOn', ${assessments.reworkDueOn}),
      'campaign', json_build_object(
        'title', c.title, 'status', c.status, 'selfCheckDueOn', c.self_check_due_on, 'rectificationDueOn', c.rectification_due_on,
        'reviewPeriodStart', c.review_period_start, 'reviewPeriodEnd', c.review_period_end),
      'checklist', json_build_object('title', l.title, 'docNumber', l.doc_number),
      'institution', json_build_object('name', i.name),
      'items', coalesce((
        select json_agg(json_build_object(
          'item', json_build_object('id', ci.id, 'code', ci.code, 'title', ci.title, 'domain', ci.domain, 'section', ci.section,
            'isEvidenceRequired', ci.is_evidence_required),
          'answer', case when ai.id is not null then json_build_object('answer', ai.answer,
            'rectificationStatus', ai.rectification_status, 'rectificationDueOn', ai.rectification_due_on, 'refundedFen', ai.refunded_fen) end,
          'evidenceCount', case when ai.answer = 'problem_found' and ci.is_evidence_required then (
            select count(*)::int from evidence_files e
            where e.province_code = ${a.province} and e.assessment_id = ${a.id} and e.checklist_item_id = ci.id) else 0 end,
          'isReturned', ${assessments.status} = 'returned' and exists (
            select 1 from item_reviews r join assessment_versions av on av.id = r.version_id
            where av.province_code = ${a.province} and av.assessment_id = ${a.id} and av.version = ${a.version}
              and r.province_code = ${a.province} and r.checklist_item_id = ci.id and r.decision = 'returned'),
          'assignee', case when ${isOfficer}::boolean then (
            select u.name from item_assignments ia join users u on u.id = ia.assignee_id
            where ia.province_code = ${a.province} and ia.assessment_id = ${a.id} and ia.checklist_item_id = ci.id) end
        ) order by ci.position)
        from checklist_items ci
        left join assessment_items ai
          on ai.province_code = ${a.province} and ai.assessment_id = ${a.id} and ai.checklist_item_id = ci.id
        where ci.version_id = c.checklist_version_id and ci.applies_to @> array[i.kind]::text[]
          and (${isOfficer}::boolean or exists (
            select 1 from item_assignments x
            where x.province_code = ${a.province} and x.assessment_id = ${a.id} and x.checklist_item_id = ci.id
              and x.assignee_id = ${scope.userId}))
      ), '[]'::json),
      'returnedCount', case when ${assessments.status} = 'returned' then (
        select count(*)::int from item_reviews r join assessment_versions av on av.id = r.version_id
        where av.province_code = ${a.province} and av.assessment_id = ${a.id} and av.version = ${a.version}
          and r.province_code = ${a.province} and r.decision = 'returned') else 0 end,
      'staff', case when ${isOfficer}::boolean then coalesce((
        select json_agg(json_build_object('id', u.id, 'name', u.name) order by u.name) from users u
        where u.institution_id = ${scope.institutionId} and u.role = 'staff' and u.is_active), '[]'::json) else '[]'::json end
    ) as page
    from ${assessments}
    join campaigns c on c.id = ${assessments.campaignId}
    join institutions i on i.id = ${assessments.institutionId}
    join checklist_versions v on v.id = c.checklist_version_id
    join checklists l on l.id = v.checklist_id
    where ${provinceOfScope(assessments.provinceCode, scope)} and ${assessments.id} = ${assessmentId}
      and ${assessments.institutionId} = ${scope.institutionId} and c.status <> 'draft'`);
  if (!row) notFound();
  const { assessment, campaign, items, staff, ...rest } = row.page;
  const ws = {
    ...rest,
    assessment: { ...assessment, submittedAt: assessment.submittedAt ? new Date(assessment.submittedAt) : null },
    campaign,
    items,
    isEditable: isEditable({ assessment, campaign }),
    isAssignedOnly: !isOfficer,
  };
  return { ws, staff };
}

/** One item of a self-check with its evidence, its comment thread and the regulator's verdict. */
export async function getItemPage(exec: Executor, scope: InstitutionScope, assessmentId: string, itemCode: string) {
  const { ws, index, row } = await getWorkspaceItem(exec, scope, assessmentId, itemCode);
  const [evidence, comments, review] = await Promise.all([
    listItemEvidence(exec, ws.assessment.id, row.item.id),
    listItemComments(exec, ws.assessment.id, row.item.id),
    getCurrentItemReview(exec, ws.assessment.id, ws.assessment.currentVersion, row.item.id),
  ]);
  return { ws, index, row, evidence, comments, review };
}

async function listItemEvidence(exec: Executor, assessmentId: string, checklistItemId: string) {
  return exec
    .select({
      id: evidenceFiles.id,
      fileName: evidenceFiles.fileName,
      contentType: evidenceFiles.contentType,
      sizeBytes: evidenceFiles.sizeBytes,
      sha256: evidenceFiles.sha256,
      uploadedAt: evidenceFiles.uploadedAt,
      frozenAt: evidenceFiles.frozenAt,
      uploadedByName: users.name,
    })
    .from(evidenceFiles)
    .innerJoin(users, eq(users.id, evidenceFiles.uploadedBy))
    .where(and(eq(evidenceFiles.assessmentId, assessmentId), eq(evidenceFiles.checklistItemId, checklistItemId)))
    .orderBy(asc(evidenceFiles.uploadedAt));
}

/** The comment thread of one item, oldest first. */
async function listItemComments(exec: Executor, assessmentId: string, checklistItemId: string) {
  return exec
    .select({
      id: itemComments.id,
      body: itemComments.body,
      createdAt: itemComments.createdAt,
      authorName: users.name,
      authorRole: users.role,
    })
    .from(itemComments)
    .innerJoin(users, eq(users.id, itemComments.authorId))
    .where(and(eq(itemComments.assessmentId, assessmentId), eq(itemComments.checklistItemId, checklistItemId)))
    .orderBy(asc(itemComments.createdAt));
}

/** The regulator's verdict on one item in the newest version (for the institution's item page). */
async function getCurrentItemReview(exec: Executor, assessmentId: string, currentVersion: number, checklistItemId: string) {
  if (currentVersion === 0) return null;
  const [row] = await exec
    .select({
      decision: itemReviews.decision,
      comment: itemReviews.comment,
      reviewerName: users.name,
      reviewedAt: itemReviews.reviewedAt,
      versionDecision: assessmentVersions.decision,
    })
    .from(itemReviews)
    .innerJoin(assessmentVersions, eq(assessmentVersions.id, itemReviews.versionId))
    .leftJoin(users, eq(users.id, itemReviews.reviewedBy))
    .where(
      and(
        eq(assessmentVersions.assessmentId, assessmentId),
        eq(assessmentVersions.version, currentVersion),
        eq(itemReviews.checklistItemId, checklistItemId),
      ),
    );
  // Until the regulator decides the whole version, its item verdicts are drafts.
  return row && row.versionDecision !== "pending" ? row : null;
}
