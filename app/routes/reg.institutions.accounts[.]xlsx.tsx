// /reg/institutions/accounts.xlsx — the account list of the subtree (current filter) as a 台账.
import { downloadResponse } from "~/utils/download.server";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getAccountsDownload } from "~/models/invitation.server";
import { accountsFilterSchema } from "~/schemas/roster";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = accountsFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return downloadResponse(await getAccountsDownload(await readDbFor(request), scope, { state: filter.state, q: filter.q || undefined }));
}
