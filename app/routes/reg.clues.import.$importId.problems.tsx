// Every refused row of a clue batch upload as .xlsx (the preview shows the first ones).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getClueProblemsDownload } from "~/models/clue-import.server";
import { db } from "~/utils/db.server";
import { downloadResponse } from "~/utils/download.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return downloadResponse(await getClueProblemsDownload(db, scope, params.importId ?? ""));
}
