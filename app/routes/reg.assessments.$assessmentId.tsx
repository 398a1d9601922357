import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { addDays, format, parseISO } from "date-fns";
import { CommentThread } from "~/components/comment-thread";
import { ErrorSummary, Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { AssessmentStatusBadge } from "~/components/status-badge";
import { AuditTrail, toVersionRows, VersionDiff, VersionList } from "~/components/version-history";
import { addItemComment, decideAssessment, getReviewPage, reviewItem } from "~/models/review.server";
import { commentSchema } from "~/schemas/rectification";
import { decisionSchema, itemReviewSchema } from "~/schemas/review";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime, todayLocal } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { enqueue, enqueueAssessmentDecided } from "~/utils/queue.server";
import { submittedValues } from "~/utils/forms";
import { parseForm, rejectForm } from "~/utils/forms.server";
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
  const itemId = String(form.get("checklistItemId") ?? "");
  // Each form on the page is told apart by its intent (and item): its errors and typed values go back to it.
  const fail = (fieldErrors: Record<string, string | undefined>, message: string | null = null, status = 400) =>
    rejectForm({ values: submittedValues(form) }, fieldErrors, {
      form: `${String(intent)}:${itemId}`,
      status,
      extra: { intent: String(intent), itemId, message },
    });

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
    if (!parsed.ok) return fail(parsed.fieldErrors);
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
                {d.isPending ? <ItemReviewForm item={item} /> : null}
                <details>
                  <summary>
                    {t("institution.comments")}（{item.comments.length}）
                  </summary>
                  <CommentThread
                    comments={item.comments}
                    formId={`comment:${item.checklistItemId}`}
                    fieldId={`comment-body-${item.code}`}
                    hiddenFields={{ intent: "comment", checklistItemId: item.checklistItemId, code: item.code }}
                  />
                </details>
              </section>
            );
          })}

          {d.isPending ? <DecisionForm defaultReworkDue={d.defaultReworkDue} /> : null}
        </>
      )}
      <section className="card">
        <h2>{t("review.versions")}</h2>
        <VersionList versions={d.versions} reportBase={base} />
      </section>
      {d.diff ? <VersionDiff from={d.diff.from} to={d.diff.to} diffs={d.diff.items} /> : null}
      <AuditTrail events={d.audit} />
    </>
  );
}

type ReviewItem = ReturnType<typeof useLoaderData<typeof loader>>["latest"] extends infer L
  ? L extends { items: (infer I)[] }
    ? I
    : never
  : never;

/** One item's review: accepted, or returned with a comment. A refused save keeps what was chosen. */
function ItemReviewForm({ item }: { item: ReviewItem }) {
  const busy = useNavigation().state === "submitting";
  const { onSubmit, errorFor, register, radio } = useValidatedForm(itemReviewSchema, {
    formId: `review-item:${item.checklistItemId}`,
    defaultValues: {
      checklistItemId: item.checklistItemId,
      decision: item.review?.decision === "returned" ? "returned" : "accepted",
      comment: item.review?.isCarriedOver ? "" : (item.review?.comment ?? ""),
    },
  });
  const commentId = `comment-${item.code}`;
  const commentError = errorFor("comment");
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="filters">
      <input type="hidden" name="intent" value="review-item" />
      <input type="hidden" {...register("checklistItemId")} />
      <input type="hidden" name="code" value={item.code} />
      <div className="choice-list">
        <label className="choice">
          <input {...radio("decision", "accepted")} />
          {t("review.itemAccepted")}
        </label>
        <label className="choice">
          <input {...radio("decision", "returned")} />
          {t("review.itemReturned")}
        </label>
      </div>
      <div className="field" style={{ flex: 1 }}>
        <label className="field__label" htmlFor={commentId}>
          {t("review.itemComment")}
        </label>
        <input
          id={commentId}
          aria-invalid={commentError ? true : undefined}
          aria-describedby={commentError ? `${commentId}-error` : undefined}
          {...register("comment")}
        />
        {commentError ? (
          <span className="field__error" id={`${commentId}-error`} role="alert">
            {commentError}
          </span>
        ) : null}
      </div>
      <button type="submit" className="button button--secondary" disabled={busy}>
        {t("review.saveItemReview")}
      </button>
    </Form>
  );
}

/** The decision on the whole version: accepted, or returned with a rework due date. */
function DecisionForm({ defaultReworkDue }: { defaultReworkDue: string }) {
  const busy = useNavigation().state === "submitting";
  const { onSubmit, errorFor, errors, register, radio } = useValidatedForm(decisionSchema, {
    formId: "decide:",
    defaultValues: { decision: "accepted", reworkDueOn: defaultReworkDue, comment: "" },
  });
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="card">
      <h2>{t("review.decideTitle")}</h2>
      <ErrorSummary errors={errors} ids={{ comment: "decisionComment" }} />
      <input type="hidden" name="intent" value="decide" />
      <div className="choice-list" id="decision">
        <label className="choice">
          <input {...radio("decision", "accepted")} />
          {t("review.decideAccept")}
        </label>
        <label className="choice">
          <input {...radio("decision", "returned")} />
          {t("review.decideReturn")}
        </label>
      </div>
      <div className="form-grid form-grid--2" style={{ marginTop: 12 }}>
        <Field id="reworkDueOn" label={t("review.reworkDueOn")} error={errorFor("reworkDueOn")}>
          {(aria) => <input {...aria} type="date" {...register("reworkDueOn")} />}
        </Field>
        <Field id="decisionComment" label={t("review.decisionComment")} error={errorFor("comment")}>
          {(aria) => <input {...aria} {...register("comment")} />}
        </Field>
      </div>
      <button type="submit" className="button" disabled={busy}>
        {t("common.save")}
      </button>
    </Form>
  );
}
