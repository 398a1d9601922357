import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation } from "@remix-run/react";
import { useState, type FormEvent } from "react";
import { z } from "zod";
import { ErrorSummary } from "~/components/forms/field";
import { Pager } from "~/components/pager";
import { createRosterImport, listRosterImports, MAX_ROSTER_FILE_MB } from "~/models/roster.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { rejectForm } from "~/utils/forms.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { MAX_ROSTER_ROWS, ROSTER_COLUMNS, columnLabel } from "~/domain/roster";
import { receiveRosterUpload } from "~/utils/roster-upload.server";

export const meta: MetaFunction = () => [{ title: `${t("roster.title")} · ${t("app.fullName")}` }];

const pageSchema = z.object({ page: z.coerce.number().int().min(1).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { page } = pageSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { history: await listRosterImports(db, scope, page), maxMb: MAX_ROSTER_FILE_MB, maxRows: MAX_ROSTER_ROWS };
}

/** Without JavaScript the form posts here; with it, the upload goes to ./upload with a progress bar. */
export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const upload = await receiveRosterUpload(request);
  // A file cannot be put back into a page: a refusal carries the message at the file field only.
  if (!upload.ok) return rejectForm({ values: {} }, { file: upload.error }, { form: "upload" });
  const created = await createRosterImport(db, scope, upload);
  if (!created.ok) return rejectForm({ values: {} }, { file: created.error }, { form: "upload" });
  throw redirect(`/reg/institutions/import/${created.id}`);
}

type Phase = { kind: "idle" } | { kind: "uploading"; percent: number } | { kind: "validating" };

/**
 * The roster file. Without JavaScript it posts here; with it, the file goes to ./upload with a
 * progress bar, which answers the same refusal shape (`{ fieldErrors: { file } }`) in JSON.
 * The file's checks run in the browser first (a file input has no value for the zod schema).
 */
function UploadForm({ maxMb, maxRows }: { maxMb: number; maxRows: number }) {
  const navigate = useNavigate();
  const isSubmitting = useNavigation().state === "submitting";
  const [phase, setPhase] = useState<Phase>({ kind: "idle" });
  const [clientError, setClientError] = useState<string | null>(null);
  const actionData = useActionData<typeof action>();
  const serverError = actionData?.form === "upload" ? actionData.fieldErrors.file : undefined;
  const error = clientError ?? serverError;
  const R = msgs().roster;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = form.elements.namedItem("file") as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return setClientError(R.errors.fileRequired);
    if (!/\.(xlsx|csv)$/i.test(file.name)) return setClientError(R.errors.fileType);
    if (file.size > maxMb * 1024 * 1024) return setClientError(t("roster.errors.fileTooLarge", { mb: maxMb }));
    setClientError(null);
    setPhase({ kind: "uploading", percent: 0 });
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/reg/institutions/import/upload");
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) setPhase({ kind: "uploading", percent: Math.round((e.loaded / e.total) * 100) });
    };
    xhr.upload.onload = () => setPhase({ kind: "validating" });
    xhr.onload = () => {
      let body: { location?: string; fieldErrors?: Record<string, string> } = {};
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = {};
      }
      if (xhr.status === 200 && body.location) return navigate(body.location);
      setPhase({ kind: "idle" });
      setClientError(body.fieldErrors?.file ?? R.errors.fileUnreadable);
    };
    xhr.onerror = () => {
      setPhase({ kind: "idle" });
      setClientError(R.errors.fileUnreadable);
    };
    xhr.send(new FormData(form));
  }

  const busy = phase.kind !== "idle" || isSubmitting;
  return (
    <Form method="post" encType="multipart/form-data" onSubmit={onSubmit} className="card" noValidate>
      <ErrorSummary errors={error ? { file: error } : null} />
      <div className="field">
        <label className="field__label" htmlFor="file">
          {R.file}
          <span className="req" aria-label={t("common.required")}>
            *
          </span>
        </label>
        <input
          id="file"
          name="file"
          type="file"
          accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
          aria-invalid={error ? true : undefined}
          aria-describedby={`file-hint${error ? " file-error" : ""}`}
          onChange={() => setClientError(null)}
        />
        <span className="field__hint" id="file-hint">
          {t("roster.fileHint", { mb: maxMb, rows: maxRows.toLocaleString("zh-CN") })}
        </span>
        {error ? (
          <span className="field__error" id="file-error" role="alert">
            {error}
          </span>
        ) : null}
      </div>
      {phase.kind === "uploading" ? (
        <div className="roster-progress" aria-live="polite">
          <progress max={100} value={phase.percent} aria-label={R.uploading} />
          <span>{t("roster.uploadProgress", { percent: phase.percent })}</span>
        </div>
      ) : null}
      {phase.kind === "validating" ? (
        <div className="roster-progress" aria-live="polite">
          <progress aria-label={R.validating} />
          <span>{R.validating}</span>
        </div>
      ) : null}
      <div className="actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? R.uploading : R.upload}
        </button>
        <a href="/reg/institutions/import/template?format=xlsx" download>
          {R.templateXlsx}
        </a>
        <a href="/reg/institutions/import/template?format=csv" download>
          {R.templateCsv}
        </a>
      </div>
    </Form>
  );
}

export default function RosterImportPage() {
  const { history, maxMb, maxRows } = useLoaderData<typeof loader>();
  const R = msgs().roster;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/institutions">{t("institutions.title")}</Link> / {R.title}
      </nav>
      <div className="page-head">
        <div>
          <h1>{R.title}</h1>
          <p>{R.intro}</p>
        </div>
        <Link className="button button--secondary" to="/reg/institutions/accounts">
          {R.accountsLink}
        </Link>
      </div>
      <UploadForm maxMb={maxMb} maxRows={maxRows} />
      <section className="card">
        <h2>{R.columnsTitle}</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{R.notesColumn}</th>
                <th>{R.notesRule}</th>
              </tr>
            </thead>
            <tbody>
              {ROSTER_COLUMNS.map((c) => (
                <tr key={c}>
                  <td className="cell-main" data-label={R.notesColumn}>
                    {columnLabel(c)}
                  </td>
                  <td data-label={R.notesRule}>{R.columnNotes[c]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">{R.notesTip}</p>
      </section>
      <section className="card">
        <h2>{R.history}</h2>
        {history.rows.length === 0 ? (
          <p className="muted">{R.noHistory}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{R.fileName}</th>
                  <th>{R.uploadedAt}</th>
                  <th>{R.uploadedBy}</th>
                  <th>{R.preview.title}</th>
                  <th>{R.accounts.state}</th>
                </tr>
              </thead>
              <tbody>
                {history.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="cell-main break-anywhere" data-label={R.fileName}>
                      <Link to={`/reg/institutions/import/${row.id}`}>{row.fileName}</Link>
                    </td>
                    <td data-label={R.uploadedAt}>{formatDateTime(row.createdAt)}</td>
                    <td data-label={R.uploadedBy}>{row.uploadedBy}</td>
                    <td data-label={R.preview.title}>{t("roster.rowsSummary", { total: row.totalRows, valid: row.validRows })}</td>
                    <td data-label={R.accounts.state}>
                      <span className={`badge roster-status--${row.status}`}>{R.status[row.status]}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={history.page} pageCount={history.pageCount} total={history.total} />
      </section>
    </>
  );
}
