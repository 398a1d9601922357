// Import a problem list from an official document: source (paste / .docx / .txt / .xlsx) →
// preview that the regulator fixes → saved as a draft version.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ChecklistImportPreview } from "~/components/checklist-import-preview";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { MAX_IMPORT_FILE_BYTES, createDraftFromPreview, readImportSource, rereadImportSource } from "~/models/checklist-import.server";
import { importSourceSchema, previewTreeSchema, roleMapSchema, type ImportSourceInput, type PreviewTree } from "~/schemas/checklist-import";
import { applyPreviewForm, parseIntent, revisePreview, type PreviewForm } from "~/domain/checklist-preview";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { formDataToObject, type FieldErrors, type FormValues, type SubmissionFailure } from "~/utils/forms";
import { parseForm, rejectForm } from "~/utils/forms.server";
import { t } from "~/utils/i18n";
import { FormLimitError, readMultipartForm } from "~/utils/multipart-form.server";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("checklistImport.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRegulator(request);
  const defaults: ImportSourceInput = { title: "", issuer: "", docNumber: "", year: new Date().getFullYear(), text: "", startAt: "" };
  return { defaults };
}

type ActionData =
  | ({ step: "source" } & SubmissionFailure)
  | { step: "preview"; tree: PreviewTree; rev: string; message: string | null; isError: boolean; fieldErrors: FieldErrors | null };

const preview = (tree: PreviewTree, extra: Partial<Extract<ActionData, { step: "preview" }>> = {}, status = 200) =>
  data<ActionData>(
    { step: "preview", tree, rev: crypto.randomUUID(), message: null, isError: false, fieldErrors: null, ...extra },
    { status },
  );

/** The source step refused, in the form kit's shape: the pasted text comes back whole (up to 500,000 characters). */
const refuseSource = (values: FormValues, fieldErrors: FieldErrors, status = 400) =>
  rejectForm({ values }, fieldErrors, { form: "source", status, extra: { step: "source" as const } });

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  // A little room above the file limit for the other fields.
  if (Number(request.headers.get("Content-Length") ?? 0) > MAX_IMPORT_FILE_BYTES + 1024 * 1024) {
    return refuseSource({}, { file: t("checklistImport.source.tooLarge") }, 413);
  }
  let formData: FormData;
  try {
    // The source step posts multipart (a file of at most 5 MB, pasted text of up to 500,000 characters).
    formData = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")
      ? await readMultipartForm(request, {
          maxFileBytes: MAX_IMPORT_FILE_BYTES,
          maxFiles: 1,
          maxFields: 20,
          maxFieldBytes: 2 * 1024 * 1024,
        })
      : await request.formData();
  } catch (error) {
    if (!(error instanceof FormLimitError)) throw error;
    const message = error.reason === "file_too_large" ? t("checklistImport.source.tooLarge") : error.message;
    return refuseSource({}, { file: message }, error.status);
  }
  const intent = String(formData.get("intent") ?? "");

  if (intent === "parse") {
    const parsed = parseForm(importSourceSchema, formData);
    const values = { ...parsed.values, text: String(formData.get("text") ?? "") };
    if (!parsed.ok) return refuseSource(values, parsed.fieldErrors);
    const upload = formData.get("file");
    const file =
      upload instanceof File && upload.size > 0 ? { name: upload.name, bytes: new Uint8Array(await upload.arrayBuffer()) } : null;
    const { text, startAt, ...meta } = parsed.data;
    const result = await readImportSource({ meta, text, startAt, file });
    if (!result.ok) return refuseSource(values, result.fieldErrors);
    return preview(result.value);
  }

  let raw: unknown;
  try {
    raw = JSON.parse(String(formData.get("tree") ?? ""));
  } catch {
    raw = null;
  }
  const tree = previewTreeSchema.safeParse(raw);
  const op = intent === "reparse" ? intent : parseIntent(intent);
  // role.<kind> fields: what the regulator says each marker kind is, for "按此重新识别".
  const roles = roleMapSchema.safeParse(
    Object.fromEntries([...formData.entries()].filter(([k]) => k.startsWith("role.")).map(([k, v]) => [k.slice(5), String(v)])),
  );
  if (!tree.success || !op || !roles.success) {
    return refuseSource({}, { _form: t("checklistImport.preview.badTree") });
  }
  const arrays = [...new Set(formData.keys())].filter((k) => k.endsWith(".appliesTo"));
  const form = formDataToObject(formData, arrays) as PreviewForm;
  if (op === "reparse") {
    const edited = applyPreviewForm(tree.data, form); // keeps the typed list name, issuer, 文号, year
    const reread = rereadImportSource(edited, roles.data);
    if (!reread.ok) return preview(edited, { message: reread.message, isError: true }, 400);
    return preview(reread.tree, { message: t("checklistImport.preview.reparsed") });
  }
  const revised = revisePreview(tree.data, form, op);
  if (op === "save") {
    const saved = await createDraftFromPreview(db, scope, revised.tree);
    if (!saved.ok) return preview(revised.tree, { fieldErrors: saved.fieldErrors }, 400);
    return redirectWithFlash(`/reg/checklists/${saved.value.versionId}`, t("checklistImport.saved", { items: saved.value.itemCount }));
  }
  return preview(revised.tree, { message: revised.message, isError: !revised.ok }, revised.ok ? 200 : 400);
}

export default function ChecklistImportPage() {
  const { defaults } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const navigation = useNavigation();
  const busy = navigation.state === "submitting";
  const step = actionData?.step === "preview" ? 2 : 1;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/checklists">{t("nav.checklists")}</Link> / {t("checklistImport.title")}
      </nav>
      <h1>{t("checklistImport.title")}</h1>
      <ol className="cimport-steps" aria-label={t("checklistImport.title")}>
        {(["source", "preview", "save"] as const).map((s, i) => (
          <li key={s} aria-current={i + 1 === step ? "step" : undefined} className={i + 1 === step ? "is-current" : undefined}>
            {t(`checklistImport.steps.${s}`)}
          </li>
        ))}
      </ol>
      {actionData?.step === "preview" ? (
        <ChecklistImportPreview
          tree={actionData.tree}
          rev={actionData.rev}
          message={actionData.message}
          isError={actionData.isError}
          fieldErrors={actionData.fieldErrors}
          busy={busy}
        />
      ) : (
        <SourceForm defaults={defaults} busy={busy} />
      )}
    </>
  );
}

function SourceForm({ defaults, busy }: { defaults: ImportSourceInput; busy: boolean }) {
  const { onSubmit, errorFor, errors, register } = useValidatedForm<ImportSourceInput>(importSourceSchema, {
    formId: "source",
    defaultValues: defaults,
  });
  const fileError = errorFor("file");
  return (
    <>
      <p>{t("checklistImport.intro")}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" encType="multipart/form-data" noValidate onSubmit={onSubmit} className="card">
        <input type="hidden" name="intent" value="parse" />
        <fieldset>
          <legend>{t("checklistImport.meta.legend")}</legend>
          <Field id="title" label={t("checklistImport.meta.title")} error={errorFor("title")} required>
            {(aria) => <input {...aria} placeholder={t("checklistImport.meta.titlePlaceholder")} {...register("title")} />}
          </Field>
          <div className="form-grid form-grid--3">
            <Field id="issuer" label={t("checklistImport.meta.issuer")} error={errorFor("issuer")} required>
              {(aria) => <input {...aria} placeholder={t("checklistImport.meta.issuerPlaceholder")} {...register("issuer")} />}
            </Field>
            <Field id="docNumber" label={t("checklistImport.meta.docNumber")} error={errorFor("docNumber")} required>
              {(aria) => <input {...aria} placeholder={t("checklistImport.meta.docNumberPlaceholder")} {...register("docNumber")} />}
            </Field>
            <Field id="year" label={t("checklistImport.meta.year")} error={errorFor("year")} required>
              {(aria) => <input {...aria} inputMode="numeric" {...register("year")} />}
            </Field>
          </div>
        </fieldset>
        <fieldset>
          <legend>{t("checklistImport.source.legend")}</legend>
          <Field id="text" label={t("checklistImport.source.text")} hint={t("checklistImport.source.textHint")} error={errorFor("text")}>
            {(aria) => <textarea {...aria} rows={12} className="cimport-text" {...register("text")} />}
          </Field>
          <div className="field">
            <label className="field__label" htmlFor="file">
              {t("checklistImport.source.file")}
            </label>
            <input
              id="file"
              name="file"
              type="file"
              accept=".docx,.pdf,.txt,.xlsx,.doc,application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/pdf,text/plain,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/msword"
              aria-invalid={fileError ? true : undefined}
              aria-describedby={fileError ? "file-hint file-error" : "file-hint"}
            />
            <span className="field__hint" id="file-hint">
              {t("checklistImport.source.fileHint")}{" "}
              <a href="/reg/checklists/import/template.xlsx" download>
                {t("checklistImport.source.template")}
              </a>
            </span>
            {fileError ? (
              <span className="field__error cimport-file-error" id="file-error" role="alert">
                {fileError}
              </span>
            ) : null}
          </div>
          <Field
            id="startAt"
            label={t("checklistImport.source.startAt")}
            hint={t("checklistImport.source.startAtHint")}
            error={errorFor("startAt")}
          >
            {(aria) => <input {...aria} {...register("startAt")} />}
          </Field>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {t("checklistImport.source.submit")}
          </button>
          <Link to="/reg/checklists">{t("common.cancel")}</Link>
        </div>
      </Form>
    </>
  );
}
