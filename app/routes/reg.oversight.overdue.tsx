import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ExportLink, OversightPage, SortHeader } from "~/components/dashboard";
import { FilterBar, FilterSelect, RegionFilter } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { getOverduePage } from "~/models/dashboard.server";
import { ESCALATION_LEVELS, overdueQuerySchema, parseQuery } from "~/schemas/dashboard";
import { readDbFor } from "~/utils/read-db.server";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("dashboard.overdueTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const q = parseQuery(overdueQuerySchema, request);
  return getOverduePage(await readDbFor(request), scope, q, todayLocal());
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
          <section className="card">
            <div className="card__head">
              <h2>{t("dashboard.overdueTitle")}</h2>
              <ExportLink table="overdue" />
            </div>
            <p className="muted">
              {t("dashboard.dueLine", { date: formatDateCn(d.campaign.selfCheckDueOn) })}；
              {t("dashboard.levelHint", { county: d.campaign.escalateCountyAfterDays, city: d.campaign.escalateCityAfterDays })}
            </p>
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
              <FilterSelect name="level" label={t("dashboard.escalationFilter")}>
                {ESCALATION_LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {msgs().dashboard.level[l]}
                  </option>
                ))}
              </FilterSelect>
            </FilterBar>
            {o.rows.length === 0 ? (
              <p className="muted">{t("dashboard.noRows")}</p>
            ) : (
              <div className="table-wrap">
                <table className="data dash-table">
                  <thead>
                    <tr>
                      <SortHeader sortKey="institution" defaultSort="days" firstDir="asc">
                        {t("dashboard.institution")}
                      </SortHeader>
                      <SortHeader sortKey="region" defaultSort="days" firstDir="asc">
                        {t("dashboard.region")}
                      </SortHeader>
                      <SortHeader sortKey="status" defaultSort="days" firstDir="asc">
                        {t("dashboard.status")}
                      </SortHeader>
                      <th>{t("dashboard.dueOn")}</th>
                      <SortHeader sortKey="days" defaultSort="days" className="num">
                        {t("dashboard.daysOverdue")}
                      </SortHeader>
                      <th>{t("dashboard.escalation")}</th>
                      <th>{t("dashboard.lastReminder")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {o.rows.map((r) => (
                      <tr key={r.assessmentId}>
                        <td className="cell-main" data-label={t("dashboard.institution")}>
                          <Link to={`/reg/assessments/${r.assessmentId}`}>{r.institutionName}</Link>
                          <br />
                          <small className="muted">
                            {msgs().kinds[r.kind]} · {r.answeredCount}/{r.itemCount}
                          </small>
                        </td>
                        <td data-label={t("dashboard.region")}>{r.regionName}</td>
                        <td data-label={t("dashboard.status")}>
                          <AssessmentStatusBadge status={r.status} />
                        </td>
                        <td data-label={t("dashboard.dueOn")}>{formatDateCn(r.dueOn)}</td>
                        <td className="num" data-label={t("dashboard.daysOverdue")}>
                          <strong className="error-text">{t("dashboard.daysValue", { days: r.daysOverdue })}</strong>
                        </td>
                        <td data-label={t("dashboard.escalation")}>
                          <span className={`badge dash-level dash-level--${r.level}`}>{msgs().dashboard.level[r.level]}</span>
                        </td>
                        <td data-label={t("dashboard.lastReminder")}>
                          {r.lastReminderAt ? formatDateTime(r.lastReminderAt) : t("dashboard.noReminder")}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <Pager page={o.page} pageCount={o.pageCount} total={o.total} />
          </section>
        </>
      ) : null}
    </OversightPage>
  );
}
