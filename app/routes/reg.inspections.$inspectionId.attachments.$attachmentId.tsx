// Inspection attachment download: only through an inspection of the regulator's subtree.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openAttachmentDownload } from "~/models/inspection.server";
import { db } from "~/utils/db.server";
import { storedFileResponse } from "~/utils/download.server";
import { withErrorPage } from "~/utils/error-page.server";
import { requireRegulator } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return withErrorPage(async () => {
    const file = await openAttachmentDownload(db, getEvidenceStorage(), scope, params.inspectionId!, params.attachmentId!);
    return storedFileResponse(file, { inline: new URL(request.url).searchParams.get("inline") === "1" });
  });
}
