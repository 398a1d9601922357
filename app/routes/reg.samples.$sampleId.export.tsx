// .xlsx of a drawn sample: the entries and a sheet with the frozen inputs.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { downloadResponse, xlsxFile } from "~/utils/download.server";
import { buildSampleWorkbook } from "~/models/sample.server";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { buffer, fileName } = await buildSampleWorkbook(await readDbFor(request), scope, params.sampleId!);
  return downloadResponse(xlsxFile(buffer, fileName));
}
