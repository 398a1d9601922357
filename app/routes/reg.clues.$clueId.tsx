// One clue for a regulator: its facts, records (masked) with each answer's history, and the
// bureau's actions: dispatch/re-assign, review each answer, close (办结销号), reveal one field.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { z } from "zod";
import { ClueFacts } from "~/components/clue-parts";
import { ClueFilesSection, ClueRecordsSection } from "~/components/clue-records";
import { Field, ErrorSummary } from "~/components/forms/field";
import { CLUE_RESULTS } from "~/domain/clues";
import {
  acceptAllSubmitted,
  closeClue,
  dispatchClue,
  getCluePage,
  reviewClueRecord,
  revealRecordField,
  type ActionResult,
} from "~/models/clue.server";
import { clueCloseSchema, clueDispatchSchema, clueRecordPageSchema, clueReviewSchema, clueRevealSchema, PII_FIELDS } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { formatDateCn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.title")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { page } = clueRecordPageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getCluePage(db, scope, params.clueId ?? "", page);
}

type Intent = "dispatch" | "review" | "acceptAll" | "close" | "reveal";
type ActionData = {
  intent: Intent;
  fieldErrors?: Record<string, string>;
  values?: Record<string, string>;
  revealed?: { recordId: number; field: (typeof PII_FIELDS)[number]; value: string | null };
};

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const clueId = params.clueId ?? "";
  const form = await request.formData();
  const intent = String(form.get("intent") ?? "") as Intent;
  const values = Object.fromEntries([...form.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const back = `/reg/clues/${clueId}`;
  const refuse = (fieldErrors: Record<string, string>) => data<ActionData>({ intent, fieldErrors, values }, { status: 400 });
  /** Parse the intent's form, make its one model call; a refusal goes back onto the form. */
  const perform = async <S extends z.ZodType, R>(
    schema: S,
    call: (input: z.output<S>) => Promise<ActionResult<R>>,
    done: (result: R, input: z.output<S>) => Promise<Response> | ReturnType<typeof data<ActionData>>,
  ) => {
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return refuse(parsed.fieldErrors);
    const result = await call(parsed.data);
    return result.ok ? done(result, parsed.data) : refuse(result.fieldErrors);
  };
  switch (intent) {
    case "dispatch":
      return perform(
        clueDispatchSchema,
        (input) => dispatchClue(db, scope, clueId, input.target),
        (result) => redirectWithFlash(back, t("clues.dispatch.done", { region: result.regionName })),
      );
    case "review":
      return perform(
        clueReviewSchema,
        (input) => reviewClueRecord(db, scope, clueId, input),
        (result) =>
          redirectWithFlash(back, result.decision === "accepted" ? t("clues.review.accepted", { count: 1 }) : t("clues.review.returned")),
      );
    case "acceptAll":
      return perform(
        z.object({}),
        () => acceptAllSubmitted(db, scope, clueId),
        (result) => redirectWithFlash(back, t("clues.review.accepted", { count: result.count })),
      );
    case "close":
      return perform(
        clueCloseSchema,
        (input) => closeClue(db, scope, clueId, input),
        () => redirectWithFlash(back, t("clues.close.done")),
      );
    case "reveal":
      return perform(
        clueRevealSchema,
        (input) => revealRecordField(db, scope, clueId, input),
        (result, input) => data<ActionData>({ intent, revealed: { recordId: input.recordId, field: input.field, value: result.value } }),
      );
    default:
      throw new Response("Bad Request", { status: 400 });
  }
}

export default function RegulatorCluePage() {
  const { clue, counts, records, files, complainant, dispatchTargets, permissions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const busy = useNavigation().state === "submitting";
  const C = msgs().clues;
  const D = C.detail;
  const errorsFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.fieldErrors ?? {}) : {});
  const valuesFor = (intent: Intent) => (actionData?.intent === intent ? (actionData.values ?? {}) : {});
  const closeErrors = errorsFor("close");
  const closeValues = valuesFor("close");
  const revealErrors = errorsFor("reveal");
  const revealValues = valuesFor("reveal");
  const reviewErrors = errorsFor("review");
  const reviewValues = valuesFor("review");
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/clues">{C.title}</Link> / {clue.institutionName ?? clue.subjectRegionName}
      </nav>
      <h1>
        {clue.institutionName ?? `${clue.subjectRegionName}${C.list.onlyRegion}`} · {clue.ruleName}
      </h1>
      <section className="card">
        <ClueFacts clue={clue} formatDate={formatDateCn} />
      </section>

      {complainant ? (
        <section className="card">
          <h2>{D.complainant}</h2>
          <dl className="clue-facts">
            <div>
              <dt>{D.complainantName}</dt>
              <dd>{complainant.name}</dd>
            </div>
            {complainant.phone ? (
              <div>
                <dt>{D.complainantPhone}</dt>
                <dd>{complainant.phone}</dd>
              </div>
            ) : null}
            {complainant.idNumber ? (
              <div>
                <dt>{D.complainantId}</dt>
                <dd>{complainant.idNumber}</dd>
              </div>
            ) : null}
          </dl>
        </section>
      ) : null}

      {permissions.canDispatch ? (
        <section className="card">
          <h2>{C.dispatch.title}</h2>
          <ErrorSummary errors={actionData?.intent === "dispatch" ? actionData.fieldErrors : null} />
          <Form method="post" className="form-grid form-grid--3" noValidate>
            <input type="hidden" name="intent" value="dispatch" />
            <Field id="target" label={C.dispatch.target} error={errorsFor("dispatch").target} required>
              {(aria) => (
                <select
                  {...aria}
                  name="target"
                  defaultValue={valuesFor("dispatch").target ?? dispatchTargets[dispatchTargets.length - 1]?.code}
                >
                  {dispatchTargets.map((r) => (
                    <option key={r.code} value={r.code}>
                      {r.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {C.dispatch.submit}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <ClueRecordsSection
        records={records}
        counts={counts}
        toolbar={
          <>
            <ErrorSummary errors={actionData?.intent === "review" || actionData?.intent === "acceptAll" ? actionData.fieldErrors : null} />
            {permissions.canReview ? (
              <Form method="post" className="actions">
                <input type="hidden" name="intent" value="acceptAll" />
                <button type="submit" className="button button--small" disabled={busy}>
                  {C.review.acceptAll}（{counts.submitted}）
                </button>
              </Form>
            ) : null}
          </>
        }
        showPatientId
        rowId={(r) => `record-${r.id}`}
        answerExtra={(r) =>
          r.answerState === "submitted" && clue.status !== "closed" ? (
            <Form method="post" className="clue-review" noValidate>
              <input type="hidden" name="intent" value="review" />
              <input type="hidden" name="recordId" value={r.id} />
              <label className="field__label" htmlFor={`comment-${r.id}`}>
                {C.review.comment}
              </label>
              <input
                id={`comment-${r.id}`}
                name="comment"
                placeholder={C.review.commentHint}
                defaultValue={reviewValues.recordId === String(r.id) ? (reviewValues.comment ?? "") : ""}
                aria-invalid={reviewValues.recordId === String(r.id) && reviewErrors.comment ? true : undefined}
              />
              {reviewValues.recordId === String(r.id) && reviewErrors.comment ? (
                <span className="field__error" role="alert">
                  {reviewErrors.comment}
                </span>
              ) : null}
              <div className="actions">
                <button type="submit" name="decision" value="accepted" className="button button--small" disabled={busy}>
                  {C.review.accept}
                </button>
                <button type="submit" name="decision" value="returned" className="button button--secondary button--small" disabled={busy}>
                  {C.review.return}
                </button>
              </div>
            </Form>
          ) : null
        }
      />

      {records.rows.length > 0 ? (
        <section className="card">
          <h2>{C.reveal.title}</h2>
          <p className="muted">{C.reveal.reasonHint}</p>
          {actionData?.revealed ? (
            <p role="status" className="clue-revealed">
              {t("clues.reveal.shown", {
                field: `${records.rows.find((r) => r.id === actionData.revealed!.recordId)?.settlementNo ?? ""} ${D[actionData.revealed.field]}`,
                value: actionData.revealed.value ?? "—",
              })}
            </p>
          ) : null}
          <Form method="post" className="form-grid form-grid--3" noValidate>
            <input type="hidden" name="intent" value="reveal" />
            <Field id="reveal-record" label={D.settlementNo} error={revealErrors.recordId} required>
              {(aria) => (
                <select {...aria} name="recordId" defaultValue={revealValues.recordId ?? ""}>
                  {records.rows.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.settlementNo}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="reveal-field" label={C.reveal.field} error={revealErrors.field} required>
              {(aria) => (
                <select {...aria} name="field" defaultValue={revealValues.field ?? "patientName"}>
                  {PII_FIELDS.map((f) => (
                    <option key={f} value={f}>
                      {D[f]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <Field id="reveal-reason" label={C.reveal.reason} error={revealErrors.reason} required>
              {(aria) => <input {...aria} name="reason" defaultValue={revealValues.reason ?? ""} />}
            </Field>
            <div className="actions">
              <button type="submit" className="button button--secondary" disabled={busy}>
                {C.reveal.submit}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <ClueFilesSection clueId={clue.id} files={files} title={D.files} />

      {clue.status !== "closed" ? (
        <section className="card" id="close">
          <h2>{C.close.title}</h2>
          {!permissions.canClose ? (
            <p className="muted">{t("clues.errors.cannotClose", { count: permissions.openRecords })}</p>
          ) : (
            <>
              <ErrorSummary errors={actionData?.intent === "close" ? actionData.fieldErrors : null} />
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="close" />
                <Field id="result" label={C.close.result} error={closeErrors.result} required>
                  {(aria) => (
                    <select {...aria} name="result" defaultValue={closeValues.result ?? "confirmed"}>
                      {CLUE_RESULTS.map((r) => (
                        <option key={r} value={r}>
                          {C.results[r]}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <div className="form-grid form-grid--3">
                  <Field id="recovered" label={C.close.recovered} error={closeErrors.recovered}>
                    {(aria) => <input {...aria} name="recovered" inputMode="decimal" defaultValue={closeValues.recovered ?? ""} />}
                  </Field>
                  <Field id="penalty" label={C.close.penalty} error={closeErrors.penalty}>
                    {(aria) => <input {...aria} name="penalty" inputMode="decimal" defaultValue={closeValues.penalty ?? ""} />}
                  </Field>
                </div>
                <div className="form-grid form-grid--3">
                  <Field
                    id="transferTarget"
                    label={C.close.transferTarget}
                    hint={C.close.transferTargetHint}
                    error={closeErrors.transferTarget}
                  >
                    {(aria) => <input {...aria} name="transferTarget" defaultValue={closeValues.transferTarget ?? ""} />}
                  </Field>
                  <Field id="transferOn" label={C.close.transferOn} error={closeErrors.transferOn}>
                    {(aria) => <input {...aria} type="date" name="transferOn" defaultValue={closeValues.transferOn ?? ""} />}
                  </Field>
                </div>
                <Field id="note" label={C.close.note} error={closeErrors.note} required>
                  {(aria) => <textarea {...aria} name="note" rows={3} defaultValue={closeValues.note ?? ""} />}
                </Field>
                <div className="actions">
                  <button type="submit" className="button" disabled={busy}>
                    {C.close.submit}
                  </button>
                </div>
              </Form>
            </>
          )}
        </section>
      ) : null}
    </>
  );
}
