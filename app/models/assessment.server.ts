import { and, asc, desc, eq, sql } from "drizzle-orm";
import {
  assessmentItems,
  assessments,
  campaigns,
  checklistItems,
  checklistVersions,
  checklists,
  institutions,
  users,
} from "../../db/schema";
import type { AnswerData } from "~/schemas/answer";
import type { SubmitData } from "~/schemas/submission";
import type { Executor } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { formatDateCn } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { forbidden, notFound, type InstitutionScope } from "~/utils/permissions.server";
import { recordAudit } from "./audit.server";

/** Statuses in which the institution may still change its answers. */
const EDITABLE_STATUSES = ["not_started", "in_progress"] as const;

/** The institution's self-checks in open or closed campaigns, soonest due first. */
export async function listAssessmentsForInstitution(exec: Executor, scope: InstitutionScope) {
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
    .select({ assessment: assessments, campaign: campaigns, institution: institutions })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(institutions, eq(institutions.id, assessments.institutionId))
    .where(and(eq(assessments.id, assessmentId), eq(assessments.institutionId, scope.institutionId)));
  const [row] = lock ? await query.for("update", { of: assessments }) : await query;
  if (!row || row.campaign.status === "draft") notFound();
  return row;
}

/** Items of the campaign's list that apply to this institution's kind, with its answers. */
export async function listAssessmentItems(exec: Executor, assessmentId: string, versionId: string, kind: string) {
  return exec
    .select({ item: checklistItems, answer: assessmentItems, answeredByName: users.name })
    .from(checklistItems)
    .leftJoin(
      assessmentItems,
      and(eq(assessmentItems.checklistItemId, checklistItems.id), eq(assessmentItems.assessmentId, assessmentId)),
    )
    .leftJoin(users, eq(users.id, assessmentItems.answeredBy))
    .where(and(eq(checklistItems.versionId, versionId), sql`${checklistItems.appliesTo} @> array[${kind}]::text[]`))
    .orderBy(asc(checklistItems.position));
}

export async function getAssessmentWorkspace(exec: Executor, scope: InstitutionScope, assessmentId: string) {
  const header = await getAssessmentHeader(exec, scope, assessmentId);
  const items = await listAssessmentItems(exec, assessmentId, header.campaign.checklistVersionId, header.institution.kind);
  const [checklist] = await exec
    .select({ title: checklists.title, docNumber: checklists.docNumber, issuer: checklists.issuer })
    .from(checklistVersions)
    .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
    .where(eq(checklistVersions.id, header.campaign.checklistVersionId));
  return { ...header, items, checklist, isEditable: isEditable(header) };
}

function isEditable(header: { assessment: { status: string }; campaign: { status: string } }) {
  return header.campaign.status === "open" && (EDITABLE_STATUSES as readonly string[]).includes(header.assessment.status);
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
    const header = await getAssessmentHeader(tx, scope, input.assessmentId, true);
    if (!isEditable(header)) {
      return { ok: false as const, kind: "locked" as const, message: header.campaign.status === "open" ? t("institution.notEditable") : t("institution.campaignNotOpen") };
    }
    const [item] = await tx
      .select()
      .from(checklistItems)
      .where(
        and(
          eq(checklistItems.versionId, header.campaign.checklistVersionId),
          eq(checklistItems.code, input.itemCode),
          sql`${checklistItems.appliesTo} @> array[${header.institution.kind}]::text[]`,
        ),
      );
    if (!item) notFound();
    const data = input.data;
    if (data.answer === "problem_found" && data.rectificationDueOn > header.campaign.rectificationDueOn) {
      return {
        ok: false as const,
        kind: "invalid" as const,
        fieldErrors: { rectificationDueOn: t("institution.rectificationDueAfterCampaign", { date: formatDateCn(header.campaign.rectificationDueOn) }) },
      };
    }
    const [existing] = await tx
      .select()
      .from(assessmentItems)
      .where(and(eq(assessmentItems.assessmentId, input.assessmentId), eq(assessmentItems.checklistItemId, item.id)));
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
        status: "in_progress",
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
  | { ok: true }
  | { ok: false; kind: "incomplete"; missing: { code: string; title: string }[] }
  | { ok: false; kind: "locked"; message: string };

/** Sign the commitment and submit. Only an institution officer may, and only when every item is answered. */
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
      return { ok: false as const, kind: "locked" as const, message: header.campaign.status === "open" ? t("institution.notEditable") : t("institution.campaignNotOpen") };
    }
    const items = await listAssessmentItems(tx, assessmentId, header.campaign.checklistVersionId, header.institution.kind);
    const missing = items.filter((r) => !r.answer).map((r) => ({ code: r.item.code, title: r.item.title }));
    if (missing.length > 0) return { ok: false as const, kind: "incomplete" as const, missing };
    await tx
      .update(assessments)
      .set({
        status: "submitted",
        commitmentSignedBy: data.signerName,
        commitmentSignedAt: now,
        submittedAt: now,
        submittedBy: scope.userId,
        updatedAt: now,
      })
      .where(eq(assessments.id, assessmentId));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "assessment.submitted",
      entityType: "assessment",
      entityId: assessmentId,
      institutionId: scope.institutionId,
      regionCode: header.assessment.regionCode,
      before: { status: header.assessment.status },
      after: {
        status: "submitted",
        signer: data.signerName,
        problemCount: header.assessment.problemCount,
        refundedFen: header.assessment.refundedFen,
      },
    });
    return { ok: true as const };
  });
}

/** The next unanswered item after `afterCode` (wrapping round), or null when all are answered. */
export async function findNextUnansweredCode(exec: Executor, scope: InstitutionScope, assessmentId: string, afterCode: string) {
  const header = await getAssessmentHeader(exec, scope, assessmentId);
  const items = await listAssessmentItems(exec, assessmentId, header.campaign.checklistVersionId, header.institution.kind);
  const start = items.findIndex((r) => r.item.code === afterCode);
  for (let step = 1; step <= items.length; step++) {
    const row = items[(start + step) % items.length];
    if (!row.answer) return row.item.code;
  }
  return null;
}
