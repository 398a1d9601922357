// Upload a batch of suspicious records (上级下发): the file is kept and handed to the worker, which
// reads and checks every row; its page shows the progress, then the preview before anything is imported.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { getClueImportsPage, uploadClueImport } from "~/models/clue-import.server";
import { MAX_CLUE_FILE_MB } from "~/models/clue.server";
import { clueImportFieldsSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { fieldErrorsOf } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { FormLimitError, readMultipartForm } from "~/utils/multipart-form.server";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.import.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getClueImportsPage(db, scope);
}

type Values = { batchName?: string; docNo?: string; dueOn?: string };

export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const E = msgs().clues.errors;
  const refuse = (fieldErrors: Record<string, string>, values: Values = {}) => data({ fieldErrors, values }, { status: 400 });
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return refuse({ file: E.fileRequired });
  let form: FormData;
  try {
    form = await readMultipartForm(request, {
      maxFileBytes: MAX_CLUE_FILE_MB * 1024 * 1024,
      maxFiles: 1,
      maxFields: 10,
      maxFieldBytes: 4096,
    });
  } catch (error) {
    if (!(error instanceof FormLimitError)) throw error;
    return refuse({
      file: error.reason === "file_too_large" ? t("clues.errors.fileTooLarge", { mb: MAX_CLUE_FILE_MB }) : E.fileUnreadable,
    });
  }
  const values: Values = {
    batchName: String(form.get("batchName") ?? ""),
    docNo: String(form.get("docNo") ?? ""),
    dueOn: String(form.get("dueOn") ?? ""),
  };
  const fields = clueImportFieldsSchema.safeParse(values);
  const file = form.get("file");
  const errors: Record<string, string> = fields.success ? {} : fieldErrorsOf(fields.error);
  if (!file || typeof file === "string" || file.size === 0) errors.file = E.fileRequired;
  else if (!/\.(xlsx|csv)$/i.test(file.name)) errors.file = E.fileType;
  if (Object.keys(errors).length > 0 || !fields.success || !file || typeof file === "string") return refuse(errors, values);
  const created = await uploadClueImport(db, scope, {
    fileName: file.name,
    bytes: new Uint8Array(await file.arrayBuffer()),
    ...fields.data,
  });
  if (!created.ok) return refuse(created.fieldErrors, values);
  return redirectWithFlash(`/reg/clues/import/${created.id}`, msgs().clues.import.uploaded);
}

export default function ClueImportPage() {
  const { imports } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const I = msgs().clues.import;
  const errors = actionData?.fieldErrors ?? {};
  const values = actionData?.values ?? {};
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/clues">{t("clues.title")}</Link> / {I.title}
      </nav>
      <h1>{I.title}</h1>
      <p>{I.intro}</p>
      <ErrorSummary errors={actionData?.fieldErrors} />
      <Form method="post" encType="multipart/form-data" className="card" noValidate>
        <div className="form-grid form-grid--3">
          <Field id="batchName" label={I.batchName} error={errors.batchName} required>
            {(aria) => <input {...aria} name="batchName" defaultValue={values.batchName ?? ""} />}
          </Field>
          <Field id="docNo" label={I.docNo} error={errors.docNo} required>
            {(aria) => <input {...aria} name="docNo" defaultValue={values.docNo ?? ""} />}
          </Field>
          <Field id="dueOn" label={I.dueOn} error={errors.dueOn} required>
            {(aria) => <input {...aria} type="date" name="dueOn" defaultValue={values.dueOn ?? ""} />}
          </Field>
        </div>
        <Field id="file" label={I.file} error={errors.file} required>
          {(aria) => <input {...aria} type="file" name="file" accept=".xlsx,.csv" />}
        </Field>
        <div className="actions">
          <button type="submit" className="button" disabled={busy}>
            {I.upload}
          </button>
          <a href="/reg/clues/import/template?format=xlsx" download>
            {I.template}
          </a>
          <a href="/reg/clues/import/template?format=csv" download>
            {I.templateCsv}
          </a>
        </div>
      </Form>
      <section className="card">
        <h2>{I.history}</h2>
        {imports.length === 0 ? (
          <p className="muted">{I.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{I.batchName}</th>
                  <th>{I.fileName}</th>
                  <th className="num">{I.rows}</th>
                  <th className="num">{I.valid}</th>
                  <th>{I.status}</th>
                  <th>{I.uploadedAt}</th>
                </tr>
              </thead>
              <tbody>
                {imports.map((r) => (
                  <tr key={r.id}>
                    <td className="cell-main" data-label={I.batchName}>
                      <Link to={`/reg/clues/import/${r.id}`}>{r.batchName}</Link>
                    </td>
                    <td data-label={I.fileName} className="break-anywhere">
                      {r.fileName}
                    </td>
                    <td className="num" data-label={I.rows}>
                      {r.totalRows}
                    </td>
                    <td className="num" data-label={I.valid}>
                      {r.validRows}
                    </td>
                    <td data-label={I.status}>{I.statuses[r.status]}</td>
                    <td data-label={I.uploadedAt}>{formatDateTime(r.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
