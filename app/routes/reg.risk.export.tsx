// .xlsx of every row the risk list's filter selects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildRiskWorkbook } from "~/models/risk-export.server";
import { downloadResponse, xlsxFile } from "~/utils/download.server";
import { db } from "~/utils/db.server";
import { requireRegulator } from "~/utils/permissions.server";
import { parseRiskFilter } from "~/schemas/risk";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { buffer, fileName } = await buildRiskWorkbook(db, scope, { ...parseRiskFilter(request), page: undefined });
  return downloadResponse(xlsxFile(buffer, fileName));
}
