// The inspections ledger (.xlsx) of every inspection the list's filters select, within the
// regulator's subtree only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportList } from "~/lists/export.server";
import { inspectionsList } from "~/lists/inspections";
import { listInspectionsForExport } from "~/models/inspection.server";
import { readDbFor } from "~/utils/read-db.server";
import { todayLocal } from "~/utils/dates";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const rows = await listInspectionsForExport(await readDbFor(request), scope, inspectionsList.parse(request));
  return exportList(inspectionsList, rows, todayLocal());
}
