// One clue for its institution: the records (masked), the answer form for the ticked records or
// for every open record of the rule at once, the answer history, and the evidence files.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ClueFacts } from "~/components/clue-parts";
import { ClueFilesSection, ClueRecordsSection } from "~/components/clue-records";
import { Field, ErrorSummary } from "~/components/forms/field";
import { canAnswerRecord, CLUE_VERDICTS } from "~/domain/clues";
import { answerClueRecords, getCluePage } from "~/models/clue.server";
import { clueAnswerSchema, clueRecordPageSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { formatDateCn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.instTitle")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const { page } = clueRecordPageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getCluePage(db, scope, params.clueId ?? "", page);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const form = await request.formData();
  const values = {
    fields: Object.fromEntries([...form.entries()].filter(([k, v]) => typeof v === "string" && k !== "recordIds")) as Record<
      string,
      string
    >,
    recordIds: form.getAll("recordIds").map(String),
  };
  const parsed = parseForm(clueAnswerSchema, form, ["recordIds"]);
  if (!parsed.ok) return data({ fieldErrors: parsed.fieldErrors, values }, { status: 400 });
  const result = await answerClueRecords(db, scope, params.clueId ?? "", parsed.data);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors, values }, { status: 400 });
  return redirectWithFlash(`/inst/clues/${params.clueId}`, t("clues.answer.done", { count: result.count }));
}

export default function InstitutionCluePage() {
  const { clue, counts, records, files, permissions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const C = msgs().clues;
  const A = C.answer;
  const errors: Record<string, string> = actionData?.fieldErrors ?? {};
  const values: Partial<Record<string, string>> = actionData ? actionData.values.fields : {};
  const ticked = new Set<string>(actionData?.values.recordIds ?? []);
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/inst/clues">{C.instTitle}</Link> / {clue.ruleName}
      </nav>
      <h1>{clue.ruleName}</h1>
      <section className="card">
        <ClueFacts clue={clue} formatDate={formatDateCn} />
      </section>

      <ClueRecordsSection
        records={records}
        counts={counts}
        lead={
          permissions.canAnswer
            ? {
                header: A.select,
                cell: (r) =>
                  canAnswerRecord(clue.status, r.answerState) ? (
                    <input
                      type="checkbox"
                      name="recordIds"
                      value={r.id}
                      form="answer-form"
                      aria-label={`${A.select} ${r.settlementNo}`}
                      defaultChecked={ticked.has(String(r.id))}
                    />
                  ) : null,
              }
            : undefined
        }
      />

      {permissions.canAnswer ? (
        <section className="card" id="answer">
          <h2>{A.title}</h2>
          <p className="muted">{A.bulkHint}</p>
          <ErrorSummary errors={actionData?.fieldErrors} />
          <Form method="post" id="answer-form" noValidate>
            <fieldset>
              <legend>{A.scope}</legend>
              <div className="choice-list">
                <label className="choice">
                  <input type="radio" name="scope" value="selected" defaultChecked={(values.scope ?? "selected") === "selected"} />{" "}
                  {A.scopeSelected}
                </label>
                <label className="choice">
                  <input type="radio" name="scope" value="all" defaultChecked={values.scope === "all"} /> {A.scopeAll}（
                  {counts.unanswered + counts.returned}）
                </label>
              </div>
              {errors.recordIds ? (
                <span className="field__error" role="alert">
                  {errors.recordIds}
                </span>
              ) : null}
            </fieldset>
            <fieldset aria-invalid={errors.verdict ? true : undefined}>
              <legend>{A.verdict}</legend>
              <div className="choice-list">
                {CLUE_VERDICTS.map((v) => (
                  <label className="choice" key={v}>
                    <input type="radio" name="verdict" value={v} defaultChecked={values.verdict === v} /> {C.verdicts[v]}
                  </label>
                ))}
              </div>
              {errors.verdict ? (
                <span className="field__error" role="alert">
                  {errors.verdict}
                </span>
              ) : null}
            </fieldset>
            <Field id="explanation" label={A.explanation} error={errors.explanation} required>
              {(aria) => <textarea {...aria} name="explanation" rows={3} defaultValue={values.explanation ?? ""} />}
            </Field>
            <div className="form-grid form-grid--3">
              <Field id="confirmed" label={A.confirmed} error={errors.confirmed}>
                {(aria) => <input {...aria} name="confirmed" inputMode="decimal" defaultValue={values.confirmed ?? ""} />}
              </Field>
              <Field id="refunded" label={A.refunded} error={errors.refunded}>
                {(aria) => <input {...aria} name="refunded" inputMode="decimal" defaultValue={values.refunded ?? ""} />}
              </Field>
              <label className="choice">
                <input type="checkbox" name="refundedAll" defaultChecked={values.refundedAll === "on"} /> {t("clues.answer.refundedAll")}
              </label>
            </div>
            <div className="actions">
              <button type="submit" className="button" disabled={busy}>
                {A.submit}
              </button>
            </div>
          </Form>
        </section>
      ) : null}

      <ClueFilesSection clueId={clue.id} files={files} title={C.evidence.title}>
        {permissions.canUpload ? (
          <Form method="post" action={`/inst/clues/${clue.id}/files`} encType="multipart/form-data" className="actions">
            <label className="field__label" htmlFor="evidence-files">
              {C.evidence.choose}
            </label>
            <input id="evidence-files" type="file" name="files" multiple />
            <button type="submit" className="button button--secondary" disabled={busy}>
              {C.evidence.upload}
            </button>
          </Form>
        ) : null}
      </ClueFilesSection>
    </>
  );
}
