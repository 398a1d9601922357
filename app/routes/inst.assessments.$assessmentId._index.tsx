import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DueDate } from "~/components/due-date";
import { ProgressBar } from "~/components/progress-bar";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { getWorkspacePage, summariseRectification } from "~/models/assessment.server";
import { assignItems } from "~/models/review.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import { CHECKLIST_SECTIONS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? ""} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const today = todayLocal();
  const { ws, staff } = await getWorkspacePage(db, scope, params.assessmentId!);
  const isOfficer = scope.role === "officer";
  const isEditable = ws.isEditable;
  const canAssign = isOfficer && isEditable && staff.length > 0;
  // Only what the page shows goes to the browser (Remix inlines the loader data into the HTML).
  const sections = CHECKLIST_SECTIONS.map((section) => ({
    section,
    items: ws.items
      .filter((r) => r.item.section === section)
      .map((r) => ({
        // The item's id is the assign form's checkbox value: only when that form is shown.
        id: canAssign ? r.item.id : undefined,
        code: r.item.code,
        title: r.item.title,
        domain: r.item.domain,
        answer: r.answer?.answer ?? null,
        isReturned: r.isReturned,
        assignee: r.assignee,
        needsEvidence: r.answer?.answer === "problem_found" && r.item.isEvidenceRequired && r.evidenceCount === 0,
      })),
  })).filter((s) => s.items.length > 0);
  const firstUnanswered = ws.items.find((r) => !r.answer)?.item.code ?? null;
  const a = ws.assessment;
  return {
    assessment: {
      id: a.id,
      status: a.status,
      itemCount: a.itemCount,
      answeredCount: a.answeredCount,
      problemCount: a.problemCount,
      amountInvolvedFen: a.amountInvolvedFen,
      refundedFen: a.refundedFen,
      submittedAt: a.submittedAt,
      commitmentSignedBy: a.commitmentSignedBy,
      currentVersion: a.currentVersion,
      reworkDueOn: a.reworkDueOn,
    },
    campaign: {
      title: ws.campaign.title,
      selfCheckDueOn: ws.campaign.selfCheckDueOn,
      rectificationDueOn: ws.campaign.rectificationDueOn,
      reviewPeriodStart: ws.campaign.reviewPeriodStart,
      reviewPeriodEnd: ws.campaign.reviewPeriodEnd,
    },
    checklist: ws.checklist,
    sections,
    firstUnanswered,
    isEditable,
    canSubmit: isOfficer,
    canAssign,
    isAssignedOnly: ws.isAssignedOnly,
    board: summariseRectification(ws.items, today),
    returnedCount: ws.returnedCount,
    staff: canAssign ? staff : [],
    today,
  };
}

const assignSchema = z.object({
  checklistItemIds: z.array(z.string()).default([]),
  assigneeId: z.string().optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const form = await request.formData();
  const parsed = assignSchema.parse({ checklistItemIds: form.getAll("checklistItemIds"), assigneeId: form.get("assigneeId") ?? undefined });
  const result = await assignItems(db, scope, {
    assessmentId: params.assessmentId!,
    checklistItemIds: parsed.checklistItemIds,
    assigneeId: parsed.assigneeId || null,
  });
  if (!result.ok) return data({ error: result.message ?? Object.values(result.fieldErrors ?? {})[0] ?? null }, { status: 400 });
  return redirectWithFlash(`/inst/assessments/${params.assessmentId}`, t("assignment.assigned", { count: parsed.checklistItemIds.length }));
}

export default function AssessmentOverview() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const canAssign = d.canAssign;
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

      {a.status === "returned" && a.reworkDueOn ? (
        <div className="review-note" role="note">
          {t("institution.returnedBanner", { count: d.returnedCount, date: formatDateCn(a.reworkDueOn) })}
        </div>
      ) : null}
      {d.isAssignedOnly ? <p className="notice">{t("institution.assignedOnly")}</p> : null}
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
                ? t("regulator.periodRange", {
                    start: formatDateCn(d.campaign.reviewPeriodStart),
                    end: formatDateCn(d.campaign.reviewPeriodEnd),
                  })
                : t("regulator.periodSince", { start: formatDateCn(d.campaign.reviewPeriodStart) })}
            </dd>
          </dl>
          <div>
            <ProgressBar
              value={a.answeredCount}
              total={a.itemCount}
              label={t("institution.answeredOf", { answered: a.answeredCount, total: a.itemCount })}
            />
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
        {/* History and report show every item: the officer's, not a staff member's (assigned items only). */}
        {a.currentVersion > 0 && !d.isAssignedOnly ? (
          <div className="actions">
            <Link className="button button--secondary button--small" to={`${base}/history`}>
              {t("institution.history")}
            </Link>
            <a className="button button--secondary button--small" href={`${base}/report`}>
              {t("institution.report")}
            </a>
          </div>
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
                {a.status === "returned" ? t("institution.resubmit") : t("institution.submitTitle")}
              </Link>
            ) : null}
            <span className="muted">
              {remaining > 0 ? t("institution.remaining", { count: remaining }) : t("institution.allAnswered", { total: a.itemCount })}
            </span>
          </div>
        ) : null}
      </section>

      {a.answeredCount > 0 ? (
        <RectificationBoard
          board={d.board}
          // The rollups count every item of the self-check, also those a staff member does not see.
          isClear={a.problemCount === 0 && a.answeredCount >= a.itemCount}
        />
      ) : null}
      {actionData?.error ? (
        <div className="form-alert" role="alert">
          {actionData.error}
        </div>
      ) : null}
      <Form method="post" id="assign-form">
        {canAssign ? (
          <div className="card filters">
            <div className="field">
              <label className="field__label" htmlFor="assigneeId">
                {t("assignment.title")}
              </label>
              <select id="assigneeId" name="assigneeId">
                <option value="">{t("assignment.nobody")}</option>
                {d.staff.map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="button button--secondary">
              {t("assignment.assign")}
            </button>
            <small className="muted">{t("assignment.pickItems")}</small>
          </div>
        ) : null}
      </Form>
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
                <li key={item.code} className="item-line">
                  {canAssign ? (
                    <input
                      type="checkbox"
                      name="checklistItemIds"
                      value={item.id ?? ""}
                      form="assign-form"
                      aria-label={`${t("assignment.title")} ${item.code}`}
                      className="item-line__check"
                    />
                  ) : null}
                  <Link className="item-row" to={`${base}/items/${item.code}`}>
                    <span className="item-row__code">{item.code}</span>
                    <span className="item-row__title">
                      {item.title}
                      {item.domain ? <small> · {item.domain}</small> : null}
                      {item.assignee ? (
                        <small>
                          {" "}
                          · {t("institution.assignee")}：{item.assignee}
                        </small>
                      ) : null}
                      {item.needsEvidence ? <small className="due--soon"> · {t("institution.boardNeedsEvidence")}</small> : null}
                    </span>
                    <span className="item-row__state">
                      {item.isReturned ? <span className="badge badge--returned">{t("institution.returnedItem")}</span> : null}
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

function RectificationBoard({ board, isClear }: { board: ReturnType<typeof summariseRectification>; isClear: boolean }) {
  // "Nothing to rectify" only when nothing was found and nothing is left unanswered.
  if (board.total === 0) return isClear ? <p className="card muted">{t("institution.boardEmpty")}</p> : null;
  const cells: [string, string, string?][] = [
    [t("institution.boardOpen"), String(board.open)],
    [t("institution.boardInProgress"), String(board.inProgress)],
    [t("institution.boardRectified"), String(board.rectified)],
    [t("institution.boardOverdue"), String(board.overdue), board.overdue > 0 ? "stat--alert" : undefined],
    [t("institution.boardNeedsEvidence"), String(board.needingEvidence), board.needingEvidence > 0 ? "stat--warn" : undefined],
    [t("institution.boardRefunded"), formatFen(board.refundedFen)],
  ];
  return (
    <section className="card">
      <h2>{t("institution.rectificationBoard")}</h2>
      <div className="stats">
        {cells.map(([label, value, tone]) => (
          <div key={label} className={`stat ${tone ?? ""}`}>
            <div className="stat__value">{value}</div>
            <div className="stat__label">{label}</div>
          </div>
        ))}
      </div>
    </section>
  );
}
