// Reading the roster file of an upload form (one small file: held in memory, size-capped, the
// form's parts and fields bounded).
import { MAX_ROSTER_FILE_MB } from "~/models/roster.server";
import { msgs, t } from "~/utils/i18n";
import { FormLimitError, readMultipartForm } from "~/utils/multipart-form.server";

export type RosterUpload = { ok: true; name: string; bytes: Uint8Array } | { ok: false; error: string };

export async function receiveRosterUpload(request: Request): Promise<RosterUpload> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) return { ok: false, error: msgs().roster.errors.fileRequired };
  let form: FormData;
  try {
    form = await readMultipartForm(request, {
      maxFileBytes: MAX_ROSTER_FILE_MB * 1024 * 1024,
      maxFiles: 1,
      maxFields: 10,
      maxFieldBytes: 4096,
    });
  } catch (error) {
    if (!(error instanceof FormLimitError)) throw error;
    if (error.reason === "file_too_large") return { ok: false, error: t("roster.errors.fileTooLarge", { mb: MAX_ROSTER_FILE_MB }) };
    return { ok: false, error: error.reason === "malformed" ? msgs().roster.errors.fileUnreadable : error.message };
  }
  const file = form.get("file");
  if (!file || typeof file === "string" || file.size === 0) return { ok: false, error: msgs().roster.errors.fileRequired };
  const name = file.name || "roster.csv";
  if (!/\.(xlsx|csv)$/i.test(name)) return { ok: false, error: msgs().roster.errors.fileType };
  return { ok: true, name, bytes: new Uint8Array(await file.arrayBuffer()) };
}
