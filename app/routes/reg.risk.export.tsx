// .xlsx of every row the risk list's filter selects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildRiskWorkbook } from "~/models/risk-export.server";
import { downloadResponse, xlsxFile } from "~/utils/download.server";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";
import { parseRiskFilter } from "~/schemas/risk";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { buffer, fileName } = await buildRiskWorkbook(await readDbFor(request), scope, { ...parseRiskFilter(request), page: undefined });
  return downloadResponse(xlsxFile(buffer, fileName));
}
