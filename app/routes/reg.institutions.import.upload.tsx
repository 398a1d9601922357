// POST /reg/institutions/import/upload — the same upload as the page's form, answered in JSON for
// the browser's progress-reporting upload.
import type { ActionFunctionArgs } from "@remix-run/node";
import { createRosterImport } from "~/models/roster.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";
import { receiveRosterUpload } from "~/utils/roster-upload.server";

/**
 * The page form's refusal shape (the form kit's), as JSON: the message stands at the file field.
 * `error` stays for API clients that read the message alone.
 */
const refuse = (message: string) =>
  Response.json({ form: "upload", values: {}, fieldErrors: { file: message }, error: message }, { status: 400 });

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const upload = await receiveRosterUpload(request);
  if (!upload.ok) return refuse(upload.error);
  const created = await createRosterImport(db, scope, upload);
  if (!created.ok) return refuse(created.error);
  return Response.json({ location: `/reg/institutions/import/${created.id}` });
}
