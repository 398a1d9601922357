// The self-check report (.xlsx) of a submitted version, for the institution.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { listVersions } from "~/models/review.server";
import { db } from "~/utils/db.server";
import { requireInstitutionUser } from "~/utils/permissions.server";
import { reportResponse } from "~/models/report-response.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const versions = await listVersions(db, scope, params.assessmentId!);
  return reportResponse(db, versions, new URL(request.url).searchParams.get("version"));
}
