import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { DueDate } from "~/components/due-date";
import { ProgressBar } from "~/components/progress-bar";
import { getInstitutionHomePage } from "~/models/assessment.server";
import { db } from "~/utils/db.server";
import { todayLocal } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("institution.homeTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const { institution, assessments } = await getInstitutionHomePage(db, scope);
  return { institution, assessments, today: todayLocal() };
}

export default function InstitutionHome() {
  const { institution, assessments, today } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("institution.homeTitle")}</h1>
          <p>
            {institution.name} · {msgs().kinds[institution.kind]} · {institution.regionName}
          </p>
        </div>
      </div>
      {assessments.length === 0 ? (
        <p className="card muted">{t("institution.noCampaigns")}</p>
      ) : (
        <ul className="campaign-list">
          {assessments.map((a) => {
            const isDone = !["not_started", "in_progress", "returned"].includes(a.status);
            const remaining = a.itemCount - a.answeredCount;
            return (
              <li key={a.id} className="campaign-card">
                <div className="card__head">
                  <h2>
                    <Link to={`/inst/assessments/${a.id}`}>{a.campaignTitle}</Link>
                  </h2>
                  <AssessmentStatusBadge status={a.status} />
                </div>
                <div className="campaign-card__meta">
                  <span>{a.checklistTitle}</span>
                  <DueDate dueOn={a.selfCheckDueOn} today={today} isDone={isDone} />
                </div>
                <div className="campaign-card__progress">
                  <ProgressBar
                    value={a.answeredCount}
                    total={a.itemCount}
                    label={t("institution.answeredOf", { answered: a.answeredCount, total: a.itemCount })}
                  />
                  <span>{t("institution.answeredOf", { answered: a.answeredCount, total: a.itemCount })}</span>
                </div>
                <div className="campaign-card__meta" style={{ marginTop: 8 }}>
                  <span>{t("institution.summaryProblems", { count: a.problemCount })}</span>
                  <span>{t("institution.summaryRefunded", { amount: formatFen(a.refundedFen) })}</span>
                </div>
                <div className="actions" style={{ marginTop: 8 }}>
                  <Link className={isDone ? "button button--secondary" : "button"} to={`/inst/assessments/${a.id}`}>
                    {isDone ? t("institution.view") : a.status === "not_started" ? t("institution.start") : t("institution.continue")}
                  </Link>
                  {!isDone && remaining > 0 ? <span className="muted">{t("institution.remaining", { count: remaining })}</span> : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}
