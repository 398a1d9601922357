import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect, RegionFilter } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { TierBadge } from "~/components/risk-tier";
import { getRiskPage } from "~/models/risk.server";
import { parseRiskFilter, TIER_VALUES as TIERS } from "~/schemas/risk";
import { db } from "~/utils/db.server";
import { formatDateCn, todayLocal } from "~/utils/dates";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("riskPages.list.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const today = todayLocal();
  const { list, regions } = await getRiskPage(db, scope, parseRiskFilter(request), today);
  return { list, regions, today };
}

export default function RiskListPage() {
  const { list, regions, today } = useLoaderData<typeof loader>();
  const location = useLocation();
  const [searchParams] = useSearchParams();
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
          <FilterSelect name="kind" label={M.kind}>
            {INSTITUTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {msgs().kinds[k]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect name="tier" label={M.filterTier}>
            {TIERS.map((tier) => (
              <option key={tier} value={tier}>
                {msgs().risk.tier[tier]}
              </option>
            ))}
          </FilterSelect>
          <div className="field">
            <label className="field__label" htmlFor="f-sort">
              {M.sort}
            </label>
            <select id="f-sort" name="sort" defaultValue={searchParams.get("sort") ?? "score"}>
              <option value="score">{M.sortScore}</option>
              <option value="name">{M.sortName}</option>
              <option value="due">{M.sortDue}</option>
            </select>
          </div>
        </FilterBar>
        {list.rows.length === 0 ? (
          <p className="muted">{M.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{M.institution}</th>
                  <th>{M.region}</th>
                  <th>{M.kind}</th>
                  <th>{M.effectiveTier}</th>
                  <th className="num">{M.score}</th>
                  <th>{M.lastInspected}</th>
                  <th>{M.nextDue}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="cell-main" data-label={M.institution}>
                      <Link to={`/reg/institutions/${row.id}`}>{row.name}</Link>
                      <br />
                      <small>{row.nhsaCode}</small>
                    </td>
                    <td data-label={M.region}>{row.regionName}</td>
                    <td data-label={M.kind}>{msgs().kinds[row.kind]}</td>
                    <td data-label={M.effectiveTier}>
                      {row.effectiveTier ? <TierBadge tier={row.effectiveTier} /> : M.notScored}
                      {row.isOverridden ? (
                        <small className="risk-override-note">
                          {M.overridden} · {t("riskPages.list.computedAs", { tier: row.computedTier ?? "", score: row.score ?? "" })}
                        </small>
                      ) : null}
                      {row.isKeySupervisionTarget ? <small className="risk-key">{M.keySupervision}</small> : null}
                    </td>
                    <td className="num" data-label={M.score}>
                      {row.score ?? "—"}
                    </td>
                    <td data-label={M.lastInspected}>{row.lastInspectedOn ? formatDateCn(row.lastInspectedOn) : M.never}</td>
                    <td data-label={M.nextDue}>
                      {row.nextInspectionDueOn ? formatDateCn(row.nextInspectionDueOn) : "—"}
                      {row.nextInspectionDueOn && row.nextInspectionDueOn <= today ? (
                        <small className="risk-due"> {M.overdue}</small>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
      </section>
    </>
  );
}
