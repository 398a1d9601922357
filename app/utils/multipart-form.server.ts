// A bounded replacement for `request.formData()` on forms that carry one small file (the roster
// and checklist imports): busboy caps the number of parts, fields and files, each field's length
// and each file's size while it streams, so no request can make the server hold more than those
// limits. Larger uploads (evidence, inspection attachments) stream to disk instead
// (upload.server.ts).
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as NodeWebReadableStream } from "node:stream/web";
import busboy from "busboy";
import { t } from "~/utils/i18n";

export type MultipartLimits = {
  /** Per file; a larger one refuses the whole form. */
  maxFileBytes: number;
  maxFiles: number;
  maxFields: number;
  /** Per field value, in bytes of UTF-8. */
  maxFieldBytes: number;
};

export type FormLimitReason = "file_too_large" | "too_many_parts" | "field_too_long" | "malformed";

/** The form broke a limit or could not be read; `message` is Chinese, for the form. */
export class FormLimitError extends Error {
  constructor(
    readonly reason: FormLimitReason,
    message: string,
    readonly status: 400 | 413 = reason === "malformed" ? 400 : 413,
  ) {
    super(message);
    this.name = "FormLimitError";
  }
}

const formatMb = (bytes: number) => `${Number((bytes / (1024 * 1024)).toFixed(1))} MB`;

/** Reads a multipart/form-data body into a FormData within `limits`, or throws FormLimitError. */
export async function readMultipartForm(request: Request, limits: MultipartLimits): Promise<FormData> {
  if (!request.body) throw new FormLimitError("malformed", t("limits.form.malformed"));
  let parser: busboy.Busboy;
  try {
    parser = busboy({
      headers: Object.fromEntries(request.headers),
      defParamCharset: "utf8",
      limits: {
        // busboy marks a file truncated when it reaches fileSize: +1 lets exactly maxFileBytes through.
        fileSize: limits.maxFileBytes + 1,
        files: limits.maxFiles,
        fields: limits.maxFields,
        fieldSize: limits.maxFieldBytes,
        parts: limits.maxFiles + limits.maxFields,
      },
    });
  } catch {
    throw new FormLimitError("malformed", t("limits.form.malformed")); // not multipart, or no boundary
  }

  const form = new FormData();
  let refusal: FormLimitError | undefined;
  const refuse = (error: FormLimitError) => {
    refusal ??= error;
    parser.destroy(refusal);
  };

  parser.on("field", (name, value, info) => {
    if (info.nameTruncated || info.valueTruncated) return refuse(new FormLimitError("field_too_long", t("limits.form.fieldTooLong")));
    form.append(name, value);
  });
  for (const event of ["partsLimit", "filesLimit", "fieldsLimit"] as const) {
    parser.on(event, () => refuse(new FormLimitError("too_many_parts", t("limits.form.tooManyParts"))));
  }
  const files: Promise<void>[] = [];
  parser.on("file", (name, stream, info) => {
    const chunks: Buffer[] = [];
    files.push(new Promise((resolve) => stream.once("close", resolve)));
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("limit", () =>
      refuse(
        new FormLimitError(
          "file_too_large",
          t("limits.form.fileTooLarge", { name: info.filename ?? "", limit: formatMb(limits.maxFileBytes) }),
        ),
      ),
    );
    stream.on("end", () => {
      // Browsers send a nameless empty part for a file input left empty: as if absent.
      if (!info.filename && chunks.every((c) => c.length === 0)) return;
      form.append(name, new File(chunks as Uint8Array<ArrayBuffer>[], info.filename ?? "", { type: info.mimeType }));
    });
  });

  try {
    await pipeline(Readable.fromWeb(request.body as NodeWebReadableStream<Uint8Array>), parser);
  } catch {
    if (refusal) throw refusal;
    throw new FormLimitError("malformed", t("limits.form.malformed"), 400);
  }
  await Promise.all(files);
  if (refusal) throw refusal;
  return form;
}
