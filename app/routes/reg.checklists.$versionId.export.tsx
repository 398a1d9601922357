// The 台账 of a checklist version as .xlsx.
import { downloadResponse } from "~/utils/download.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getChecklistDownload } from "~/models/checklist-export.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return downloadResponse(await getChecklistDownload(db, scope, params.versionId));
}
