// Reading the roster file of an upload form (one small file: held in memory, size-capped).
import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { MAX_ROSTER_FILE_MB } from "~/models/roster.server";
import { msgs, t } from "./i18n";

export type RosterUpload = { ok: true; name: string; bytes: Uint8Array } | { ok: false; error: string };

export async function receiveRosterUpload(request: Request): Promise<RosterUpload> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { ok: false, error: msgs().roster.errors.fileRequired };
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_ROSTER_FILE_MB * 1024 * 1024 }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return { ok: false, error: t("roster.errors.fileTooLarge", { mb: MAX_ROSTER_FILE_MB }) };
    return { ok: false, error: msgs().roster.errors.fileUnreadable };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, error: msgs().roster.errors.fileRequired };
  const name = file.name || "roster.csv";
  if (!/\.(xlsx|csv)$/i.test(name)) return { ok: false, error: msgs().roster.errors.fileType };
  return { ok: true, name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
