import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterSelect, FilterSort, KindFilter, RegionFilter } from "~/components/filter-bar";
import { riskList } from "~/lists/risk";
import { getRiskPage } from "~/models/risk.server";
import { TIER_VALUES as TIERS } from "~/schemas/risk";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("riskPages.list.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getRiskPage(db, scope, riskList.parse(request), todayLocal());
}

export default function RiskListPage() {
  const { list, regions } = useLoaderData<typeof loader>();
  const location = useLocation();
  const M = msgs().riskPages.list;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{M.title}</h1>
          <p>
            {M.intro} <Link to="/reg/risk/rules">{M.rulesLink}</Link>
          </p>
        </div>
        <a className="button button--secondary" href={`/reg/risk/export${location.search}`}>
          {M.export}
        </a>
      </div>
      <div className="stats">
        {TIERS.map((tier) => (
          <Link key={tier} to={`?tier=${tier}`} className={`stat risk-stat risk-stat--${tier}`}>
            <div className="stat__value">{list.counts[tier]}</div>
            <div className="stat__label">{msgs().risk.tier[tier]}</div>
          </Link>
        ))}
        {list.counts.none > 0 ? (
          <div className="stat">
            <div className="stat__value">{list.counts.none}</div>
            <div className="stat__label">{M.notScoredCount}</div>
          </div>
        ) : null}
      </div>
      <section className="card">
        <FilterBar>
          <RegionFilter regions={regions} />
          <KindFilter label={M.kind} />
          <FilterSelect name="tier" label={M.filterTier}>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {msgs().risk.tier[tier]}
              </option>
            ))}
          </FilterSelect>
          <FilterSort
            label={M.sort}
            defaultSort={riskList.sort.default}
            options={[
              ["score", M.sortScore],
              ["name", M.sortName],
              ["due", M.sortDue],
            ]}
          />
        </FilterBar>
        <DataTable list={riskList} page={list} label={M.title} />
      </section>
    </>
  );
}
