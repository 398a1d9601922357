// The self-check report (.xlsx) of a submitted version, for the regulator.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getReportDownload } from "~/models/review.server";
import { readDbFor } from "~/utils/read-db.server";
import { downloadResponse } from "~/utils/download.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return downloadResponse(
    await getReportDownload(await readDbFor(request), scope, params.assessmentId!, new URL(request.url).searchParams.get("version")),
  );
}
