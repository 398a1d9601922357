import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChoiceGroup, Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { CommentThread } from "~/components/comment-thread";
import { EvidencePanel } from "~/components/evidence-panel";
import { findNextItemToAnswer, getItemPage, saveAnswer, updateRectification, type AnswerRow } from "~/models/assessment.server";
import { commentOnItem } from "~/models/review.server";
import { answerSchema, type AnswerFormValues } from "~/schemas/answer";
import { commentSchema, rectificationSchema } from "~/schemas/rectification";
import { env } from "~/utils/env.server";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { ANSWERS, RECTIFICATION_STATUSES } from "~/domain/vocabulary";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { fenToYuanInput } from "~/utils/money";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.item.code ?? ""} · ${data?.campaignTitle ?? ""} · ${t("app.fullName")}` },
];

function toFormValues(answer: AnswerRow | null): AnswerFormValues {
  return {
    answer: answer?.answer ?? "",
    lockVersion: String(answer?.lockVersion ?? 0),
    description: answer?.description ?? "",
    caseCount: answer?.caseCount != null ? String(answer.caseCount) : "",
    amountInvolvedFen: fenToYuanInput(answer?.amountInvolvedFen),
    refundedFen: fenToYuanInput(answer?.refundedFen),
    rectificationPlan: answer?.rectificationPlan ?? "",
    responsiblePerson: answer?.responsiblePerson ?? "",
    rectificationDueOn: answer?.rectificationDueOn ?? "",
    rectificationStatus: answer?.rectificationStatus ?? "open",
    rectifiedOn: answer?.rectifiedOn ?? "",
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const { ws, index, row, evidence, comments, review } = await getItemPage(db, scope, params.assessmentId!, params.itemCode!);
  return {
    assessmentId: ws.assessment.id,
    campaignTitle: ws.campaign.title,
    rectificationDueOn: ws.campaign.rectificationDueOn,
    item: row.item,
    position: index + 1,
    total: ws.items.length,
    previousCode: ws.items[index - 1]?.item.code ?? null,
    nextCode: ws.items[index + 1]?.item.code ?? null,
    values: toFormValues(row.answer),
    lastSaved: row.answer ? { by: row.answeredByName, at: row.answer.answeredAt } : null,
    permissions: row.permissions,
    evidence,
    comments,
    review,
    maxFileMb: env.UPLOAD_MAX_FILE_MB,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const formData = await request.formData();
  const intent = formData.get("intent");
  const base = `/inst/assessments/${params.assessmentId}`;
  const here = `${base}/items/${params.itemCode}`;
  const none = { conflict: null, locked: null } as {
    conflict: { values: AnswerFormValues; message: string } | null;
    locked: string | null;
  };

  if (intent === "comment") {
    const parsed = parseForm(commentSchema, formData);
    if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { form: "comment", extra: none });
    const result = await commentOnItem(db, scope, {
      assessmentId: params.assessmentId!,
      itemCode: params.itemCode!,
      body: parsed.data.body,
    });
    if (!result.ok) return rejectForm(parsed, result.fieldErrors ?? { _form: result.message }, { form: "comment", extra: none });
    return redirectWithFlash(`${here}#comments`, t("institution.commentSent"));
  }

  const isRectification = intent === "rectification";
  const parsed = isRectification ? parseForm(rectificationSchema, formData) : parseForm(answerSchema, formData);
  const form = isRectification ? "rectification" : "answer";
  if (!parsed.ok) return rejectForm(parsed, parsed.fieldErrors, { form, extra: none });
  const input = { assessmentId: params.assessmentId!, itemCode: params.itemCode! };
  const result = isRectification
    ? await updateRectification(db, scope, { ...input, data: parsed.data as never })
    : await saveAnswer(db, scope, { ...input, data: parsed.data as never });
  if (!result.ok) {
    if (result.kind === "invalid") return rejectForm(parsed, result.fieldErrors, { form, extra: none });
    if (result.kind === "locked") return data({ ...none, locked: result.message }, { status: 409 });
    return data(
      {
        ...none,
        conflict: {
          values: toFormValues(result.current),
          message: t("institution.staleItem", { who: result.byName ?? "", time: formatDateTime(result.current.answeredAt) }),
        },
      },
      { status: 409 },
    );
  }
  if (isRectification) return redirectWithFlash(here, t("institution.rectificationUpdated", { code: params.itemCode! }));
  const saved = t("institution.itemSaved", { code: params.itemCode! });
  if (intent === "next") {
    const next = await findNextItemToAnswer(db, scope, params.assessmentId!, params.itemCode!);
    return redirectWithFlash(next ? `${base}/items/${next}` : base, next ? saved : t("institution.allAnsweredFlash", { saved }));
  }
  return redirectWithFlash(base, saved);
}

export default function ItemPage() {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const conflictValues = actionData?.conflict?.values;
  // A conflict replaces the form with the newer saved answer, so remount with those values.
  return <ItemForm key={conflictValues ? `c${conflictValues.lockVersion}` : `v${d.values.lockVersion}`} conflictValues={conflictValues} />;
}

function ItemForm({ conflictValues }: { conflictValues?: AnswerFormValues }) {
  const d = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const values = conflictValues ?? d.values;
  const { onSubmit, errorFor, errors, register, radio } = useValidatedForm<AnswerFormValues>(answerSchema, {
    defaultValues: values,
    formId: "answer",
  });
  const base = `/inst/assessments/${d.assessmentId}`;
  const disabled = !d.permissions.canAnswer;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/inst">{t("nav.home")}</Link> / <Link to={base}>{d.campaignTitle}</Link> / {d.item.code}
      </nav>
      <div className="page-head">
        <div>
          <h1>
            {d.item.section} · {d.item.code}
          </h1>
          <p>
            {d.position} / {d.total}
            {d.item.domain ? ` · ${d.item.domain}` : ""}
          </p>
        </div>
      </div>
      <section className="card">
        <p className="item-official">{d.item.title}</p>
        <div className="guidance">
          <h3>{t("institution.guidance")}</h3>
          <p>{d.item.guidance}</p>
          {d.item.legalBasis ? (
            <p className="muted">
              {t("institution.legalBasis")}：{d.item.legalBasis}
            </p>
          ) : null}
          {d.item.isEvidenceRequired ? <p className="muted">{t("institution.evidenceRequired")}</p> : null}
        </div>
      </section>

      {d.review?.decision === "returned" ? (
        <div className="review-note" role="note">
          <strong>{t("institution.returnedComment")}</strong>（{d.review.reviewerName}，{formatDateTime(d.review.reviewedAt)}）：
          {d.review.comment}
        </div>
      ) : null}
      {actionData?.conflict ? (
        <div className="notice" role="alert">
          {actionData.conflict.message}
        </div>
      ) : null}
      {actionData?.locked ? (
        <div className="notice" role="alert">
          {actionData.locked}
        </div>
      ) : null}
      {disabled && d.permissions.lockedReason ? <div className="notice">{d.permissions.lockedReason}</div> : null}
      <ErrorSummary errors={errors} />

      <Form method="post" noValidate onSubmit={onSubmit} className="card answer-form">
        <input type="hidden" {...register("lockVersion")} />
        <fieldset disabled={disabled} style={{ border: 0, padding: 0, margin: 0 }}>
          <ChoiceGroup legend={t("institution.answer")} name="answer" error={errorFor("answer")}>
            {ANSWERS.map((answer) => (
              <label key={answer} className="choice">
                <input {...radio("answer", answer)} />
                {msgs().answers[answer]}
              </label>
            ))}
          </ChoiceGroup>

          <div className="problem-fields">
            <Field
              id="description"
              label={t("institution.description")}
              hint={t("institution.descriptionHint")}
              error={errorFor("description")}
              required
            >
              {(aria) => <textarea {...aria} {...register("description")} />}
            </Field>
            <div className="form-grid form-grid--3">
              <Field id="caseCount" label={t("institution.caseCount")} error={errorFor("caseCount")} required>
                {(aria) => <input {...aria} inputMode="numeric" {...register("caseCount")} />}
              </Field>
              <Field id="amountInvolvedFen" label={t("institution.amountInvolved")} error={errorFor("amountInvolvedFen")} required>
                {(aria) => <input {...aria} inputMode="decimal" placeholder="0.00" {...register("amountInvolvedFen")} />}
              </Field>
              <Field id="refundedFen" label={t("institution.refunded")} error={errorFor("refundedFen")} required>
                {(aria) => <input {...aria} inputMode="decimal" placeholder="0.00" {...register("refundedFen")} />}
              </Field>
            </div>
            <Field id="rectificationPlan" label={t("institution.rectificationPlan")} error={errorFor("rectificationPlan")} required>
              {(aria) => <textarea {...aria} {...register("rectificationPlan")} />}
            </Field>
            <div className="form-grid form-grid--2">
              <Field id="responsiblePerson" label={t("institution.responsiblePerson")} error={errorFor("responsiblePerson")} required>
                {(aria) => <input {...aria} autoComplete="off" {...register("responsiblePerson")} />}
              </Field>
              <Field
                id="rectificationDueOn"
                label={t("institution.rectificationDueOn")}
                hint={t("institution.rectificationDueHint", { date: formatDateCn(d.rectificationDueOn) })}
                error={errorFor("rectificationDueOn")}
                required
              >
                {(aria) => <input {...aria} type="date" max={d.rectificationDueOn} {...register("rectificationDueOn")} />}
              </Field>
              <RectificationFields idPrefix="" errorFor={errorFor} register={register} />
            </div>
          </div>
        </fieldset>

        {d.lastSaved ? (
          <p className="muted">
            {t("common.saved")}：{d.lastSaved.by} {formatDateTime(d.lastSaved.at)}
          </p>
        ) : null}
        <div className={disabled ? "actions" : "actions sticky-actions"}>
          {!disabled ? (
            <>
              <button type="submit" name="intent" value="next" className="button" disabled={busy}>
                {busy ? t("common.saving") : t("institution.saveAndNext")}
              </button>
              <button type="submit" name="intent" value="stay" className="button button--secondary" disabled={busy}>
                {t("institution.saveItem")}
              </button>
            </>
          ) : null}
          {d.previousCode ? (
            <Link className="button button--secondary button--small" to={`${base}/items/${d.previousCode}`}>
              {t("institution.previousItem")}
            </Link>
          ) : null}
          {d.nextCode ? (
            <Link className="button button--secondary button--small" to={`${base}/items/${d.nextCode}`}>
              {t("institution.nextItem")}
            </Link>
          ) : null}
          <Link to={base}>{t("institution.backToList")}</Link>
        </div>
      </Form>

      {d.permissions.canUpdateRectification ? <RectificationForm /> : null}

      {d.values.answer === "problem_found" || d.evidence.length > 0 || d.permissions.canAnswer ? (
        <EvidencePanel
          files={d.evidence}
          uploadAction={`${base}/items/${d.item.code}/evidence`}
          canUpload={d.permissions.canAddEvidence}
          maxFileMb={d.maxFileMb}
          isRequired={d.item.isEvidenceRequired && d.values.answer === "problem_found"}
        />
      ) : null}

      <CommentThread comments={d.comments} formId="comment" hiddenFields={{ intent: "comment" }} />
    </>
  );
}

/** After submission: move a found problem's rectification along (status and completion date). */
function RectificationForm() {
  const d = useLoaderData<typeof loader>();
  const busy = useNavigation().state === "submitting";
  const { onSubmit, errorFor, errors, register } = useValidatedForm<{
    lockVersion: string;
    rectificationStatus: string;
    rectifiedOn: string;
  }>(rectificationSchema, {
    defaultValues: {
      lockVersion: d.values.lockVersion,
      rectificationStatus: d.values.rectificationStatus,
      rectifiedOn: d.values.rectifiedOn,
    },
    formId: "rectification",
  });
  return (
    <Form method="post" noValidate onSubmit={onSubmit} className="card">
      <h2>{t("institution.updateRectification")}</h2>
      <ErrorSummary errors={errors} ids={{ rectificationStatus: "rect-rectificationStatus", rectifiedOn: "rect-rectifiedOn" }} />
      <input type="hidden" {...register("lockVersion")} />
      <input type="hidden" name="intent" value="rectification" />
      <div className="form-grid form-grid--2">
        <RectificationFields idPrefix="rect-" errorFor={errorFor} register={register} />
      </div>
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? t("common.saving") : t("common.save")}
        </button>
      </div>
    </Form>
  );
}

/** Rectification status and completion date: in the answer form and, after submission, on their own. */
function RectificationFields({
  idPrefix,
  errorFor,
  register,
}: {
  idPrefix: string;
  errorFor: (name: string) => string | undefined;
  register: (name: "rectificationStatus" | "rectifiedOn") => object;
}) {
  return (
    <>
      <Field
        id={`${idPrefix}rectificationStatus`}
        label={t("institution.rectificationStatus")}
        error={errorFor("rectificationStatus")}
        required
      >
        {(aria) => (
          <select {...aria} {...register("rectificationStatus")}>
            {RECTIFICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {msgs().rectificationStatus[s]}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id={`${idPrefix}rectifiedOn`} label={t("institution.rectifiedOn")} error={errorFor("rectifiedOn")}>
        {(aria) => <input {...aria} type="date" {...register("rectifiedOn")} />}
      </Field>
    </>
  );
}
