// An uploaded batch: the worker's progress while it reads and checks the file, then the preview
// (counts, the problems row by row, a sample) and the import, which the worker runs with a progress bar.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ImportProgress } from "~/components/import-progress";
import { CLUE_IMPORT_BUSY } from "~/domain/clues";
import { beginClueImport, CLUE_PREVIEW_PROBLEMS, getClueImportPage, type ClueImportProgress } from "~/models/clue-import.server";
import { db } from "~/utils/db.server";
import { formatDateCn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.import.previewTitle")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getClueImportPage(db, scope, params.importId ?? "");
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const result = await beginClueImport(db, scope, params.importId ?? "");
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  return redirectWithFlash(`/reg/clues/import/${params.importId}`, msgs().clues.import.started);
}

function progressBar(p: ClueImportProgress) {
  const I = msgs().clues.import;
  if (p.status !== "importing") return { value: null, max: 1, text: I.validatingNow };
  if (p.processedRows >= p.toProcess) return { value: null, max: 1, text: I.finishing };
  return { value: p.processedRows, max: p.toProcess, text: t("clues.import.importingNow", { done: p.processedRows, total: p.toProcess }) };
}

export default function ClueImportPreviewPage() {
  const { import: imp, progress, problems, sample } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const I = msgs().clues.import;
  const D = msgs().clues.detail;
  const invalid = imp.totalRows - imp.validRows;
  const working = CLUE_IMPORT_BUSY.includes(imp.status) && !imp.isStale;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/clues">{t("clues.title")}</Link> / <Link to="/reg/clues/import">{I.title}</Link> / {I.previewTitle}
      </nav>
      <div className="page-head">
        <div>
          <h1>{imp.batchName}</h1>
          <p className="break-anywhere">
            {I.docNo}：{imp.docNo} · {I.dueOn}：{formatDateCn(imp.dueOn)} · {imp.fileName}
          </p>
        </div>
        <span className="badge">{I.statuses[imp.status]}</span>
      </div>
      <section className="card">
        {working ? (
          <ImportProgress<ClueImportProgress>
            progressUrl={`/reg/clues/import/${imp.id}/progress`}
            initial={progress}
            isBusy={(status) => CLUE_IMPORT_BUSY.includes(status)}
            bar={progressBar}
            label={I.statuses[imp.status]}
            noJsText={I.refreshHint}
            refreshLabel={I.refresh}
          />
        ) : null}
        {imp.status === "refused" ? (
          <div className="form-alert" role="alert">
            <p>
              {I.refusedTitle}：{imp.error}
            </p>
            <Link to="/reg/clues/import">{I.reupload}</Link>
          </div>
        ) : null}
        {imp.totalRows > 0 ? <p>{t("clues.import.total", { total: imp.totalRows, valid: imp.validRows, invalid })}</p> : null}
        {imp.status === "imported" ? (
          <div className="notice" role="status">
            <p>{t("clues.import.imported", { clues: imp.createdClues, records: imp.createdRecords })}</p>
            <p className="actions">
              <Link to="/reg/clues">{t("clues.title")}</Link>
            </p>
          </div>
        ) : null}
        {imp.status === "failed" && imp.error ? (
          <div className="form-alert" role="alert">
            {imp.error}
          </div>
        ) : null}
        {imp.canStart ? (
          <Form method="post" className="actions">
            {actionData?.error ? (
              <span className="field__error" role="alert">
                {actionData.error}
              </span>
            ) : null}
            <button type="submit" className="button" disabled={busy}>
              {imp.status === "validated" ? I.confirm : I.retry}
            </button>
          </Form>
        ) : null}
      </section>
      {problems.length > 0 ? (
        <section className="card">
          <div className="card__head">
            <h2>{I.problems}</h2>
            <a href={`/reg/clues/import/${imp.id}/problems`} download>
              {I.downloadProblems}
            </a>
          </div>
          {problems.length >= CLUE_PREVIEW_PROBLEMS ? (
            <p className="muted">{t("clues.import.problemsMore", { shown: problems.length, total: invalid })}</p>
          ) : null}
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th className="num">{I.row}</th>
                  <th>{I.column}</th>
                  <th>{I.value}</th>
                  <th>{I.reason}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p, index) => (
                  <tr key={`${p.row}-${p.column}-${index}`}>
                    <td className="num" data-label={I.row}>
                      {p.row}
                    </td>
                    <td data-label={I.column}>{p.columnLabel}</td>
                    <td data-label={I.value} className="break-anywhere">
                      {p.value}
                    </td>
                    <td data-label={I.reason}>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
      {sample.length > 0 ? (
        <section className="card">
          <h2>{I.sample}</h2>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th className="num">{I.row}</th>
                  <th>{msgs().clues.columns.nhsaCode}</th>
                  <th>{D.settlementNo}</th>
                  <th>{D.item}</th>
                  <th>{msgs().clues.columns.ruleName}</th>
                  <th>{D.patientName}</th>
                  <th className="num">{D.recordAmount}</th>
                </tr>
              </thead>
              <tbody>
                {sample.map((r) => (
                  <tr key={r.row}>
                    <td className="num" data-label={I.row}>
                      {r.row}
                    </td>
                    <td data-label={msgs().clues.columns.nhsaCode}>{r.nhsaCode}</td>
                    <td data-label={D.settlementNo}>{r.settlementNo}</td>
                    <td data-label={D.item}>{r.itemName}</td>
                    <td data-label={msgs().clues.columns.ruleName}>{r.ruleName}</td>
                    <td data-label={D.patientName}>{r.patientName}</td>
                    <td className="num" data-label={D.recordAmount}>
                      {formatFen(r.amountFen)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}
    </>
  );
}
