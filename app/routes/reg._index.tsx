import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DueDate } from "~/components/due-date";
import { ProgressBar } from "~/components/progress-bar";
import { CampaignStatusBadge } from "~/components/status-badge";
import { getRegulatorHomePage } from "~/models/campaign.server";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("regulator.homeTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { regionName, campaigns } = await getRegulatorHomePage(db, scope);
  return { regionName, campaigns, today: todayLocal() };
}

export default function RegulatorHome() {
  const { regionName, campaigns, today } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("regulator.homeTitle")}</h1>
          <p>{t("regulator.homeIntro", { region: regionName })}</p>
        </div>
        <Link className="button" to="/reg/campaigns/new">
          {t("nav.newCampaign")}
        </Link>
      </div>
      {campaigns.length === 0 ? (
        <p className="card muted">{t("regulator.noCampaigns")}</p>
      ) : (
        <ul className="campaign-list">
          {campaigns.map((c) => (
            <li key={c.id} className="campaign-card">
              <div className="card__head">
                <h2>
                  <Link to={`/reg/campaigns/${c.id}`}>{c.title}</Link>
                </h2>
                <CampaignStatusBadge status={c.status} />
              </div>
              <div className="campaign-card__meta">
                <span>
                  {t("regulator.issuedBy")}：{c.regionName}
                </span>
                <span>{c.checklistTitle}</span>
                <DueDate dueOn={c.selfCheckDueOn} today={today} isDone={c.status !== "open"} />
              </div>
              {c.status !== "draft" ? (
                <>
                  <div className="campaign-card__progress">
                    <ProgressBar
                      value={c.submittedCount}
                      total={c.targetCount}
                      label={`${t("regulator.submittedCount")} ${c.submittedCount} / ${c.targetCount}`}
                    />
                    <span>
                      {t("regulator.submittedCount")} {c.submittedCount} / {c.targetCount}
                    </span>
                  </div>
                  <div className="campaign-card__meta" style={{ marginTop: 8 }}>
                    <span>
                      {t("regulator.problems")} {c.problemCount}
                    </span>
                    <span>
                      {t("regulator.refunded")} {formatFen(c.refundedFen)} {t("common.yuan")}
                    </span>
                  </div>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
