import { and, asc, desc, eq, inArray } from "drizzle-orm";
import {
  assessmentVersions,
  assessmentItems,
  assessments,
  auditEvents,
  campaigns,
  checklistItems,
  institutions,
  itemAssignments,
  itemComments,
  itemReviews,
  regions,
  users,
} from "~db/schema";
import type { Executor } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { forbidden, notFound, type InstitutionScope, type RegionScope, type Scope } from "~/utils/permissions.server";
import { recordAudit } from "~/models/audit.server";
import { getAssessmentHeader, getWorkspaceItem, listAssignedItemIds } from "~/models/assessment.server";
import { buildAssessmentReport, reportFileName } from "~/models/report.server";
import { diffSnapshots } from "~/domain/snapshot-diff";
import { xlsxFile, type FileDownload } from "~/utils/download.server";
import { inRegionSubtree } from "~/models/region.server";
import { recomputeRisk } from "~/models/risk.server";
import { provinceOf } from "~db/schema/province";

/** A self-check as a regulator sees it: only inside its region subtree; otherwise 404. */
async function getAssessmentForRegulator(exec: Executor, scope: RegionScope, assessmentId: string, lock = false) {
  if (!isUuid(assessmentId)) notFound();
  const query = exec
    .select({ assessment: assessments, campaign: campaigns, institution: institutions, regionName: regions.name })
    .from(assessments)
    .innerJoin(campaigns, eq(campaigns.id, assessments.campaignId))
    .innerJoin(institutions, eq(institutions.id, assessments.institutionId))
    .innerJoin(regions, eq(regions.code, assessments.regionCode))
    .where(
      and(
        eq(assessments.provinceCode, provinceOf(scope.regionCode)),
        eq(assessments.id, assessmentId),
        inRegionSubtree(assessments.regionCode, scope.regionCode),
      ),
    );
  const [row] = lock ? await query.for("update", { of: assessments }) : await query;
  return row ?? notFound();
}

/** Check the acting user may see this self-check (institution: its own; regulator: its subtree). */
async function assertCanSee(exec: Executor, scope: Scope, assessmentId: string) {
  if (scope.kind === "institution") await getAssessmentHeader(exec, scope, assessmentId);
  else await getAssessmentForRegulator(exec, scope, assessmentId);
}

/**
 * The whole self-check (every item's answers in its submitted versions, its audit trail): its
 * officer and the bureaus above it. A staff member sees only the items assigned to them, so
 * these views are refused (403) rather than trimmed.
 */
async function assertCanSeeWhole(exec: Executor, scope: Scope, assessmentId: string) {
  await assertCanSee(exec, scope, assessmentId);
  if (scope.kind === "institution" && scope.role !== "officer") forbidden();
}

/** Every submitted version, newest first, with the decision on each. */
async function listVersions(exec: Executor, scope: Scope, assessmentId: string) {
  await assertCanSeeWhole(exec, scope, assessmentId);
  return selectVersions(exec, assessmentId);
}

async function selectVersions(exec: Executor, assessmentId: string) {
  return exec
    .select({
      id: assessmentVersions.id,
      version: assessmentVersions.version,
      snapshot: assessmentVersions.snapshot,
      submittedAt: assessmentVersions.submittedAt,
      decision: assessmentVersions.decision,
      decidedAt: assessmentVersions.decidedAt,
      decisionComment: assessmentVersions.decisionComment,
      reworkDueOn: assessmentVersions.reworkDueOn,
      decidedByName: users.name,
    })
    .from(assessmentVersions)
    .leftJoin(users, eq(users.id, assessmentVersions.decidedBy))
    .where(eq(assessmentVersions.assessmentId, assessmentId))
    .orderBy(desc(assessmentVersions.version));
}

async function listItemReviews(exec: Executor, versionIds: string[]) {
  if (versionIds.length === 0) return [];
  return exec
    .select({
      versionId: itemReviews.versionId,
      checklistItemId: itemReviews.checklistItemId,
      decision: itemReviews.decision,
      comment: itemReviews.comment,
      isCarriedOver: itemReviews.isCarriedOver,
      reviewedAt: itemReviews.reviewedAt,
      reviewerName: users.name,
    })
    .from(itemReviews)
    .leftJoin(users, eq(users.id, itemReviews.reviewedBy))
    .where(inArray(itemReviews.versionId, versionIds));
}

export type ReviewResult =
  { ok: true; version?: number } | { ok: false; message?: string; fieldErrors?: Record<string, string | undefined> };

/** The newest version, if it waits for a decision; locks the self-check row. */
async function lockPendingVersion(tx: Executor, scope: RegionScope, assessmentId: string) {
  const row = await getAssessmentForRegulator(tx, scope, assessmentId, true);
  if (!["submitted", "resubmitted"].includes(row.assessment.status)) return { row, version: null };
  const [version] = await tx
    .select()
    .from(assessmentVersions)
    .where(and(eq(assessmentVersions.assessmentId, assessmentId), eq(assessmentVersions.version, row.assessment.currentVersion)));
  return { row, version: version?.decision === "pending" ? version : null };
}

/** Accept or return one item of the version under review. A return needs a comment. */
export async function reviewItem(
  exec: Executor,
  scope: RegionScope,
  input: { assessmentId: string; checklistItemId: string; decision: "accepted" | "returned"; comment?: string },
  now: Date = new Date(),
): Promise<ReviewResult> {
  return exec.transaction(async (tx) => {
    const { row, version } = await lockPendingVersion(tx, scope, input.assessmentId);
    if (!version) return { ok: false as const, message: t("review.notPending") };
    if (!version.snapshot.items.some((i) => i.checklistItemId === input.checklistItemId)) notFound();
    const comment = input.comment?.trim() || null;
    if (input.decision === "returned" && !comment) return { ok: false as const, fieldErrors: { comment: t("review.returnNeedsComment") } };
    const [before] = await tx
      .select()
      .from(itemReviews)
      .where(and(eq(itemReviews.versionId, version.id), eq(itemReviews.checklistItemId, input.checklistItemId)));
    const values = { decision: input.decision, comment, isCarriedOver: false, reviewedBy: scope.userId, reviewedAt: now };
    await tx
      .insert(itemReviews)
      .values({ versionId: version.id, checklistItemId: input.checklistItemId, ...values })
      .onConflictDoUpdate({ target: [itemReviews.versionId, itemReviews.checklistItemId], set: values });
    const code = version.snapshot.items.find((i) => i.checklistItemId === input.checklistItemId)!.code;
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "review.item_reviewed",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId: row.institution.id,
      regionCode: row.assessment.regionCode,
      before: before ? { itemCode: code, decision: before.decision, comment: before.comment } : { itemCode: code },
      after: { itemCode: code, version: version.version, decision: input.decision, comment },
    });
    return { ok: true as const };
  });
}

/**
 * Decide the whole version: accept it, or return it for rework by a due date. Returning needs
 * at least one item returned; accepting is refused while any item is marked returned.
 */
export async function decideAssessment(
  exec: Executor,
  scope: RegionScope,
  input: { assessmentId: string; decision: "accepted" | "returned"; comment?: string; reworkDueOn?: string },
  now: Date = new Date(),
): Promise<ReviewResult> {
  return exec.transaction(async (tx) => {
    const { row, version } = await lockPendingVersion(tx, scope, input.assessmentId);
    if (!version) return { ok: false as const, message: t("review.notPending") };
    const reviews = await tx.select().from(itemReviews).where(eq(itemReviews.versionId, version.id));
    const returned = reviews.filter((r) => r.decision === "returned");
    if (input.decision === "returned" && returned.length === 0) return { ok: false as const, message: t("review.returnNeedsItems") };
    if (input.decision === "accepted" && returned.length > 0)
      return { ok: false as const, message: t("review.acceptWithReturned", { count: returned.length }) };
    if (input.decision === "returned" && !input.reworkDueOn)
      return { ok: false as const, fieldErrors: { reworkDueOn: t("validation.required") } };
    if (input.decision === "returned" && input.reworkDueOn! < todayLocal(now))
      return { ok: false as const, fieldErrors: { reworkDueOn: t("review.reworkDueInPast") } };
    const comment = input.comment?.trim() || null;
    // Items not looked at one by one are accepted with the whole.
    const reviewed = new Set(reviews.map((r) => r.checklistItemId));
    const unreviewed = version.snapshot.items.filter((i) => !reviewed.has(i.checklistItemId));
    if (unreviewed.length > 0) {
      await tx.insert(itemReviews).values(
        unreviewed.map((i) => ({
          versionId: version.id,
          checklistItemId: i.checklistItemId,
          decision: "accepted" as const,
          reviewedBy: scope.userId,
          reviewedAt: now,
        })),
      );
    }
    await tx
      .update(assessmentVersions)
      .set({
        decision: input.decision,
        decidedAt: now,
        decidedBy: scope.userId,
        decisionComment: comment,
        reworkDueOn: input.decision === "returned" ? input.reworkDueOn! : null,
      })
      .where(eq(assessmentVersions.id, version.id));
    const status = input.decision === "accepted" ? "accepted" : "returned";
    await tx
      .update(assessments)
      .set({ status, reworkDueOn: input.decision === "returned" ? input.reworkDueOn! : null, updatedAt: now })
      .where(eq(assessments.id, input.assessmentId));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: input.decision === "accepted" ? "review.accepted" : "review.returned",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId: row.institution.id,
      regionCode: row.assessment.regionCode,
      before: { status: row.assessment.status },
      after: { status, version: version.version, comment, reworkDueOn: input.reworkDueOn ?? null, returnedItems: returned.length },
    });
    await recomputeRisk(tx, [row.institution.id], "review", now);
    return { ok: true as const, version: version.version };
  });
}

/** Add to an item's thread, from either side; the item must belong to the self-check's list. */
export async function addItemComment(
  exec: Executor,
  scope: Scope,
  input: { assessmentId: string; checklistItemId: string; body: string },
): Promise<ReviewResult> {
  return exec.transaction(async (tx) => {
    let institutionId: string;
    let regionCode: string;
    let versionId: string;
    if (scope.kind === "institution") {
      const header = await getAssessmentHeader(tx, scope, input.assessmentId);
      const assigned = await listAssignedItemIds(tx, scope, input.assessmentId);
      if (assigned && !assigned.has(input.checklistItemId)) notFound();
      institutionId = header.institution.id;
      regionCode = header.assessment.regionCode;
      versionId = header.campaign.checklistVersionId;
    } else {
      const row = await getAssessmentForRegulator(tx, scope, input.assessmentId);
      institutionId = row.institution.id;
      regionCode = row.assessment.regionCode;
      versionId = row.campaign.checklistVersionId;
    }
    if (!isUuid(input.checklistItemId)) notFound();
    const [item] = await tx
      .select({ code: checklistItems.code })
      .from(checklistItems)
      .where(and(eq(checklistItems.id, input.checklistItemId), eq(checklistItems.versionId, versionId)));
    if (!item) notFound();
    const body = input.body.trim();
    if (!body) return { ok: false as const, fieldErrors: { body: t("validation.required") } };
    await tx
      .insert(itemComments)
      .values({ assessmentId: input.assessmentId, checklistItemId: input.checklistItemId, authorId: scope.userId, body });
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "comment.added",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId,
      regionCode,
      after: { itemCode: item.code, body },
    });
    return { ok: true as const };
  });
}

/** The audit trail of one self-check, in order, with who did it. */
async function selectAssessmentAudit(exec: Executor, assessmentId: string) {
  return exec
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      before: auditEvents.before,
      after: auditEvents.after,
      actorName: users.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorUserId))
    .where(and(eq(auditEvents.entityType, "assessment"), eq(auditEvents.entityId, assessmentId)))
    .orderBy(asc(auditEvents.id));
}

/** Officer assigns items to a staff account of the same institution (or clears the assignment). */
export async function assignItems(
  exec: Executor,
  scope: InstitutionScope,
  input: { assessmentId: string; checklistItemIds: string[]; assigneeId: string | null },
): Promise<ReviewResult> {
  if (scope.role !== "officer") notFound();
  return exec.transaction(async (tx) => {
    const header = await getAssessmentHeader(tx, scope, input.assessmentId, true);
    const ids = input.checklistItemIds.filter(isUuid);
    if (ids.length === 0) return { ok: false as const, fieldErrors: { checklistItemIds: t("assignment.pickItems") } };
    const valid = await tx
      .select({ id: checklistItems.id, code: checklistItems.code })
      .from(checklistItems)
      .where(and(eq(checklistItems.versionId, header.campaign.checklistVersionId), inArray(checklistItems.id, ids)));
    if (valid.length !== ids.length) notFound();
    let assigneeName: string | null = null;
    if (input.assigneeId) {
      if (!isUuid(input.assigneeId)) notFound();
      const [staff] = await tx
        .select({ name: users.name })
        .from(users)
        .where(
          and(
            eq(users.id, input.assigneeId),
            eq(users.institutionId, scope.institutionId),
            eq(users.role, "staff"),
            eq(users.isActive, true),
          ),
        );
      if (!staff) return { ok: false as const, fieldErrors: { assigneeId: t("assignment.pickStaff") } };
      assigneeName = staff.name;
    }
    await tx
      .delete(itemAssignments)
      .where(and(eq(itemAssignments.assessmentId, input.assessmentId), inArray(itemAssignments.checklistItemId, ids)));
    if (input.assigneeId) {
      await tx.insert(itemAssignments).values(
        ids.map((id) => ({
          assessmentId: input.assessmentId,
          checklistItemId: id,
          assigneeId: input.assigneeId!,
          assignedBy: scope.userId,
        })),
      );
    }
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "assessment.items_assigned",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId: scope.institutionId,
      regionCode: header.assessment.regionCode,
      after: { itemCodes: valid.map((v) => v.code), assignee: assigneeName },
    });
    return { ok: true as const };
  });
}

/** All comments of a self-check, grouped by item (for the review page). */
async function listCommentsByItem(exec: Executor, assessmentId: string) {
  const rows = await exec
    .select({
      id: itemComments.id,
      checklistItemId: itemComments.checklistItemId,
      body: itemComments.body,
      createdAt: itemComments.createdAt,
      authorName: users.name,
      authorRole: users.role,
    })
    .from(itemComments)
    .innerJoin(users, eq(users.id, itemComments.authorId))
    .where(eq(itemComments.assessmentId, assessmentId))
    .orderBy(asc(itemComments.createdAt));
  const byItem: Record<string, typeof rows> = {};
  for (const row of rows) (byItem[row.checklistItemId] ??= []).push(row);
  return byItem;
}

/** The live rectification of each answered item (it moves on after submission). */
async function listLiveRectification(exec: Executor, provinceCode: string, assessmentId: string) {
  return exec
    .select({
      checklistItemId: assessmentItems.checklistItemId,
      rectificationStatus: assessmentItems.rectificationStatus,
      rectifiedOn: assessmentItems.rectifiedOn,
    })
    .from(assessmentItems)
    .where(and(eq(assessmentItems.provinceCode, provinceCode), eq(assessmentItems.assessmentId, assessmentId)));
}

// ---------------------------------------------------------------------------------------------
// Pages: one scoped call each. The by-id helpers above are private and run only after the
// scoped getter (404 outside the region subtree or the institution).

/**
 * The regulator's review page: the newest version item by item (its verdicts, the previous
 * version's, the live rectification, the comments), the version list, the diff, the audit trail.
 */
export async function getReviewPage(exec: Executor, scope: RegionScope, assessmentId: string) {
  const row = await getAssessmentForRegulator(exec, scope, assessmentId);
  const id = row.assessment.id;
  const [versions, audit, commentsByItem, live] = await Promise.all([
    selectVersions(exec, id),
    selectAssessmentAudit(exec, id),
    listCommentsByItem(exec, id),
    listLiveRectification(exec, row.assessment.provinceCode, id),
  ]);
  const [latest, previous] = versions;
  const reviews = await listItemReviews(
    exec,
    versions.slice(0, 2).map((v) => v.id),
  );
  const reviewOf = (versionId: string | undefined, itemId: string) =>
    reviews.find((r) => r.versionId === versionId && r.checklistItemId === itemId) ?? null;
  const liveByItem = new Map(live.map((l) => [l.checklistItemId, l]));
  return {
    assessment: row.assessment,
    campaign: { id: row.campaign.id, title: row.campaign.title },
    institution: { name: row.institution.name, nhsaCode: row.institution.nhsaCode, kind: row.institution.kind, regionName: row.regionName },
    latest: latest
      ? {
          version: latest.version,
          decision: latest.decision,
          totals: latest.snapshot.totals,
          submittedAt: latest.submittedAt,
          signerName: latest.snapshot.signerName,
          items: latest.snapshot.items.map((item) => ({
            ...item,
            review: reviewOf(latest.id, item.checklistItemId),
            previousReview: reviewOf(previous?.id, item.checklistItemId),
            live: liveByItem.get(item.checklistItemId) ?? null,
            comments: commentsByItem[item.checklistItemId] ?? [],
          })),
        }
      : null,
    isPending: latest?.decision === "pending",
    versions,
    diff:
      latest && previous ? { from: previous.version, to: latest.version, items: diffSnapshots(previous.snapshot, latest.snapshot) } : null,
    audit,
  };
}

/** The institution's history page: its submitted versions, the newest diff, the audit trail (officers). */
export async function getHistoryPage(exec: Executor, scope: InstitutionScope, assessmentId: string) {
  const header = await getAssessmentHeader(exec, scope, assessmentId);
  if (scope.role !== "officer") forbidden();
  const id = header.assessment.id;
  const [versions, audit] = await Promise.all([selectVersions(exec, id), selectAssessmentAudit(exec, id)]);
  const [latest, previous] = versions;
  return {
    assessmentId: id,
    campaignTitle: header.campaign.title,
    versions,
    diff:
      latest && previous ? { from: previous.version, to: latest.version, items: diffSnapshots(previous.snapshot, latest.snapshot) } : null,
    audit,
  };
}

/**
 * The .xlsx report of one submitted version (the newest unless `version` is given), with the
 * review decisions once the version is decided; for the institution's officer and the bureaus above.
 */
export async function getReportDownload(exec: Executor, scope: Scope, assessmentId: string, version: string | null): Promise<FileDownload> {
  const versions = await listVersions(exec, scope, assessmentId);
  const chosen = version ? versions.find((v) => String(v.version) === version) : versions[0];
  if (!chosen) notFound();
  const reviews = chosen.decision === "pending" ? [] : await listItemReviews(exec, [chosen.id]);
  const buffer = await buildAssessmentReport(chosen.snapshot, {
    review: {
      decision: chosen.decision,
      decidedAt: chosen.decidedAt?.toISOString() ?? null,
      comment: chosen.decisionComment,
      items: reviews.length
        ? Object.fromEntries(reviews.map((r) => [r.checklistItemId, { decision: r.decision, comment: r.comment }]))
        : undefined,
    },
  });
  return xlsxFile(buffer, reportFileName(chosen.snapshot));
}

/** The institution comments on one of its items, named by its code (404 outside what it may see). */
export async function commentOnItem(
  exec: Executor,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; body: string },
) {
  const { row } = await getWorkspaceItem(exec, scope, input.assessmentId, input.itemCode);
  return addItemComment(exec, scope, { assessmentId: input.assessmentId, checklistItemId: row.item.id, body: input.body });
}
