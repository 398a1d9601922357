import contentDisposition from "content-disposition";

export const XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** A private, uncached download of a workbook, its Chinese file name kept (RFC 5987). */
export function xlsxResponse(body: Buffer | ArrayBuffer | Uint8Array, fileName: string): Response {
  const bytes = body instanceof Uint8Array ? new Uint8Array(body) : new Uint8Array(body as ArrayBuffer);
  return new Response(bytes, {
    headers: {
      "Content-Type": XLSX_CONTENT_TYPE,
      "Content-Disposition": contentDisposition(fileName.replace(/[\\/:*?"<>|]+/g, "_")),
      "Cache-Control": "private, no-store",
    },
  });
}
