// Streaming reception of evidence uploads (整改佐证材料). Each file goes straight from the
// request body to a temp file while its SHA-256 and size are counted, so memory stays flat
// however large the upload; the type is then sniffed from the bytes, never taken from the
// browser's Content-Type or the file name.
import { createHash, randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
// The "file-type" root resolves to its browser build under TypeScript's bundler resolution;
// the /node entry point is the one with fileTypeFromFile.
import { fileTypeFromFile } from "file-type/node";
import { msgs } from "~/utils/i18n";
import { defaultUploadTempDir, holdTempFile, releaseTempFile } from "~/utils/temp-files.server";

export { defaultUploadTempDir };

export const uploadMessages = msgs().upload;

/** What is accepted, keyed by the sniffed MIME type; `extension` is what ReceivedFile reports. */
export const ALLOWED_TYPES = [
  { mime: "image/jpeg", extension: "jpg" },
  { mime: "image/png", extension: "png" },
  { mime: "image/webp", extension: "webp" },
  { mime: "image/gif", extension: "gif" },
  { mime: "image/heic", extension: "heic" },
  { mime: "image/heif", extension: "heif" },
  { mime: "application/pdf", extension: "pdf" },
  { mime: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", extension: "docx" },
  { mime: "application/msword", extension: "doc" },
  { mime: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", extension: "xlsx" },
  { mime: "application/vnd.ms-excel", extension: "xls" },
] as const;

export type AllowedType = (typeof ALLOWED_TYPES)[number];

export type ReceivedFile = {
  originalName: string;
  /** Sniffed from the bytes. */
  contentType: AllowedType["mime"];
  extension: AllowedType["extension"];
  sizeBytes: number;
  sha256: string;
  tempPath: string;
};

export type RejectedFile = {
  originalName: string;
  reason: "too_large" | "empty" | "type" | "too_many";
  /** Chinese, names the file. */
  message: string;
};

/** The request as a whole cannot be read as an upload form: answer 400 with `message`. */
export class UploadRequestError extends Error {
  readonly status = 400;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "UploadRequestError";
  }
}

const MAX_NAME_CHARS = 200;
// Files beyond maxFiles are reported one by one up to this many more; past that busboy skips
// them silently, so a request of a million empty parts cannot grow the rejection list.
const MAX_EXTRA_FILES_REPORTED = 100;
const MAX_FIELDS = 100;
const MAX_FIELD_BYTES = 64 * 1024;

export async function receiveUploads(
  request: Request,
  opts: { maxFileBytes: number; maxFiles: number; tempDir?: string },
): Promise<{ fields: Record<string, string>; files: ReceivedFile[]; rejected: RejectedFile[] }> {
  const contentType = request.headers.get("content-type") ?? "";
  if (contentType.split(";")[0].trim().toLowerCase() !== "multipart/form-data" || !request.body) {
    throw new UploadRequestError(uploadMessages.notMultipart);
  }
  const tempDir = opts.tempDir ?? defaultUploadTempDir();
  await fs.mkdir(tempDir, { recursive: true, mode: 0o700 });

  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: Object.fromEntries(request.headers),
      defParamCharset: "utf8", // busboy's default is latin1, which garbles Chinese names
      limits: {
        // busboy marks a file truncated when it *reaches* fileSize, so +1 lets a file of
        // exactly maxFileBytes through and still catches the first byte over.
        fileSize: opts.maxFileBytes + 1,
        files: opts.maxFiles + MAX_EXTRA_FILES_REPORTED,
        fields: MAX_FIELDS,
        fieldSize: MAX_FIELD_BYTES,
      },
    });
  } catch (error) {
    throw new UploadRequestError(uploadMessages.notMultipart, { cause: error }); // e.g. no boundary
  }

  const fields = new Map<string, string>();
  let isFieldOverflow = false;
  // One entry per file part, in request order, settled as each file finishes.
  const outcomes: Promise<ReceivedFile | RejectedFile | null>[] = [];
  let fileCount = 0;
  let diskFailure: unknown;

  parser.on("field", (name, value, info) => {
    if (info.nameTruncated || info.valueTruncated) isFieldOverflow = true;
    else fields.set(name, value);
  });
  parser.on("fieldsLimit", () => (isFieldOverflow = true));
  parser.on("file", (_fieldName, stream, info) => {
    // Browsers send a nameless empty part for a file input left empty.
    if (!info.filename) return void stream.resume();
    const originalName = sanitizeFileName(info.filename);
    if (++fileCount > opts.maxFiles) {
      stream.resume(); // drain, so the parts after it are still read
      outcomes.push(Promise.resolve(rejection(originalName, "too_many", { max: opts.maxFiles })));
      return;
    }
    const outcome = saveFile(stream, originalName, tempDir, opts.maxFileBytes);
    // A disk error fails the whole request; destroying the parser ends every open file stream.
    outcome.catch((error) => {
      diskFailure ??= error;
      parser.destroy(error as Error);
    });
    outcomes.push(outcome);
  });

  let parseError: unknown;
  try {
    await pipeline(Readable.fromWeb(request.body as NodeWebReadableStream<Uint8Array>), parser);
  } catch (error) {
    parseError = error;
  }
  const settled = await Promise.allSettled(outcomes);

  const files: ReceivedFile[] = [];
  const rejected: RejectedFile[] = [];
  for (const result of settled) {
    if (result.status === "rejected" || result.value === null) continue;
    if ("reason" in result.value) rejected.push(result.value);
    else files.push(result.value);
  }
  if (diskFailure || parseError || isFieldOverflow) {
    await discardUploads(files);
    if (diskFailure) throw diskFailure; // our side failed: a 500, not the user's fault
    if (parseError) throw new UploadRequestError(uploadMessages.malformed, { cause: parseError });
    throw new UploadRequestError(uploadMessages.fieldsTooLarge);
  }
  return { fields: Object.fromEntries(fields), files, rejected };
}

/** Remove the temp files of uploads that were not (or could not be) put into storage. */
export async function discardUploads(files: ReceivedFile[]): Promise<void> {
  await Promise.all(
    files.map(async (file) => {
      await fs.rm(file.tempPath, { force: true });
      releaseTempFile(file.tempPath);
    }),
  );
}

/**
 * The file's own name, kept only as metadata: no directories (either separator), no control
 * or bidi-override characters (which can make "exe.pdf" display as "fdp.exe"), at most 200
 * characters with the extension kept.
 */
export function sanitizeFileName(raw: string): string {
  const cleaned = raw.normalize("NFC").replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, "");
  const base = (cleaned.split(/[/\\]/).pop() ?? "").trim();
  if (base === "" || /^\.+$/.test(base)) return uploadMessages.unnamedFile;
  const chars = Array.from(base); // code points, so a name is never cut inside a character
  if (chars.length <= MAX_NAME_CHARS) return base;
  const extension = Array.from(path.extname(base));
  const kept = extension.length <= 16 ? extension : [];
  return chars.slice(0, MAX_NAME_CHARS - kept.length).join("") + kept.join("");
}

/**
 * Resolves to null when the request broke off mid-file (the parser reports that); rejects
 * only when writing or reading the temp file failed.
 */
async function saveFile(
  stream: Readable & { truncated?: boolean },
  originalName: string,
  tempDir: string,
  maxFileBytes: number,
): Promise<ReceivedFile | RejectedFile | null> {
  const tempPath = path.join(tempDir, `${randomUUID()}.part`);
  // Held (kept fresh for the temp sweep) until discardUploads, or until storage consumed it.
  holdTempFile(tempPath);
  const hash = createHash("sha256");
  let sizeBytes = 0;
  const meter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      sizeBytes += chunk.length;
      done(null, chunk);
    },
  });
  const output = createWriteStream(tempPath, { flags: "wx", mode: 0o600 });
  // pipeline() hands one failure to every stream in it; whichever reports first is the cause.
  let failedSide: "request" | "disk" | undefined;
  stream.once("error", () => (failedSide ??= "request"));
  output.once("error", () => (failedSide ??= "disk"));
  try {
    await pipeline(stream, meter, output);
  } catch (error) {
    await fs.rm(tempPath, { force: true });
    releaseTempFile(tempPath);
    if (failedSide === "disk") throw error;
    return null;
  }

  // busboy has already skipped the rest of an oversized file, so the request reads on.
  const refusal = stream.truncated
    ? rejection(originalName, "too_large", { limit: formatSize(maxFileBytes) })
    : sizeBytes === 0
      ? rejection(originalName, "empty")
      : undefined;
  const type = refusal ? undefined : await sniffType(tempPath, originalName);
  if (!type) {
    await fs.rm(tempPath, { force: true });
    releaseTempFile(tempPath);
    return refusal ?? rejection(originalName, "type", { allowed: uploadMessages.allowedHint });
  }
  return {
    originalName,
    contentType: type.mime,
    extension: type.extension,
    sizeBytes,
    sha256: hash.digest("hex"),
    tempPath,
  };
}

async function sniffType(filePath: string, originalName: string): Promise<AllowedType | undefined> {
  // A hostile file may trip the detector; whatever it cannot name is not accepted.
  const detected = await fileTypeFromFile(filePath).catch(() => undefined);
  if (!detected) return undefined;
  let mime: string = detected.mime;
  if (mime === "application/x-cfb") {
    // .doc and .xls are both OLE compound files (as are .msi and others) and the detector
    // cannot tell them apart, so the name chooses between exactly these two.
    const extension = path.extname(originalName).toLowerCase();
    if (extension === ".doc") mime = "application/msword";
    else if (extension === ".xls") mime = "application/vnd.ms-excel";
    else return undefined;
  }
  return ALLOWED_TYPES.find((allowed) => allowed.mime === mime);
}

const rejectionMessages = {
  too_large: uploadMessages.tooLarge,
  empty: uploadMessages.empty,
  type: uploadMessages.type,
  too_many: uploadMessages.tooMany,
};

function rejection(originalName: string, reason: RejectedFile["reason"], params: Record<string, string | number> = {}): RejectedFile {
  const values: Record<string, string | number> = { name: originalName, ...params };
  const message = rejectionMessages[reason].replace(/\{(\w+)\}/g, (_, key: string) => String(values[key] ?? ""));
  return { originalName, reason, message };
}

/** 52428800 → "50 MB" (binary megabytes, as UPLOAD_MAX_FILE_MB is meant). */
function formatSize(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${Number(mb.toFixed(1))} MB` : `${Number((bytes / 1024).toFixed(1))} KB`;
}
