// Inspection attachment download: only through an inspection of the regulator's subtree.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import contentDisposition from "content-disposition";
import type { Readable } from "node:stream";
import { getAttachmentForDownload } from "~/models/inspection.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";
import { getEvidenceStorage, StoredObjectMissingError } from "~/utils/storage.server";

const PREVIEWABLE = /^(image\/(jpeg|png|gif|webp)|application\/pdf)$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const file = await getAttachmentForDownload(db, scope, params.inspectionId!, params.attachmentId!);
  let object;
  try {
    object = await getEvidenceStorage().getStream(file.sha256);
  } catch (error) {
    if (error instanceof StoredObjectMissingError) throw new Response("Not Found", { status: 404 });
    throw error;
  }
  const inline = new URL(request.url).searchParams.get("inline") === "1" && PREVIEWABLE.test(file.contentType);
  return new Response(createReadableStreamFromReadable(object.stream as Readable), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(object.sizeBytes),
      "Content-Disposition": contentDisposition(file.fileName, { type: inline ? "inline" : "attachment" }),
      "X-Content-SHA256": file.sha256,
      "X-Content-Type-Options": "nosniff",
      "Content-Security-Policy": "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
      "Cache-Control": "private, max-age=3600",
    },
  });
}
