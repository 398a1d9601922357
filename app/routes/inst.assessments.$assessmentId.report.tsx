// The self-check report (.xlsx) of a submitted version, for the institution.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getReportDownload } from "~/models/review.server";
import { readDbFor } from "~/utils/read-db.server";
import { downloadResponse } from "~/utils/download.server";
import { requireInstitutionUser } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  return downloadResponse(
    await getReportDownload(await readDbFor(request), scope, params.assessmentId!, new URL(request.url).searchParams.get("version")),
  );
}
