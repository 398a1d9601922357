// Every problem row of an upload as .xlsx (the preview shows the first ones).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { rosterProblemsResponse } from "~/models/roster.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return rosterProblemsResponse(db, scope, params.importId!);
}
