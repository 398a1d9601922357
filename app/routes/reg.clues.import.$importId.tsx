// The preview of an uploaded batch: counts, the problems row by row, a sample; then the import.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { getClueImportPage, importClueBatch } from "~/models/clue.server";
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
  const result = await importClueBatch(db, scope, params.importId ?? "");
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  return redirectWithFlash("/reg/clues", t("clues.import.imported", { clues: result.createdClues, records: result.createdRecords }));
}

export default function ClueImportPreviewPage() {
  const { import: imp, problems, sample } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const I = msgs().clues.import;
  const D = msgs().clues.detail;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/clues">{t("clues.title")}</Link> / <Link to="/reg/clues/import">{I.title}</Link> / {I.previewTitle}
      </nav>
      <h1>{imp.batchName}</h1>
      <p>
        {I.docNo}：{imp.docNo} · {I.dueOn}：{formatDateCn(imp.dueOn)} · {imp.fileName}
      </p>
      <section className="card">
        <p>{t("clues.import.total", { total: imp.totalRows, valid: imp.validRows, invalid: imp.totalRows - imp.validRows })}</p>
        {imp.status === "imported" ? (
          <p className="muted">
            {I.alreadyImported} {t("clues.import.imported", { clues: imp.createdClues, records: imp.createdRecords })}
          </p>
        ) : (
          <Form method="post" className="actions">
            {actionData?.error ? (
              <span className="field__error" role="alert">
                {actionData.error}
              </span>
            ) : null}
            <button type="submit" className="button" disabled={busy || imp.validRows === 0}>
              {I.confirm}
            </button>
          </Form>
        )}
      </section>
      {problems.length > 0 ? (
        <section className="card">
          <h2>{I.problems}</h2>
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
