// Evidence upload (multipart, streamed to disk) and deletion for one item. Both redirect back
// to the item page with a message naming what was saved and what was not.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { addEvidence, deleteEvidence } from "~/models/evidence.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { discardUploads, receiveUploads, UploadRequestError } from "~/utils/upload.server";

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/inst/assessments/${params.assessmentId}/items/${params.itemCode}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const back = `/inst/assessments/${params.assessmentId}/items/${params.itemCode}#evidence`;
  const storage = getEvidenceStorage();
  const isMultipart = (request.headers.get("content-type") ?? "").startsWith("multipart/form-data");

  if (!isMultipart) {
    const form = await request.formData();
    const result = await deleteEvidence(db, storage, scope, {
      assessmentId: params.assessmentId!,
      itemCode: params.itemCode!,
      evidenceId: String(form.get("evidenceId") ?? ""),
    });
    return redirectWithFlash(back, result.ok ? t("institution.evidenceDeleted", { name: result.fileName }) : result.message);
  }

  let received;
  try {
    received = await receiveUploads(request, { maxFileBytes: env.UPLOAD_MAX_FILE_MB * 1024 * 1024, maxFiles: env.UPLOAD_MAX_FILES });
  } catch (error) {
    if (error instanceof UploadRequestError) return redirectWithFlash(back, error.message);
    throw error;
  }
  const messages: string[] = [];
  try {
    if (received.files.length > 0) {
      const result = await addEvidence(db, storage, scope, {
        assessmentId: params.assessmentId!,
        itemCode: params.itemCode!,
        files: received.files,
      });
      messages.push(result.ok ? t("institution.evidenceUploaded", { count: result.count }) : result.message);
    } else if (received.rejected.length === 0) {
      messages.push(t("institution.evidenceNoFiles"));
    }
  } finally {
    // Whatever was not moved into storage (a refusal, an error) leaves no temp file behind.
    await discardUploads(received.files);
  }
  if (received.rejected.length > 0)
    messages.push(`${t("institution.evidenceRejected")}${received.rejected.map((r) => r.message).join("；")}`);
  return redirectWithFlash(back, messages.join("。"));
}
