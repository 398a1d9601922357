// /reg/institutions/accounts.xlsx — the account list of the subtree (current filter) as a 台账.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportList } from "~/lists/export.server";
import { officerAccountsList } from "~/lists/officer-accounts";
import { listOfficerAccountsForExport } from "~/models/invitation.server";
import { todayLocal } from "~/utils/dates";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const rows = await listOfficerAccountsForExport(await readDbFor(request), scope, officerAccountsList.parse(request));
  return exportList(officerAccountsList, rows, todayLocal());
}
