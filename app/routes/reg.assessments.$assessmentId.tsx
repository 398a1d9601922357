import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addDays, format, parseISO } from "date-fns";
import { CommentThread } from "~/components/comment-thread";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { AuditTrail, toVersionRows, VersionDiff, VersionList } from "~/components/version-history";
import { addItemComment, decideAssessment, getReviewPage, reviewItem } from "~/models/review.server";
import { commentSchema } from "~/schemas/rectification";
import { decisionSchema, itemReviewSchema } from "~/schemas/review";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { enqueue, enqueueAssessmentDecided } from "~/utils/queue.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${t("review.title")} · ${data?.institution.name ?? ""} · ${t("app.fullName")}` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const page = await getReviewPage(db, scope, params.assessmentId!);
  return { ...page, versions: toVersionRows(page.versions), defaultReworkDue: format(addDays(parseISO(todayLocal()), 14), "yyyy-MM-dd") };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const form = await request.formData();
  const intent = form.get("intent");
  const here = `/reg/assessments/${params.assessmentId}`;
  const fail = (fieldErrors: Record<string, string | undefined>, message: string | null = null, status = 400) =>
    data({ intent: String(intent), itemId: String(form.get("checklistItemId") ?? ""), fieldErrors, message }, { status });

  if (intent === "review-item") {
    const parsed = parseForm(itemReviewSchema, form);
    if (!parsed.ok) return fail(parsed.fieldErrors);
    const result = await reviewItem(db, scope, { assessmentId: params.assessmentId!, ...parsed.data });
    if (!result.ok) return fail(result.fieldErrors ?? {}, result.message ?? null, 409);
    const code = String(form.get("code") ?? "");
    return redirectWithFlash(`${here}#item-${code}`, t("review.itemReviewSaved", { code }));
  }
  if (intent === "decide") {
    const parsed = parseForm(decisionSchema, form);
    if (!parsed.ok) return fail(parsed.fieldErrors);
    const result = await decideAssessment(db, scope, { assessmentId: params.assessmentId!, ...parsed.data });
    if (!result.ok) return fail(result.fieldErrors ?? {}, result.message ?? null, 409);
    await enqueue(enqueueAssessmentDecided, params.assessmentId!, result.version!);
    return redirectWithFlash(here, parsed.data.decision === "accepted" ? t("review.accepted") : t("review.returned"));
  }
  if (intent === "comment") {
    const parsed = parseForm(commentSchema, form);
    if (!parsed.ok) return fail({ body: parsed.fieldErrors.body });
    const result = await addItemComment(db, scope, {
      assessmentId: params.assessmentId!,
      checklistItemId: String(form.get("checklistItemId") ?? ""),
      body: parsed.data.body,
    });
    if (!result.ok) return fail(result.fieldErrors ?? {}, result.message ?? null);
    return redirectWithFlash(`${here}#item-${form.get("code") ?? ""}`, t("institution.commentSent"));
  }
  throw new Response("Bad Request", { status: 400 });
}

export default function ReviewPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const a = d.assessment;
  const base = `/reg/assessments/${a.id}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg">{t("nav.campaigns")}</Link> / <Link to={`/reg/campaigns/${d.campaign.id}`}>{d.campaign.title}</Link> /{" "}
        {d.institution.name}
      </nav>
      <div className="page-head">
        <div>
          <h1>{d.institution.name}</h1>
          <p>
            {d.institution.nhsaCode} · {msgs().kinds[d.institution.kind]} · {d.institution.regionName}
          </p>
        </div>
        <AssessmentStatusBadge status={a.status} />
      </div>
      {actionData?.message ? (
        <div className="form-alert" role="alert">
          {actionData.message}
        </div>
      ) : null}
      {!d.latest ? (
        <p className="card muted">{t("review.noSubmission")}</p>
      ) : (
        <>
          <section className="card">
            <div className="card__head">
              <h2>
                {t("review.version", { version: d.latest.version })} · {msgs().review.decision[d.latest.decision]}
              </h2>
              <a className="button button--secondary button--small" href={`${base}/report`}>
                {t("institution.report")}
              </a>
            </div>
            <p className="muted">{t("review.frozenNotice", { version: d.latest.version })}</p>
            <p>
              {t("institution.submittedOn", { time: formatDateTime(d.latest.submittedAt), name: d.latest.signerName })} ·{" "}
              {t("institution.summaryProblems", { count: d.latest.totals.problemCount })} ·{" "}
              {t("institution.summaryRefunded", { amount: formatFen(d.latest.totals.refundedFen) })}
            </p>
          </section>

          {d.latest.items.map((item) => {
            const itemError = actionData && actionData.itemId === item.checklistItemId ? actionData.fieldErrors : null;
            return (
              <section key={item.checklistItemId} className="card" id={`item-${item.code}`}>
                <div className="card__head">
                  <h3>
                    {item.code} · {item.title}
                  </h3>
                  <span>
                    <span className={`badge badge--${item.answer}`}>{msgs().answers[item.answer]}</span>{" "}
                    {item.review ? (
                      <span className={`badge badge--review-${item.review.decision}`}>
                        {item.review.isCarriedOver
                          ? t("review.carriedOver")
                          : item.review.decision === "accepted"
                            ? t("review.itemAccepted")
                            : t("review.itemReturned")}
                      </span>
                    ) : d.isPending ? (
                      <span className="badge badge--review-pending">{t("review.itemPending")}</span>
                    ) : null}
                  </span>
                </div>
                {item.answer === "problem_found" ? (
                  <dl className="facts">
                    <dt>{t("institution.description")}</dt>
                    <dd>{item.description}</dd>
                    <dt>{t("institution.caseCount")}</dt>
                    <dd>{item.caseCount}</dd>
                    <dt>{t("institution.amountInvolved")}</dt>
                    <dd>{formatFen(item.amountInvolvedFen ?? 0)}</dd>
                    <dt>{t("institution.refunded")}</dt>
                    <dd>{formatFen(item.refundedFen ?? 0)}</dd>
                    <dt>{t("institution.rectificationPlan")}</dt>
                    <dd>{item.rectificationPlan}</dd>
                    <dt>{t("institution.responsiblePerson")}</dt>
                    <dd>{item.responsiblePerson}</dd>
                    <dt>{t("institution.rectificationDueOn")}</dt>
                    <dd>{formatDateCn(item.rectificationDueOn)}</dd>
                    <dt>{t("institution.rectificationStatus")}</dt>
                    <dd>
                      {item.rectificationStatus ? msgs().rectificationStatus[item.rectificationStatus] : ""}
                      {item.live?.rectificationStatus && item.live.rectificationStatus !== item.rectificationStatus ? (
                        <small>
                          {" "}
                          （{t("review.liveRectification")}：{msgs().rectificationStatus[item.live.rectificationStatus]}
                          {item.live.rectifiedOn ? ` ${formatDateCn(item.live.rectifiedOn)}` : ""}）
                        </small>
                      ) : null}
                    </dd>
                  </dl>
                ) : null}
                {item.evidence.length > 0 ? (
                  <p>
                    {t("institution.evidence")}：
                    {item.evidence.map((e, i) => (
                      <span key={e.id}>
                        {i > 0 ? "、" : ""}
                        <a href={`/evidence/${e.id}`}>{e.fileName}</a>
                      </span>
                    ))}
                  </p>
                ) : null}
                {item.review?.comment ? <div className="review-note">{item.review.comment}</div> : null}
                {item.previousReview?.decision === "returned" ? (
                  <p className="muted">
                    {t("review.version", { version: d.latest!.version - 1 })} {t("review.itemReturned")}：{item.previousReview.comment}
                  </p>
                ) : null}
                {d.isPending ? (
                  <Form method="post" className="filters">
                    <input type="hidden" name="intent" value="review-item" />
                    <input type="hidden" name="checklistItemId" value={item.checklistItemId} />
                    <input type="hidden" name="code" value={item.code} />
                    <div className="choice-list">
                      <label className="choice">
                        <input type="radio" name="decision" value="accepted" defaultChecked={item.review?.decision !== "returned"} />
                        {t("review.itemAccepted")}
                      </label>
                      <label className="choice">
                        <input type="radio" name="decision" value="returned" defaultChecked={item.review?.decision === "returned"} />
                        {t("review.itemReturned")}
                      </label>
                    </div>
                    <div className="field" style={{ flex: 1 }}>
                      <label className="field__label" htmlFor={`comment-${item.code}`}>
                        {t("review.itemComment")}
                      </label>
                      <input
                        id={`comment-${item.code}`}
                        name="comment"
                        defaultValue={item.review?.isCarriedOver ? "" : (item.review?.comment ?? "")}
                        aria-invalid={itemError?.comment ? true : undefined}
                      />
                      {itemError?.comment ? (
                        <span className="field__error" role="alert">
                          {itemError.comment}
                        </span>
                      ) : null}
                    </div>
                    <button type="submit" className="button button--secondary" disabled={busy}>
                      {t("review.saveItemReview")}
                    </button>
                  </Form>
                ) : null}
                <details>
                  <summary>
                    {t("institution.comments")}（{item.comments.length}）
                  </summary>
                  <CommentThread
                    comments={item.comments}
                    error={
                      actionData?.intent === "comment" && actionData.itemId === item.checklistItemId
                        ? actionData.fieldErrors.body
                        : undefined
                    }
                    hiddenFields={{ intent: "comment", checklistItemId: item.checklistItemId, code: item.code }}
                  />
                </details>
              </section>
            );
          })}

          {d.isPending ? (
            <Form method="post" className="card">
              <h2>{t("review.decideTitle")}</h2>
              <input type="hidden" name="intent" value="decide" />
              <div className="choice-list">
                <label className="choice">
                  <input type="radio" name="decision" value="accepted" defaultChecked />
                  {t("review.decideAccept")}
                </label>
                <label className="choice">
                  <input type="radio" name="decision" value="returned" />
                  {t("review.decideReturn")}
                </label>
              </div>
              <div className="form-grid form-grid--2" style={{ marginTop: 12 }}>
                <div className="field">
                  <label className="field__label" htmlFor="reworkDueOn">
                    {t("review.reworkDueOn")}
                  </label>
                  <input id="reworkDueOn" name="reworkDueOn" type="date" defaultValue={d.defaultReworkDue} />
                  {actionData?.intent === "decide" && actionData.fieldErrors.reworkDueOn ? (
                    <span className="field__error" role="alert">
                      {actionData.fieldErrors.reworkDueOn}
                    </span>
                  ) : null}
                </div>
                <div className="field">
                  <label className="field__label" htmlFor="decisionComment">
                    {t("review.decisionComment")}
                  </label>
                  <input id="decisionComment" name="comment" />
                </div>
              </div>
              <button type="submit" className="button" disabled={busy}>
                {t("common.save")}
              </button>
            </Form>
          ) : null}
        </>
      )}
      <section className="card">
        <h2>{t("review.versions")}</h2>
        {d.versions.length === 0 ? (
          <p className="muted">{t("review.noSubmission")}</p>
        ) : (
          <VersionList versions={d.versions} reportHref={(v) => `${base}/report?version=${v}`} />
        )}
      </section>
      {d.diff ? <VersionDiff from={d.diff.from} to={d.diff.to} diffs={d.diff.items} /> : null}
      <AuditTrail events={d.audit} />
    </>
  );
}
