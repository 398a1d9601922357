// The one place file downloads become HTTP responses. Models return a FileDownload (bytes, name,
// type: plain data a test can read); the route's loader answers with downloadResponse(file).
import { createReadableStreamFromReadable } from "@remix-run/node";
import contentDisposition from "content-disposition";
import type { Readable } from "node:stream";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type FileDownload = { body: Buffer | ArrayBuffer | Uint8Array; fileName: string; contentType: string };

/** A workbook as a download. */
export function xlsxFile(body: Buffer | ArrayBuffer | Uint8Array, fileName: string): FileDownload {
  return { body, fileName, contentType: XLSX_CONTENT_TYPE };
}

/** A private, uncached file download, its Chinese file name kept (RFC 5987). */
export function downloadResponse(file: FileDownload): Response {
  const bytes = file.body instanceof Uint8Array ? new Uint8Array(file.body) : new Uint8Array(file.body as ArrayBuffer);
  return new Response(bytes, {
    headers: {
      "Content-Type": file.contentType,
      "Content-Disposition": contentDisposition(file.fileName.replace(/[\\/:*?"<>|]+/g, "_")),
      "Cache-Control": "private, no-store",
    },
  });
}

/** A stored file (evidence, an attachment) opened for streaming. */
export type StoredFileDownload = { fileName: string; contentType: string; sha256: string; sizeBytes: number; stream: Readable };

const PREVIEWABLE = /^(image\/(jpeg|png|gif|webp)|application\/pdf)$/;

/** Stream a stored file; `inline` previews images and PDFs in a sandbox (shown, never run). */
export function storedFileResponse(file: StoredFileDownload, options: { inline: boolean }): Response {
  const inline = options.inline && PREVIEWABLE.test(file.contentType);
  return new Response(createReadableStreamFromReadable(file.stream), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(file.sizeBytes),
      "Content-Disposition": contentDisposition(file.fileName, { type: inline ? "inline" : "attachment" }),
      "X-Content-SHA256": file.sha256,
      "Repr-Digest": `sha-256=:${Buffer.from(file.sha256, "hex").toString("base64")}:`,
      "X-Content-Type-Options": "nosniff",
      // A previewed file is shown, never run.
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
