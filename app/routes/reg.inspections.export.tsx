// The inspections ledger (.xlsx) of every inspection the list's filters select, within the
// regulator's subtree only.
import { downloadResponse } from "~/utils/download.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildInspectionsDownload } from "~/models/inspection-report.server";
import { listInspectionsForExport } from "~/models/inspection.server";
import { inspectionFilterSchema } from "~/schemas/inspection";
import { readDbFor } from "~/utils/read-db.server";
import { todayLocal } from "~/utils/dates";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = inspectionFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const rows = await listInspectionsForExport(await readDbFor(request), scope, filter);
  return downloadResponse(await buildInspectionsDownload(rows, todayLocal()));
}
