// Evidence upload (multipart, streamed to disk) and deletion for one item. Both redirect back
// to the item page with a message naming what was saved and what was not.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { deleteEvidence, uploadEvidence } from "~/models/evidence.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { receiveUploads, UploadRequestError } from "~/utils/upload.server";

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

  const limits = { maxFileBytes: env.UPLOAD_MAX_FILE_MB * 1024 * 1024, maxFiles: env.UPLOAD_MAX_FILES };
  const target = { assessmentId: params.assessmentId!, itemCode: params.itemCode! };
  let uploaded;
  try {
    // The model checks the user may add evidence here before the body is read (receiveUploads).
    uploaded = await uploadEvidence(db, storage, scope, target, () => receiveUploads(request, limits));
  } catch (error) {
    if (error instanceof UploadRequestError) return redirectWithFlash(back, error.message);
    throw error;
  }
  const { result, rejected } = uploaded;
  const messages: string[] = [];
  if (result) messages.push(result.ok ? t("institution.evidenceUploaded", { count: result.count }) : result.message);
  else if (rejected.length === 0) messages.push(t("institution.evidenceNoFiles"));
  if (rejected.length > 0) messages.push(`${t("institution.evidenceRejected")}${rejected.map((r) => r.message).join("；")}`);
  return redirectWithFlash(back, messages.join("。"));
}
