// Evidence upload for a clue (multipart, streamed to disk): permission first (the stored-file
// model), then back to the clue with a message naming what was saved and what was not.
import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { uploadClueFiles } from "~/models/clue.server";
import { db } from "~/utils/db.server";
import { env } from "~/utils/env.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { msgs, t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";
import { receiveUploads, UploadRequestError } from "~/utils/upload.server";

export async function loader({ params }: ActionFunctionArgs) {
  return redirect(`/inst/clues/${params.clueId}`);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const back = `/inst/clues/${params.clueId}#evidence`;
  const limits = { maxFileBytes: env.UPLOAD_MAX_FILE_MB * 1024 * 1024, maxFiles: env.UPLOAD_MAX_FILES };
  let uploaded;
  try {
    uploaded = await uploadClueFiles(db, getEvidenceStorage(), scope, params.clueId ?? "", () => receiveUploads(request, limits));
  } catch (error) {
    if (error instanceof UploadRequestError) return redirectWithFlash(back, error.message);
    throw error;
  }
  const { result, rejected } = uploaded;
  const messages: string[] = [];
  if (result) messages.push(result.ok ? t("clues.evidence.uploaded", { count: result.count }) : result.message);
  else if (rejected.length === 0) messages.push(msgs().clues.evidence.noFiles);
  if (rejected.length > 0) messages.push(`${msgs().clues.evidence.rejected}${rejected.map((r) => r.message).join("；")}`);
  return redirectWithFlash(back, messages.join("。"));
}
