// .xlsx of every row the risk list's filter selects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildRiskWorkbook } from "~/models/risk-export.server";
import { xlsxResponse } from "~/utils/xlsx-response.server";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";
import { parseRiskFilter } from "./reg.risk._index";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { buffer, fileName } = await buildRiskWorkbook(await readDbFor(request), scope, { ...parseRiskFilter(request), page: undefined });
  return xlsxResponse(buffer, fileName);
}
