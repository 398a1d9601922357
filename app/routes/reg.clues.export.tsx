// The ledger as .xlsx with the list's filters and order; complainants' identities are never exported.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportList } from "~/lists/export.server";
import { cluesList } from "~/lists/clues";
import { listCluesForExport } from "~/models/clue.server";
import { todayLocal } from "~/utils/dates";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return exportList(cluesList, await listCluesForExport(await readDbFor(request), scope, cluesList.parse(request)), todayLocal());
}
