import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ExportLink, OversightPage, SortHeader } from "~/components/dashboard";
import { FilterBar, FilterSelect, RegionFilter } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { getHotspotsPage } from "~/models/dashboard.server";
import { hotspotsQuerySchema, parseQuery } from "~/schemas/dashboard";
import { readDbFor } from "~/utils/read-db.server";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";
import { percentOf } from "~/domain/dashboard";

export const meta: MetaFunction = () => [{ title: `${t("dashboard.hotspotsTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const q = parseQuery(hotspotsQuerySchema, request);
  return getHotspotsPage(await readDbFor(request), scope, q);
}

const percent = (n: number, of: number) => (of ? `${percentOf(n, of)}%` : "—");

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
          <section className="card">
            <div className="card__head">
              <h2>{t("dashboard.hotspotsTitle")}</h2>
              <ExportLink table="hotspots" />
            </div>
            <FilterBar>
              <input type="hidden" name="campaign" value={d.campaign.id} />
              <RegionFilter regions={d.regions} />
              <FilterSelect name="kind" label={t("dashboard.kind")}>
                {INSTITUTION_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {msgs().kinds[k]}
                  </option>
                ))}
              </FilterSelect>
            </FilterBar>
            <p className="muted">
              {t("dashboard.hotspotTotals", {
                items: h.total,
                problems: h.totals.problemCount,
                amount: formatFen(h.totals.amountInvolvedFen),
                refunded: formatFen(h.totals.refundedFen),
              })}
            </p>
            {h.rows.length === 0 ? (
              <p className="muted">{t("dashboard.noRows")}</p>
            ) : (
              <div className="table-wrap">
                <table className="data dash-table">
                  <thead>
                    <tr>
                      <SortHeader sortKey="code" defaultSort="problems" firstDir="asc">
                        {t("dashboard.item")}
                      </SortHeader>
                      <SortHeader sortKey="problems" defaultSort="problems" className="num">
                        {t("dashboard.problems")}
                      </SortHeader>
                      <SortHeader sortKey="share" defaultSort="problems" className="num">
                        <abbr title={t("dashboard.shareHint")}>{t("dashboard.share")}</abbr>
                      </SortHeader>
                      <SortHeader sortKey="cases" defaultSort="problems" className="num">
                        {t("dashboard.cases")}
                      </SortHeader>
                      <SortHeader sortKey="amount" defaultSort="problems" className="num">
                        {t("dashboard.amount")}
                      </SortHeader>
                      <SortHeader sortKey="refunded" defaultSort="problems" className="num">
                        {t("dashboard.refunded")}
                      </SortHeader>
                    </tr>
                  </thead>
                  <tbody>
                    {h.rows.map((r) => (
                      <tr key={r.checklistItemId}>
                        <td className="cell-main" data-label={t("dashboard.item")}>
                          <span className="dash-code">{r.code}</span> {r.title}
                          <br />
                          <small className="muted">{r.section}</small>
                        </td>
                        <td className="num" data-label={t("dashboard.problems")}>
                          {r.problemCount}
                        </td>
                        <td className="num" data-label={t("dashboard.share")}>
                          {percent(r.problemCount, r.targetCount)}
                        </td>
                        <td className="num" data-label={t("dashboard.cases")}>
                          {r.caseCount}
                        </td>
                        <td className="num" data-label={t("dashboard.amount")}>
                          {formatFen(r.amountInvolvedFen)}
                        </td>
                        <td className="num" data-label={t("dashboard.refunded")}>
                          {formatFen(r.refundedFen)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager page={h.page} pageCount={h.pageCount} total={h.total} />
          </section>
        </>
      ) : null}
    </OversightPage>
  );
}
