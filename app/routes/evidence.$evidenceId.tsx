// Evidence download: same tenancy as the item it belongs to. Streams from storage.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import contentDisposition from "content-disposition";
import { getEvidenceForDownload } from "~/models/evidence.server";
import { db } from "~/utils/db.server";
import { requireScope } from "~/utils/permissions.server";
import { getEvidenceStorage, StoredObjectMissingError } from "~/utils/storage.server";

const PREVIEWABLE = /^(image\/(jpeg|png|gif|webp)|application\/pdf)$/;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireScope(request);
  const file = await getEvidenceForDownload(db, scope, params.evidenceId!);
  let object;
  try {
    object = await getEvidenceStorage().getStream(file.sha256);
  } catch (error) {
    if (error instanceof StoredObjectMissingError) throw new Response("Not Found", { status: 404 });
    throw error;
  }
  const inline = new URL(request.url).searchParams.get("inline") === "1" && PREVIEWABLE.test(file.contentType);
  return new Response(createReadableStreamFromReadable(object.stream as import("node:stream").Readable), {
    headers: {
      "Content-Type": file.contentType,
      "Content-Length": String(object.sizeBytes),
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
