// POST /reg/institutions/import/upload — the same upload as the page's form, answered in JSON for
// the browser's progress-reporting upload.
import type { ActionFunctionArgs } from "@remix-run/node";
import { createRosterImport } from "~/models/roster.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";
import { receiveRosterUpload } from "~/utils/roster-upload.server";

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const upload = await receiveRosterUpload(request);
  if (!upload.ok) return Response.json({ error: upload.error }, { status: 400 });
  const created = await createRosterImport(db, scope, upload);
  if (!created.ok) return Response.json({ error: created.error }, { status: 400 });
  return Response.json({ location: `/reg/institutions/import/${created.id}` });
}
