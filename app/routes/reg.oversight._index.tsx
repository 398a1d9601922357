import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { CompletionBarChart, SubmissionsLineChart } from "~/components/dashboard-charts";
import { DataTable } from "~/components/data-table";
import { OversightPage, OversightTableCard, Stat } from "~/components/dashboard";
import { FilterBar, KindFilter } from "~/components/filter-bar";
import { kindsList, regionLabel, regionsList } from "~/lists/oversight";
import { loadOverviewPage } from "~/models/dashboard.server";
import { completionPercent } from "~/domain/dashboard";
import type { OverviewQuery } from "~/schemas/dashboard";
import type { Database } from "~/utils/db.server";
import { readDbFor } from "~/utils/read-db.server";
import { formatDateCn, todayLocal } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator, type RegionScope } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("dashboard.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const q = regionsList.parse(request);
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

          <OversightTableCard title={t("dashboard.byRegion")} table="overview">
            <FilterBar keep={["sort", "dir"]}>
              <input type="hidden" name="campaign" value={d.campaign.id} />
              <input type="hidden" name="region" value={d.region.code} />
              <KindFilter label={t("dashboard.kind")} />
            </FilterBar>
            <DataTable
              list={regionsList}
              page={{ ...o.regions, rows: o.regions.rows.map((r) => ({ ...r, campaignId: d.campaign!.id })) }}
              label={t("dashboard.byRegion")}
              className="dash-table"
            />
          </OversightTableCard>

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
            <DataTable
              list={kindsList}
              page={{ rows: o.byKind.map((r) => ({ ...r, campaignId: d.campaign!.id, regionCode: d.region.code })) }}
              label={t("dashboard.byKind")}
              pager={false}
              className="dash-table"
            />
          </section>
        </>
      ) : null}
    </OversightPage>
  );
}
