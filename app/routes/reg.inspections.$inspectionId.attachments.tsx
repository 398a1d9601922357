// Inspection attachments upload (multipart, streamed to disk, type sniffed, SHA-256 recorded);
// redirects back to the inspection with a message naming what was saved and what was not.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { uploadAttachments } from "~/models/inspection.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { receiveUploads, UploadRequestError } from "~/utils/upload.server";

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/reg/inspections/${params.inspectionId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const back = `/reg/inspections/${params.inspectionId}#attachments`;
  const limits = { maxFileBytes: env.UPLOAD_MAX_FILE_MB * 1024 * 1024, maxFiles: env.UPLOAD_MAX_FILES };
  let uploaded;
  try {
    // The model checks the inspection is the regulator's to manage before the body is read (receiveUploads).
    uploaded = await uploadAttachments(db, getEvidenceStorage(), scope, params.inspectionId!, () => receiveUploads(request, limits));
  } catch (error) {
    if (error instanceof UploadRequestError) return redirectWithFlash(back, error.message);
    throw error;
  }
  const { result, rejected } = uploaded;
  const messages: string[] = [];
  if (result) messages.push(result.ok ? t("inspections.detail.uploaded", { count: result.count }) : result.message);
  else if (rejected.length === 0) messages.push(t("inspections.detail.noFiles"));
  if (rejected.length > 0) messages.push(`${t("inspections.detail.rejected")}${rejected.map((r) => r.message).join("；")}`);
  return redirectWithFlash(back, messages.join("。"));
}
