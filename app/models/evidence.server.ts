import { and, eq, sql } from "drizzle-orm";
import { assessments, evidenceFiles, itemAssignments } from "~db/schema";
import type { Executor } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { t } from "~/utils/i18n";
import { notFound, type InstitutionScope, type Scope } from "~/utils/permissions.server";
import type { EvidenceStorage } from "~/utils/storage.server";
import type { ReceivedFile } from "~/utils/upload.server";
import { recordAudit } from "~/models/audit.server";
import { lockItemForChange } from "~/models/assessment.server";
import { pinUploads, removeUnreferencedBytes, unpinUploads } from "~/models/evidence-bytes.server";
import { inRegionSubtree } from "~/models/region.server";

export type AddEvidenceResult = { ok: true; count: number } | { ok: false; message: string };

/**
 * Store received files and attach them to an item. The bytes go to storage first (content
 * addressed, so a retry or a duplicate costs nothing); the rows and their audit events are one
 * transaction. Temp files are always consumed.
 */
export async function addEvidence(
  exec: Executor,
  storage: EvidenceStorage,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; files: ReceivedFile[] },
  now: Date = new Date(),
): Promise<AddEvidenceResult> {
  // Copying up to 20 × 50 MB must not hold a transaction (and the self-check's row lock) open:
  // store first — content addressed, so a refusal below only leaves bytes nobody points at,
  // which are removed again.
  const hashes = input.files.map((f) => f.sha256);
  // Pinned first: bytes being stored are never taken for unreferenced (evidence-bytes.server.ts).
  const pins = await pinUploads(exec, hashes);
  let result: AddEvidenceResult;
  try {
    for (const file of input.files) await storage.putFile(file.tempPath, file.sha256, file.contentType);
    result = await addEvidenceRows(exec, scope, input, now);
  } catch (error) {
    await unpinUploads(exec, pins);
    await removeUnreferencedBytes(exec, storage, hashes);
    throw error;
  }
  await unpinUploads(exec, pins);
  if (!result.ok) await removeUnreferencedBytes(exec, storage, hashes);
  return result;
}

async function addEvidenceRows(
  exec: Executor,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; files: ReceivedFile[] },
  now: Date,
): Promise<AddEvidenceResult> {
  return exec.transaction(async (tx) => {
    const { header, item, permissions } = await lockItemForChange(tx, scope, input.assessmentId, input.itemCode, now);
    if (!permissions.canAddEvidence) return { ok: false as const, message: permissions.lockedReason ?? t("institution.notEditable") };
    for (const file of input.files) {
      const [row] = await tx
        .insert(evidenceFiles)
        .values({
          assessmentId: input.assessmentId,
          checklistItemId: item.id,
          institutionId: scope.institutionId,
          fileName: file.originalName,
          contentType: file.contentType,
          sizeBytes: file.sizeBytes,
          sha256: file.sha256,
          uploadedBy: scope.userId,
          uploadedAt: now,
        })
        .returning({ id: evidenceFiles.id });
      await recordAudit(tx, {
        actorUserId: scope.userId,
        action: "evidence.uploaded",
        entityType: "assessment",
        entityId: input.assessmentId,
        institutionId: scope.institutionId,
        regionCode: header.assessment.regionCode,
        after: {
          itemCode: item.code,
          evidenceId: row.id,
          fileName: file.originalName,
          sha256: file.sha256,
          sizeBytes: file.sizeBytes,
          contentType: file.contentType,
        },
      });
    }
    return { ok: true as const, count: input.files.length };
  });
}

export type DeleteEvidenceResult = { ok: true; fileName: string } | { ok: false; message: string };

/** Remove a file that no submission includes yet, from an item the user may still change. */
export async function deleteEvidence(
  exec: Executor,
  storage: EvidenceStorage,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; evidenceId: string },
  now: Date = new Date(),
): Promise<DeleteEvidenceResult> {
  if (!isUuid(input.evidenceId)) notFound();
  const result = await exec.transaction(async (tx) => {
    const { header, item, permissions } = await lockItemForChange(tx, scope, input.assessmentId, input.itemCode, now);
    const [file] = await tx
      .select()
      .from(evidenceFiles)
      .where(
        and(
          eq(evidenceFiles.id, input.evidenceId),
          eq(evidenceFiles.assessmentId, input.assessmentId),
          eq(evidenceFiles.checklistItemId, item.id),
        ),
      );
    if (!file) notFound();
    if (file.frozenAt) return { ok: false as const, message: t("institution.evidenceFrozen") };
    if (!permissions.canAddEvidence) return { ok: false as const, message: permissions.lockedReason ?? t("institution.notEditable") };
    await tx.delete(evidenceFiles).where(eq(evidenceFiles.id, file.id));
    await recordAudit(tx, {
      actorUserId: scope.userId,
      action: "evidence.deleted",
      entityType: "assessment",
      entityId: input.assessmentId,
      institutionId: scope.institutionId,
      regionCode: header.assessment.regionCode,
      before: { itemCode: item.code, evidenceId: file.id, fileName: file.fileName, sha256: file.sha256 },
    });
    return { ok: true as const, fileName: file.fileName, sha256: file.sha256 };
  });
  if (result.ok) {
    // The bytes go only when no other row (any institution) still points at the same content.
    await removeUnreferencedBytes(exec, storage, [result.sha256]);
    return { ok: true, fileName: result.fileName };
  }
  return result;
}

/**
 * An evidence file for download, if the acting user may see its item: the institution's own
 * users (staff only for items assigned to them) and regulators whose subtree holds it.
 */
export async function getEvidenceForDownload(exec: Executor, scope: Scope, evidenceId: string) {
  if (!isUuid(evidenceId)) notFound();
  const conditions = [eq(evidenceFiles.id, evidenceId)];
  if (scope.kind === "institution") {
    conditions.push(eq(evidenceFiles.institutionId, scope.institutionId));
    if (scope.role === "staff") {
      conditions.push(
        sql`exists (select 1 from ${itemAssignments} ia where ia.assessment_id = ${evidenceFiles.assessmentId}
              and ia.checklist_item_id = ${evidenceFiles.checklistItemId} and ia.assignee_id = ${scope.userId})`,
      );
    }
  } else {
    conditions.push(inRegionSubtree(assessments.regionCode, scope.regionCode));
  }
  const [row] = await exec
    .select({ file: evidenceFiles })
    .from(evidenceFiles)
    .innerJoin(assessments, eq(assessments.id, evidenceFiles.assessmentId))
    .where(and(...conditions));
  return row?.file ?? notFound();
}
