// GET /reg/clues/import/:id/progress — what the progress bar polls (state and counts only, scope-checked).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getClueImportProgress } from "~/models/clue-import.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const progress = await getClueImportProgress(db, scope, params.importId ?? "");
  return Response.json(progress, { headers: { "Cache-Control": "no-store" } });
}
