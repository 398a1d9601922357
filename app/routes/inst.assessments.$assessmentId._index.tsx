import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DueDate } from "~/components/due-date";
import { ProgressBar } from "~/components/progress-bar";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { getAssessmentWorkspace } from "~/models/assessment.server";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import { CHECKLIST_SECTIONS } from "~/utils/domain";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.campaign.title ?? ""} · ${t("app.fullName")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const ws = await getAssessmentWorkspace(db, scope, params.assessmentId!);
  const sections = CHECKLIST_SECTIONS.map((section) => ({
    section,
    items: ws.items
      .filter((r) => r.item.section === section)
      .map((r) => ({
        code: r.item.code,
        title: r.item.title,
        domain: r.item.domain,
        answer: r.answer?.answer ?? null,
      })),
  })).filter((s) => s.items.length > 0);
  const firstUnanswered = ws.items.find((r) => !r.answer)?.item.code ?? null;
  return {
    assessment: ws.assessment,
    campaign: { title: ws.campaign.title, selfCheckDueOn: ws.campaign.selfCheckDueOn, rectificationDueOn: ws.campaign.rectificationDueOn, reviewPeriodStart: ws.campaign.reviewPeriodStart, reviewPeriodEnd: ws.campaign.reviewPeriodEnd },
    checklist: ws.checklist,
    institution: { name: ws.institution.name },
    sections,
    firstUnanswered,
    isEditable: ws.isEditable,
    canSubmit: scope.role === "officer",
    today: todayLocal(),
  };
}

export default function AssessmentOverview() {
  const d = useLoaderData<typeof loader>();
  const a = d.assessment;
  const remaining = a.itemCount - a.answeredCount;
  const base = `/inst/assessments/${a.id}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/inst">{t("nav.home")}</Link> / {d.campaign.title}
      </nav>
      <div className="page-head">
        <div>
          <h1>{d.campaign.title}</h1>
          <p>
            {d.checklist.title}（{d.checklist.docNumber}）
          </p>
        </div>
        <AssessmentStatusBadge status={a.status} />
      </div>

      <section className="card">
        <div className="grid grid--2">
          <dl className="facts">
            <dt>{t("regulator.selfCheckDueOn")}</dt>
            <dd>
              <DueDate dueOn={d.campaign.selfCheckDueOn} today={d.today} isDone={!d.isEditable} bare />
            </dd>
            <dt>{t("regulator.rectificationDueOn")}</dt>
            <dd>{formatDateCn(d.campaign.rectificationDueOn)}</dd>
            <dt>{t("regulator.period")}</dt>
            <dd>
              {d.campaign.reviewPeriodEnd
                ? t("regulator.periodRange", { start: formatDateCn(d.campaign.reviewPeriodStart), end: formatDateCn(d.campaign.reviewPeriodEnd) })
                : t("regulator.periodSince", { start: formatDateCn(d.campaign.reviewPeriodStart) })}
            </dd>
          </dl>
          <div>
            <ProgressBar value={a.answeredCount} total={a.itemCount} />
            <p style={{ marginTop: 6 }}>
              {t("institution.answeredOf", { answered: a.answeredCount, total: a.itemCount })}
              {" · "}
              {t("institution.summaryProblems", { count: a.problemCount })}
            </p>
            <p className="muted">
              {t("institution.summaryInvolved", { amount: formatFen(a.amountInvolvedFen) })}
              {" · "}
              {t("institution.summaryRefunded", { amount: formatFen(a.refundedFen) })}
            </p>
          </div>
        </div>
        {a.submittedAt ? (
          <p className="muted">{t("institution.submittedOn", { time: formatDateTime(a.submittedAt), name: a.commitmentSignedBy ?? "" })}</p>
        ) : null}
        {d.isEditable ? (
          <div className="actions">
            {d.firstUnanswered ? (
              <Link className="button" to={`${base}/items/${d.firstUnanswered}`}>
                {a.answeredCount === 0 ? t("institution.start") : t("institution.continue")}
              </Link>
            ) : null}
            {d.canSubmit ? (
              <Link className={remaining === 0 ? "button" : "button button--secondary"} to={`${base}/submit`}>
                {t("institution.submitTitle")}
              </Link>
            ) : null}
            <span className="muted">
              {remaining > 0 ? t("institution.remaining", { count: remaining }) : t("institution.allAnswered", { total: a.itemCount })}
            </span>
          </div>
        ) : null}
      </section>

      {d.sections.map((s) => {
        const answered = s.items.filter((i) => i.answer).length;
        return (
          <section key={s.section} className="section-block card">
            <h2>
              <span>{s.section}</span>
              <small>
                {answered} / {s.items.length}
              </small>
            </h2>
            <ul className="item-list">
              {s.items.map((item) => (
                <li key={item.code}>
                  <Link className="item-row" to={`${base}/items/${item.code}`}>
                    <span className="item-row__code">{item.code}</span>
                    <span className="item-row__title">
                      {item.title}
                      {item.domain ? <small> · {item.domain}</small> : null}
                    </span>
                    <span className="item-row__state">
                      {item.answer ? (
                        <span className={`badge badge--${item.answer}`}>{msgs().answers[item.answer]}</span>
                      ) : (
                        <span className="badge badge--unanswered">{t("institution.notAnswered")}</span>
                      )}
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </>
  );
}
