// Evidence download: same tenancy as the item it belongs to. Streams from storage.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { openEvidenceDownload } from "~/models/evidence.server";
import { db } from "~/utils/db.server";
import { storedFileResponse } from "~/utils/download.server";
import { withErrorPage } from "~/utils/error-page.server";
import { requireScope } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireScope(request);
  return withErrorPage(async () => {
    const file = await openEvidenceDownload(db, getEvidenceStorage(), scope, params.evidenceId!);
    return storedFileResponse(file, { inline: new URL(request.url).searchParams.get("inline") === "1" });
  });
}
