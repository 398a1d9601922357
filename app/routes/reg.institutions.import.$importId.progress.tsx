// GET /reg/institutions/import/:id/progress — what the progress bar polls (counts only, scope-checked).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getRosterImportProgress } from "~/models/roster.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const progress = await getRosterImportProgress(db, scope, params.importId!);
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
