import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompletionBarChart, SubmissionsLineChart } from "~/components/dashboard-charts";
import { ExportLink, OversightPage, SortHeader, Stat } from "~/components/dashboard";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { loadOverviewPage, type KindRow, type RegionRow } from "~/models/dashboard.server";
import { completionPercent } from "~/domain/dashboard";
import { overviewQuerySchema, parseQuery, type OverviewQuery } from "~/schemas/dashboard";
import type { Database } from "~/utils/db.server";
import { readDbFor } from "~/utils/read-db.server";
import { formatDateCn, todayLocal } from "~/utils/dates";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator, type RegionScope } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("dashboard.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const q = parseQuery(overviewQuerySchema, request);
  return pageData(await readDbFor(request), scope, q);
}

/** The page's data; /reg/oversight/export/… serves the same query as .xlsx. */
async function pageData(readDb: Database, scope: RegionScope, q: OverviewQuery) {
  const today = todayLocal();
  const { ctx, overview } = await loadOverviewPage(readDb, scope, q, today);
  return {
    campaigns: ctx.campaigns.map((c) => ({ id: c.id, title: c.title, regionName: c.regionName })),
    campaign: ctx.campaign,
    region: ctx.region,
    trail: ctx.trail,
    overview,
    kind: q.kind ?? null,
  };
}

export default function OversightOverview() {
  const d = useLoaderData<typeof pageData>();
  const o = d.overview;
  const campaignQuery = d.campaign ? `campaign=${d.campaign.id}` : "";
  const kindQuery = d.kind ? `&kind=${d.kind}` : "";
  return (
    <OversightPage
      title={t("dashboard.title")}
      intro={t("dashboard.intro", { region: d.region.name })}
      campaigns={d.campaigns}
      current={d.campaign?.id ?? null}
      region={d.region.code}
    >
      {d.campaign && o ? (
        <>
          <nav className="breadcrumbs dash-trail" aria-label={t("dashboard.region")}>
            {d.trail.map((r, i) => (
              <span key={r.code}>
                {i > 0 ? " / " : null}
                {i < d.trail.length - 1 ? (
                  <Link to={`?${campaignQuery}&region=${r.code}${kindQuery}`}>{r.name}</Link>
                ) : (
                  <strong>{r.name}</strong>
                )}
              </span>
            ))}
            <span className="muted"> · {t("dashboard.dueLine", { date: formatDateCn(d.campaign.selfCheckDueOn) })}</span>
          </nav>

          <div className="stats">
            <Stat label={t("dashboard.targets")} value={String(o.totals.targetCount)} />
            <Stat label={t("dashboard.completion")} value={`${completionPercent(o.totals)}%`} />
            <Stat label={t("dashboard.notStarted")} value={String(o.totals.notStartedCount)} />
            <Stat label={t("dashboard.inProgress")} value={String(o.totals.inProgressCount)} />
            <Stat label={t("dashboard.pendingReview")} value={String(o.totals.pendingReviewCount)} />
            <Stat
              label={t("dashboard.returned")}
              value={String(o.totals.returnedCount)}
              tone={o.totals.returnedCount ? "warn" : undefined}
            />
            <Stat label={t("dashboard.accepted")} value={String(o.totals.acceptedCount)} />
            <Stat label={t("dashboard.overdue")} value={String(o.totals.overdueCount)} tone={o.totals.overdueCount ? "alert" : undefined} />
            <Stat label={t("dashboard.problems")} value={String(o.totals.problemCount)} />
            <Stat label={t("dashboard.refunded")} value={formatFen(o.totals.refundedFen)} />
          </div>

          <section className="card">
            <div className="card__head">
              <h2>{t("dashboard.byRegion")}</h2>
              <ExportLink table="overview" />
            </div>
            <FilterBar>
              <input type="hidden" name="campaign" value={d.campaign.id} />
              <input type="hidden" name="region" value={d.region.code} />
              <FilterSelect name="kind" label={t("dashboard.kind")}>
                {INSTITUTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {msgs().kinds[k]}
                  </option>
                ))}
              </FilterSelect>
            </FilterBar>
            {o.regions.rows.length === 0 ? (
              <p className="muted">{t("dashboard.noRows")}</p>
            ) : (
              <div className="table-wrap">
                <table className="data dash-table">
                  <thead>
                    <tr>
                      <SortHeader sortKey="region" defaultSort="region" firstDir="asc">
                        {t("dashboard.region")}
                      </SortHeader>
                      <SortHeader sortKey="targets" defaultSort="region" className="num">
                        {t("dashboard.targets")}
                      </SortHeader>
                      <SortHeader sortKey="completion" defaultSort="region" className="num">
                        {t("dashboard.completion")}
                      </SortHeader>
                      <SortHeader sortKey="notStarted" defaultSort="region" className="num">
                        {t("dashboard.notStarted")}
                      </SortHeader>
                      <th className="num">{t("dashboard.inProgress")}</th>
                      <th className="num">{t("dashboard.pendingReview")}</th>
                      <SortHeader sortKey="returned" defaultSort="region" className="num">
                        {t("dashboard.returned")}
                      </SortHeader>
                      <SortHeader sortKey="accepted" defaultSort="region" className="num">
                        {t("dashboard.accepted")}
                      </SortHeader>
                      <SortHeader sortKey="overdue" defaultSort="region" className="num">
                        {t("dashboard.overdue")}
                      </SortHeader>
                      <SortHeader sortKey="problems" defaultSort="region" className="num">
                        {t("dashboard.problems")}
                      </SortHeader>
                      <SortHeader sortKey="refunded" defaultSort="region" className="num">
                        {t("dashboard.refunded")}
                      </SortHeader>
                    </tr>
                  </thead>
                  <tbody>
                    {o.regions.rows.map((r) => (
                      <RegionTableRow key={r.code} row={r} campaignId={d.campaign!.id} kindQuery={kindQuery} />
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager page={o.regions.page} pageCount={o.regions.pageCount} total={o.regions.total} />
          </section>

          <div className="dash-charts">
            <section className="card">
              <CompletionBarChart rows={o.regions.rows.map((r) => ({ name: regionLabel(r), percent: completionPercent(r) }))} />
            </section>
            <section className="card">
              <SubmissionsLineChart days={o.submissionsByDay} />
            </section>
          </div>

          <section className="card">
            <div className="card__head">
              <h2>{t("dashboard.byKind")}</h2>
            </div>
            {o.byKind.length === 0 ? (
              <p className="muted">{t("dashboard.noRows")}</p>
            ) : (
              <div className="table-wrap">
                <table className="data dash-table">
                  <thead>
                    <tr>
                      <th>{t("dashboard.kind")}</th>
                      <th className="num">{t("dashboard.targets")}</th>
                      <th className="num">{t("dashboard.completion")}</th>
                      <th className="num">{t("dashboard.notStarted")}</th>
                      <th className="num">{t("dashboard.inProgress")}</th>
                      <th className="num">{t("dashboard.pendingReview")}</th>
                      <th className="num">{t("dashboard.returned")}</th>
                      <th className="num">{t("dashboard.accepted")}</th>
                      <th className="num">{t("dashboard.overdue")}</th>
                      <th className="num">{t("dashboard.problems")}</th>
                      <th className="num">{t("dashboard.refunded")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.byKind.map((r) => (
                      <tr key={r.kind}>
                        <td className="cell-main" data-label={t("dashboard.kind")}>
                          <Link to={`?campaign=${d.campaign!.id}&region=${d.region.code}&kind=${r.kind}`}>{msgs().kinds[r.kind]}</Link>
                        </td>
                        <CountCells row={r} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      ) : null}
    </OversightPage>
  );
}

function regionLabel(r: Pick<RegionRow, "isOwn" | "name">) {
  return r.isOwn ? t("dashboard.ownInstitutions", { region: r.name }) : r.name;
}

/** A child region drills down to the next level; a region without children lists its institutions. */
function RegionTableRow({ row, campaignId, kindQuery }: { row: RegionRow; campaignId: string; kindQuery: string }) {
  const institutions = `/reg/campaigns/${campaignId}?region=${row.code}`;
  return (
    <tr>
      <td className="cell-main" data-label={t("dashboard.region")}>
        {row.hasChildren ? (
          <Link to={`?campaign=${campaignId}&region=${row.code}${kindQuery}`}>{regionLabel(row)}</Link>
        ) : (
          <Link to={institutions}>{regionLabel(row)}</Link>
        )}
        <br />
        <small>
          {row.hasChildren ? (
            <Link to={institutions}>{t("dashboard.institutions")}</Link>
          ) : (
            <span className="muted">{t("dashboard.institutions")}</span>
          )}
        </small>
      </td>
      <CountCells row={row} />
    </tr>
  );
}

function CountCells({ row }: { row: RegionRow | KindRow }) {
  return (
    <>
      <td className="num" data-label={t("dashboard.targets")}>
        {row.targetCount}
      </td>
      <td className="num" data-label={t("dashboard.completion")}>
        <span className="dash-meter" style={{ ["--dash-pct" as string]: `${completionPercent(row)}%` }}>
          {completionPercent(row)}%
        </span>
      </td>
      <td className="num" data-label={t("dashboard.notStarted")}>
        {row.notStartedCount}
      </td>
      <td className="num" data-label={t("dashboard.inProgress")}>
        {row.inProgressCount}
      </td>
      <td className="num" data-label={t("dashboard.pendingReview")}>
        {row.pendingReviewCount}
      </td>
      <td className="num" data-label={t("dashboard.returned")}>
        {row.returnedCount}
      </td>
      <td className="num" data-label={t("dashboard.accepted")}>
        {row.acceptedCount}
      </td>
      <td className="num" data-label={t("dashboard.overdue")}>
        {row.overdueCount ? <strong className="error-text">{row.overdueCount}</strong> : 0}
      </td>
      <td className="num" data-label={t("dashboard.problems")}>
        {row.problemCount}
      </td>
      <td className="num" data-label={t("dashboard.refunded")}>
        {formatFen(row.refundedFen)}
      </td>
    </>
  );
}
