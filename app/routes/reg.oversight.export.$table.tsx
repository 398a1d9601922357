// The .xlsx of an oversight table (resource route): the same query string as the page, all rows,
// in the oversight report layout (a caption row naming time, region and campaign).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { exportReport, listSheet } from "~/lists/export.server";
import { hotspotsList, kindsList, overdueList, regionsList } from "~/lists/oversight";
import { loadHotspotsPage, loadOverduePage, loadOverviewPage, type DashboardContext } from "~/models/dashboard.server";
import { readDbFor } from "~/utils/read-db.server";
import { formatDateTime, todayLocal } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { notFound, requireRegulator } from "~/utils/permissions.server";

/** The caption row and the file name's campaign, region and date. */
function reportNames(ctx: DashboardContext, today: string) {
  const campaign = ctx.campaign?.title ?? "";
  return {
    caption: t("dashboard.exportedAt", { time: formatDateTime(new Date()), region: ctx.region.name, campaign }),
    fileName: { campaign, region: ctx.region.name, date: today },
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const today = todayLocal();
  const db = await readDbFor(request);
  switch (params.table) {
    case "overview": {
      const { ctx, overview } = await loadOverviewPage(db, scope, regionsList.parse(request), today, true);
      const campaignId = ctx.campaign?.id ?? "";
      const regions = (overview?.regions.rows ?? []).map((r) => ({ ...r, campaignId }));
      const kinds = (overview?.byKind ?? []).map((r) => ({ ...r, campaignId, regionCode: ctx.region.code }));
      return exportReport({ list: regionsList, rows: regions }, [listSheet(kindsList, kinds)], reportNames(ctx, today));
    }
    case "hotspots": {
      const { ctx, hotspots } = await loadHotspotsPage(db, scope, hotspotsList.parse(request), true);
      return exportReport({ list: hotspotsList, rows: hotspots.rows }, [], reportNames(ctx, today));
    }
    case "overdue": {
      const { ctx, overdue } = await loadOverduePage(db, scope, overdueList.parse(request), today, true);
      return exportReport({ list: overdueList, rows: overdue.rows }, [], reportNames(ctx, today));
    }
    default:
      notFound();
  }
}
