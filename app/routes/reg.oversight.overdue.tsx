import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { OversightPage, OversightTableCard } from "~/components/dashboard";
import { FilterBar, FilterSelect, KindFilter, RegionFilter } from "~/components/filter-bar";
import { overdueList } from "~/lists/oversight";
import { getOverduePage } from "~/models/dashboard.server";
import { ESCALATION_LEVELS } from "~/schemas/dashboard";
import { readDbFor } from "~/utils/read-db.server";
import { formatDateCn, todayLocal } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("dashboard.overdueTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getOverduePage(await readDbFor(request), scope, overdueList.parse(request), todayLocal());
}

export default function OversightOverdue() {
  const d = useLoaderData<typeof loader>();
  const o = d.overdue;
  return (
    <OversightPage
      title={t("dashboard.overdueTitle")}
      intro={t("dashboard.overdueIntro", { region: d.region.name })}
      campaigns={d.campaigns}
      current={d.campaign?.id ?? null}
      region={d.region.code}
    >
      {d.campaign ? (
        <>
          <OversightTableCard title={t("dashboard.overdueTitle")} table="overdue">
            <p className="muted">
              {t("dashboard.dueLine", { date: formatDateCn(d.campaign.selfCheckDueOn) })}；
              {t("dashboard.levelHint", { county: d.campaign.escalateCountyAfterDays, city: d.campaign.escalateCityAfterDays })}
            </p>
            <FilterBar keep={["sort", "dir"]}>
              <input type="hidden" name="campaign" value={d.campaign.id} />
              <RegionFilter regions={d.regions} />
              <KindFilter label={t("dashboard.kind")} />
              <FilterSelect name="level" label={t("dashboard.escalationFilter")}>
                {ESCALATION_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {msgs().dashboard.level[l]}
                  </option>
                ))}
              </FilterSelect>
            </FilterBar>
            <DataTable list={overdueList} page={o} label={t("dashboard.overdueTitle")} className="dash-table" />
          </OversightTableCard>
        </>
      ) : null}
    </OversightPage>
  );
}
