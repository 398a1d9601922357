import { and, eq, sql } from "drizzle-orm";
import { assessments, evidenceFiles, itemAssignments } from "~db/schema";
import type { Executor } from "~/utils/db.server";
import { isUuid } from "~/utils/ids";
import { t } from "~/utils/i18n";
import { notFound, type InstitutionScope, type Scope } from "~/utils/permissions.server";
import type { EvidenceStorage } from "~/utils/storage.server";
import type { ReceivedFile, RejectedFile } from "~/utils/upload.server";
import { recordAudit } from "~/models/audit.server";
import { lockItemForChange } from "~/models/assessment.server";
import {
  openStoredFile,
  receiveAndAttach,
  removeUnreferencedBytes,
  storeAndAttach,
  type AttachResult,
  type FileOwnerKind,
} from "~/models/stored-file.server";
import { inRegionSubtree } from "~/models/region.server";

export type AddEvidenceResult = AttachResult;

type EvidenceTarget = { assessmentId: string; itemCode: string };

/** Evidence files of a self-check item: the institution's users, on items they may still change. */
const evidenceOwner: FileOwnerKind<InstitutionScope, EvidenceTarget> = {
  async authorize(exec, scope, target, now) {
    const { permissions } = await exec.transaction((tx) => lockItemForChange(tx, scope, target.assessmentId, target.itemCode, now));
    return permissions.canAddEvidence ? null : { ok: false, message: permissions.lockedReason ?? t("institution.notEditable") };
  },
  async insertRows(tx, scope, target, files, now) {
    const { header, item, permissions } = await lockItemForChange(tx, scope, target.assessmentId, target.itemCode, now);
    if (!permissions.canAddEvidence) return { ok: false as const, message: permissions.lockedReason ?? t("institution.notEditable") };
    for (const file of files) {
      const [row] = await tx
        .insert(evidenceFiles)
        .values({
          assessmentId: target.assessmentId,
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
        entityId: target.assessmentId,
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
    return { ok: true as const, count: files.length };
  },
};

/** Attach files already received to an item (the stored-file model: permission, store, rows, clean-up). */
export async function addEvidence(
  exec: Executor,
  storage: EvidenceStorage,
  scope: InstitutionScope,
  input: { assessmentId: string; itemCode: string; files: ReceivedFile[] },
  now: Date = new Date(),
): Promise<AddEvidenceResult> {
  return storeAndAttach(
    exec,
    storage,
    evidenceOwner,
    scope,
    { assessmentId: input.assessmentId, itemCode: input.itemCode },
    input.files,
    now,
  );
}

/** An upload form's evidence for an item: refused before a byte of the body is read when the user may not add any. */
export async function uploadEvidence(
  exec: Executor,
  storage: EvidenceStorage,
  scope: InstitutionScope,
  target: EvidenceTarget,
  receive: () => Promise<{ files: ReceivedFile[]; rejected: RejectedFile[] }>,
  now: Date = new Date(),
) {
  return receiveAndAttach(exec, storage, evidenceOwner, scope, target, receive, now);
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
async function getEvidenceForDownload(exec: Executor, scope: Scope, evidenceId: string) {
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

/** An evidence file opened for download, if the acting user may see its item (404 otherwise, or when its bytes are gone). */
export async function openEvidenceDownload(exec: Executor, storage: EvidenceStorage, scope: Scope, evidenceId: string) {
  return openStoredFile(storage, await getEvidenceForDownload(exec, scope, evidenceId));
}
