import contentDisposition from "content-disposition";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A private, uncached file download, its Chinese file name kept (RFC 5987). */
export function downloadResponse(body: Buffer | ArrayBuffer | Uint8Array, fileName: string, contentType: string): Response {
  const bytes = body instanceof Uint8Array ? new Uint8Array(body) : new Uint8Array(body as ArrayBuffer);
  return new Response(bytes, {
    headers: {
      "Content-Type": contentType,
      "Content-Disposition": contentDisposition(fileName.replace(/[\\/:*?"<>|]+/g, "_")),
      "Cache-Control": "private, no-store",
    },
  });
}

/** A workbook download. */
export function xlsxResponse(body: Buffer | ArrayBuffer | Uint8Array, fileName: string): Response {
  return downloadResponse(body, fileName, XLSX_CONTENT_TYPE);
}
