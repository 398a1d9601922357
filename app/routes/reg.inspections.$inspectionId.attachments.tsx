// Inspection attachments upload (multipart, streamed to disk, type sniffed, SHA-256 recorded);
// redirects back to the inspection with a message naming what was saved and what was not.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { addAttachments } from "~/models/inspection.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { discardUploads, receiveUploads, UploadRequestError } from "~/utils/upload.server";

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/reg/inspections/${params.inspectionId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const back = `/reg/inspections/${params.inspectionId}#attachments`;
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
      const result = await addAttachments(db, getEvidenceStorage(), scope, params.inspectionId!, received.files);
      messages.push(t("inspections.detail.uploaded", { count: result.count }));
    } else if (received.rejected.length === 0) {
      messages.push(t("inspections.detail.noFiles"));
    }
  } finally {
    // Whatever was not moved into storage (a refusal, an error) leaves no temp file behind.
    await discardUploads(received.files);
  }
  if (received.rejected.length > 0)
    messages.push(`${t("inspections.detail.rejected")}${received.rejected.map((r) => r.message).join("；")}`);
  return redirectWithFlash(back, messages.join("。"));
}
