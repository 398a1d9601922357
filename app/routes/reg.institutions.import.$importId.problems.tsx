// Every problem row of an upload as .xlsx (the preview shows the first ones).
import { downloadResponse } from "~/utils/download.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getRosterProblemsDownload } from "~/models/roster.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return downloadResponse(await getRosterProblemsDownload(db, scope, params.importId!));
}
