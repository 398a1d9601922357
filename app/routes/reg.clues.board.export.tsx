// The board's open clues by institution (.xlsx) under the board's region, within the regulator's subtree.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { boardInstitutionsList } from "~/lists/clues";
import { exportList } from "~/lists/export.server";
import { listBoardInstitutionsForExport } from "~/models/clue.server";
import { todayLocal } from "~/utils/dates";
import { requireRegulator } from "~/utils/permissions.server";
import { readDbFor } from "~/utils/read-db.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const query = boardInstitutionsList.parse(request);
  return exportList(boardInstitutionsList, await listBoardInstitutionsForExport(await readDbFor(request), scope, query), todayLocal());
}
