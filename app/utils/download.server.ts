// The one place file downloads become HTTP responses. Models return a FileDownload (bytes, name,
// type: plain data a test can read); the route's loader answers with downloadResponse(file).
import contentDisposition from "content-disposition";

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
