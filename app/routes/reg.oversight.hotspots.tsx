import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { OversightPage, OversightTableCard } from "~/components/dashboard";
import { FilterBar, KindFilter, RegionFilter } from "~/components/filter-bar";
import { hotspotsList } from "~/lists/oversight";
import { getHotspotsPage } from "~/models/dashboard.server";
import { readDbFor } from "~/utils/read-db.server";
import { t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("dashboard.hotspotsTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getHotspotsPage(await readDbFor(request), scope, hotspotsList.parse(request));
}

export default function OversightHotspots() {
  const d = useLoaderData<typeof loader>();
  const h = d.hotspots;
  return (
    <OversightPage
      title={t("dashboard.hotspotsTitle")}
      intro={t("dashboard.hotspotsIntro", { region: d.region.name })}
      campaigns={d.campaigns}
      current={d.campaign?.id ?? null}
      region={d.region.code}
    >
      {d.campaign ? (
        <>
          <OversightTableCard title={t("dashboard.hotspotsTitle")} table="hotspots">
            <FilterBar keep={["sort", "dir"]}>
              <input type="hidden" name="campaign" value={d.campaign.id} />
              <RegionFilter regions={d.regions} />
              <KindFilter label={t("dashboard.kind")} />
            </FilterBar>
            <p className="muted">
              {t("dashboard.hotspotTotals", {
                items: h.total,
                problems: h.totals.problemCount,
                amount: formatFen(h.totals.amountInvolvedFen),
                refunded: formatFen(h.totals.refundedFen),
              })}
            </p>
            <DataTable list={hotspotsList} page={h} label={t("dashboard.hotspotsTitle")} className="dash-table" />
          </OversightTableCard>
        </>
      ) : null}
    </OversightPage>
  );
}
