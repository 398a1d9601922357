// The .xlsx of an oversight table (resource route): the same query string as the page, all rows.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportHotspots, exportOverdue, exportOverview } from "~/models/dashboard-export.server";
import { downloadResponse } from "~/utils/download.server";
import { hotspotsList, overdueList, regionsList } from "~/lists/oversight";
import { readDbFor } from "~/utils/read-db.server";
import { todayLocal } from "~/utils/dates";
import { notFound, requireRegulator } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const today = todayLocal();
  switch (params.table) {
    case "overview":
      return downloadResponse(await exportOverview(await readDbFor(request), scope, regionsList.parse(request), today));
    case "hotspots":
      return downloadResponse(await exportHotspots(await readDbFor(request), scope, hotspotsList.parse(request), today));
    case "overdue":
      return downloadResponse(await exportOverdue(await readDbFor(request), scope, overdueList.parse(request), today));
    default:
      notFound();
  }
}
