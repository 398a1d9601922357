// The self-check report (.xlsx) of a submitted version, for the institution.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listVersions } from "~/models/review.server";
import { readDbFor } from "~/utils/read-db.server";
import { requireInstitutionUser } from "~/utils/permissions.server";
import { reportResponse } from "~/models/report-response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const readDb = await readDbFor(request);
  const versions = await listVersions(readDb, scope, params.assessmentId!);
  return reportResponse(readDb, versions, new URL(request.url).searchParams.get("version"));
}
