// The ledger as .xlsx with the list's filters; complainants' identities are never exported.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportClues } from "~/models/clue.server";
import { clueFilterSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { downloadResponse } from "~/utils/download.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = clueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return downloadResponse(await exportClues(db, scope, filter));
}
