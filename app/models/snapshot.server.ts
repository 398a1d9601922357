import { asc, eq } from "drizzle-orm";
import {
  assessmentItems,
  assessments,
  campaigns,
  checklistItems,
  checklistVersions,
  checklists,
  evidenceFiles,
  institutions,
  regions,
  users,
} from "~db/schema";
import type { Executor } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import type { SnapshotEvidence, SubmissionSnapshot } from "~/domain/snapshot";

/** What is frozen: the self-check with its campaign and institution, and each applicable item with its answer. */
export type SnapshotSource = {
  header: {
    assessment: typeof assessments.$inferSelect;
    campaign: typeof campaigns.$inferSelect;
    institution: typeof institutions.$inferSelect;
  };
  items: { item: typeof checklistItems.$inferSelect; answer: typeof assessmentItems.$inferSelect | null }[];
};

/** Freeze what is being submitted: every applicable item's answer and its evidence by hash. */
export async function buildSnapshot(
  tx: Executor,
  header: SnapshotSource["header"],
  items: SnapshotSource["items"],
  meta: { version: number; submittedAt: Date; submittedBy: string; signerName: string },
): Promise<SubmissionSnapshot> {
  const { assessment, campaign, institution } = header;
  const [files, [checklist], [region], [submitter]] = await Promise.all([
    tx
      .select({
        id: evidenceFiles.id,
        itemId: evidenceFiles.checklistItemId,
        fileName: evidenceFiles.fileName,
        contentType: evidenceFiles.contentType,
        sizeBytes: evidenceFiles.sizeBytes,
        sha256: evidenceFiles.sha256,
      })
      .from(evidenceFiles)
      .where(eq(evidenceFiles.assessmentId, assessment.id))
      .orderBy(asc(evidenceFiles.uploadedAt)),
    tx
      .select({ title: checklists.title, docNumber: checklists.docNumber })
      .from(checklistVersions)
      .innerJoin(checklists, eq(checklists.id, checklistVersions.checklistId))
      .where(eq(checklistVersions.id, campaign.checklistVersionId)),
    tx.select({ name: regions.name }).from(regions).where(eq(regions.code, institution.regionCode)),
    tx.select({ name: users.name }).from(users).where(eq(users.id, meta.submittedBy)),
  ]);
  const evidenceByItem = new Map<string, SnapshotEvidence[]>();
  for (const { itemId, ...file } of files) {
    evidenceByItem.set(itemId, [...(evidenceByItem.get(itemId) ?? []), file]);
  }
  const snapshotItems = items.map(({ item, answer }) => {
    if (!answer) throw new Error(`item ${item.code} is unanswered`);
    return {
      checklistItemId: item.id,
      code: item.code,
      section: item.section,
      title: item.title,
      answer: answer.answer,
      description: answer.description,
      caseCount: answer.caseCount,
      amountInvolvedFen: answer.amountInvolvedFen,
      refundedFen: answer.refundedFen,
      rectificationPlan: answer.rectificationPlan,
      responsiblePerson: answer.responsiblePerson,
      rectificationDueOn: answer.rectificationDueOn,
      rectificationStatus: answer.rectificationStatus,
      rectifiedOn: answer.rectifiedOn,
      evidence: evidenceByItem.get(item.id) ?? [],
    };
  });
  const sum = (pick: (i: (typeof snapshotItems)[number]) => number | null) => snapshotItems.reduce((total, i) => total + (pick(i) ?? 0), 0);
  return {
    version: meta.version,
    submittedAt: meta.submittedAt.toISOString(),
    submittedByName: submitter?.name ?? "",
    signerName: meta.signerName,
    commitmentText: t("institution.commitmentText"),
    institution: {
      id: institution.id,
      name: institution.name,
      kind: institution.kind,
      nhsaCode: institution.nhsaCode,
      creditCode: institution.creditCode,
      regionName: region?.name ?? institution.regionCode,
    },
    campaign: {
      id: campaign.id,
      title: campaign.title,
      checklistTitle: checklist.title,
      checklistDocNumber: checklist.docNumber,
      reviewPeriodStart: campaign.reviewPeriodStart,
      reviewPeriodEnd: campaign.reviewPeriodEnd,
      selfCheckDueOn: campaign.selfCheckDueOn,
      rectificationDueOn: campaign.rectificationDueOn,
    },
    totals: {
      itemCount: snapshotItems.length,
      problemCount: snapshotItems.filter((i) => i.answer === "problem_found").length,
      amountInvolvedFen: sum((i) => i.amountInvolvedFen),
      refundedFen: sum((i) => i.refundedFen),
      evidenceCount: files.length,
    },
    items: snapshotItems,
  };
}
