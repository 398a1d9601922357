// Pieces shared by the oversight pages: section tabs, the campaign picker and the export link
// (the tables are the list kit's: ~/lists/oversight). All plain links and GET forms, so they work without JavaScript.
import { Form, NavLink, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "~/utils/i18n";

/** The query to keep when moving between the oversight pages: campaign and region. */
function keptQuery(searchParams: URLSearchParams, keys = ["campaign", "region"]) {
  const next = new URLSearchParams();
  for (const k of keys) {
    const v = searchParams.get(k);
    if (v) next.set(k, v);
  }
  const s = next.toString();
  return s ? `?${s}` : "";
}

export function OversightTabs() {
  const [searchParams] = useSearchParams();
  const q = keptQuery(searchParams);
  return (
    <nav className="dash-tabs" aria-label={t("dashboard.tabs")}>
      <NavLink end to={`/reg/oversight${q}`} className="dash-tabs__link">
        {t("dashboard.tabOverview")}
      </NavLink>
      <NavLink to={`/reg/oversight/hotspots${q}`} className="dash-tabs__link">
        {t("dashboard.tabHotspots")}
      </NavLink>
      <NavLink to={`/reg/oversight/overdue${q}`} className="dash-tabs__link">
        {t("dashboard.tabOverdue")}
      </NavLink>
    </nav>
  );
}

/** Head, section tabs and campaign picker of an oversight page; the body only when a campaign is chosen. */
export function OversightPage(props: {
  title: string;
  intro: string;
  campaigns: CampaignChoice[];
  current: string | null;
  region: string;
  children: ReactNode;
}) {
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{props.title}</h1>
          <p>{props.intro}</p>
        </div>
      </div>
      <OversightTabs />
      {props.current ? (
        <>
          <CampaignPicker campaigns={props.campaigns} current={props.current} region={props.region} />
          {props.children}
        </>
      ) : (
        <p className="card muted">{t("dashboard.noCampaigns")}</p>
      )}
    </>
  );
}

export type CampaignChoice = { id: string; title: string; regionName: string };

/** Choose among the campaigns the regulator sees; keeps the region being looked at. */
export function CampaignPicker({ campaigns, current, region }: { campaigns: CampaignChoice[]; current: string; region?: string }) {
  return (
    <Form method="get" className="filters dash-picker">
      <div className="field">
        <label className="field__label" htmlFor="dash-campaign">
          {t("dashboard.campaign")}
        </label>
        <select id="dash-campaign" name="campaign" defaultValue={current}>
          {campaigns.map((c) => (
            <option key={c.id} value={c.id}>
              {c.title}（{c.regionName}）
            </option>
          ))}
        </select>
      </div>
      {region ? <input type="hidden" name="region" value={region} /> : null}
      <button type="submit" className="button button--secondary">
        {t("dashboard.choose")}
      </button>
    </Form>
  );
}

/** A table card of an oversight page: its title and export link, then the filters and the table. */
export function OversightTableCard({
  title,
  table,
  children,
}: {
  title: string;
  table: "overview" | "hotspots" | "overdue";
  children: ReactNode;
}) {
  return (
    <section className="card">
      <div className="card__head">
        <h2>{title}</h2>
        <ExportLink table={table} />
      </div>
      {children}
    </section>
  );
}

/** The .xlsx of the table as filtered now (all rows): a plain link to the export resource route. */
export function ExportLink({ table }: { table: "overview" | "hotspots" | "overdue" }) {
  const [searchParams] = useSearchParams();
  const next = new URLSearchParams(searchParams);
  next.delete("page");
  return (
    <a className="button button--secondary button--small" href={`/reg/oversight/export/${table}?${next.toString()}`} download>
      {t("dashboard.exportXlsx")}
    </a>
  );
}

export function Stat({ label, value, tone }: { label: string; value: string; tone?: "alert" | "warn" }) {
  return (
    <div className={`stat${tone ? ` stat--${tone}` : ""}`}>
      <div className="stat__value">{value}</div>
      <div className="stat__label">{label}</div>
    </div>
  );
}
