// A clue's evidence file, for the institution and for the regulators who reach the clue.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getClueFileDownload } from "~/models/clue.server";
import { db } from "~/utils/db.server";
import { storedFileResponse } from "~/utils/download.server";
import { requireScope } from "~/utils/permissions.server";
import { getEvidenceStorage } from "~/utils/storage.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireScope(request);
  const file = await getClueFileDownload(db, getEvidenceStorage(), scope, params.clueId ?? "", params.fileId ?? "");
  return storedFileResponse(file, { inline: false });
}
