// .xlsx of every row the risk list's filter selects.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportList } from "~/lists/export.server";
import { riskList } from "~/lists/risk";
import { listRiskScores } from "~/models/risk.server";
import { todayLocal } from "~/utils/dates";
import { readDbFor } from "~/utils/read-db.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const today = todayLocal();
  const { rows } = await listRiskScores(await readDbFor(request), scope, riskList.parse(request), today, { all: true });
  return exportList(riskList, rows, today);
}
