// 月报: the month's numbers of the regulator's region and each region below it, as .xlsx.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { getClueMonthlyReport } from "~/models/clue.server";
import { clueReportSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { downloadResponse } from "~/utils/download.server";
import { requireRegulator } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { month } = clueReportSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return downloadResponse(await getClueMonthlyReport(db, scope, month));
}
