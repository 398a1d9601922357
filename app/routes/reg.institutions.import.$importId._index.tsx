import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { ImportProgress } from "~/components/import-progress";
import { beginRosterImport, getRosterImport, type ImportProgress as ImportProgressData } from "~/models/roster.server";
import { rosterImportSchema } from "~/schemas/roster";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { parseForm } from "~/utils/forms";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";
import { columnLabel, ROSTER_COLUMNS } from "~/domain/roster";

export const meta: MetaFunction = () => [{ title: `${t("roster.preview.title")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return { imp: await getRosterImport(db, scope, params.importId!) };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = parseForm(rosterImportSchema, await request.formData());
  if (!parsed.ok) return data({ error: parsed.fieldErrors.intent ?? t("errors.badRequest") }, { status: 400 });
  const result = await beginRosterImport(db, scope, params.importId!, parsed.data.intent === "import-valid");
  if (!result.ok) return data({ error: result.error }, { status: 400 });
  return redirectWithFlash(`/reg/institutions/import/${params.importId}`, t("roster.started"));
}

export default function RosterPreviewPage() {
  const { imp } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const busy = useNavigation().state === "submitting";
  const P = msgs().roster.preview;
  const isClean = imp.invalidRows === 0;
  const canStart = imp.status === "validated" || imp.status === "failed" || imp.isStale;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/institutions">{t("institutions.title")}</Link> / <Link to="/reg/institutions/import">{msgs().roster.title}</Link> /{" "}
        {P.title}
      </nav>
      <div className="page-head">
        <div>
          <h1>{P.title}</h1>
          <p className="break-anywhere">{imp.fileName}</p>
        </div>
        <span className={`badge roster-status--${imp.status}`}>{msgs().roster.status[imp.status]}</span>
      </div>

      <section className="card">
        <dl className="stats">
          <div className="stat">
            <dt className="stat__label">{P.total}</dt>
            <dd className="stat__value">{imp.totalRows}</dd>
          </div>
          <div className="stat">
            <dt className="stat__label">{P.outcome.new}</dt>
            <dd className="stat__value">{imp.newRows}</dd>
          </div>
          <div className="stat">
            <dt className="stat__label">{P.outcome.unchanged}</dt>
            <dd className="stat__value">{imp.unchangedRows}</dd>
          </div>
          <div className={`stat${imp.invalidRows ? " stat--alert" : ""}`}>
            <dt className="stat__label">{P.outcome.invalid}</dt>
            <dd className="stat__value">{imp.invalidRows}</dd>
          </div>
        </dl>
        <p>
          {t("roster.preview.counts", { total: imp.totalRows, new: imp.newRows, unchanged: imp.unchangedRows, invalid: imp.invalidRows })}
        </p>

        {imp.status === "importing" ? (
          <>
            <ImportProgress<ImportProgressData>
              progressUrl={`/reg/institutions/import/${imp.id}/progress`}
              initial={{
                status: imp.status,
                processedRows: imp.processedRows,
                toProcess: imp.validRows,
                createdCount: 0,
                unchangedCount: 0,
                invitedCount: 0,
                error: null,
              }}
              isBusy={(status) => status === "importing"}
              bar={(p) => ({
                value: p.processedRows,
                max: p.toProcess,
                text: t("roster.preview.importing", { done: p.processedRows, total: p.toProcess }),
              })}
              label={msgs().roster.status.importing}
              noJsText={P.importingNoJs}
            />
          </>
        ) : null}
        {imp.status === "imported" ? (
          <div className="notice roster-result" role="status">
            <p>{t("roster.preview.imported", { created: imp.createdCount, unchanged: imp.unchangedCount, invited: imp.invitedCount })}</p>
            <p className="actions">
              <Link to="/reg/institutions/accounts">{msgs().roster.accountsLink}</Link>
              <Link to="/reg/institutions">{P.backToList}</Link>
            </p>
          </div>
        ) : null}
        {imp.status === "failed" && imp.error ? (
          <div className="form-alert" role="alert">
            {t("roster.preview.failed", { error: imp.error })}
          </div>
        ) : null}
        {actionData?.error ? (
          <div className="form-alert" role="alert">
            {actionData.error}
          </div>
        ) : null}

        {canStart ? (
          <Form method="post" className="actions">
            {isClean ? (
              <button type="submit" name="intent" value="import-all" className="button" disabled={busy}>
                {imp.status === "failed" ? P.retry : P.importAll}
              </button>
            ) : imp.validRows > 0 ? (
              <>
                <button type="submit" name="intent" value="import-valid" className="button" disabled={busy}>
                  {P.importValid}
                </button>
                <span className="muted">{t("roster.preview.importValidHint", { count: imp.invalidRows })}</span>
              </>
            ) : null}
            <Link to="/reg/institutions/import">{P.reupload}</Link>
          </Form>
        ) : null}
        {isClean && imp.newRows === 0 && canStart ? (
          <p className="muted">{t("roster.preview.confirmNothingNew", { unchanged: imp.unchangedRows })}</p>
        ) : null}
      </section>

      {imp.problems.length ? (
        <section className="card">
          <div className="card__head">
            <h2>{P.badRows}</h2>
            <a href={`/reg/institutions/import/${imp.id}/problems`} download>
              {P.downloadProblems}
            </a>
          </div>
          {imp.problemCount > imp.problems.length ? (
            <p className="muted">{t("roster.preview.badRowsMore", { shown: imp.problems.length, total: imp.problemCount })}</p>
          ) : null}
          <div className="table-wrap">
            <table className="data roster-problems">
              <thead>
                <tr>
                  <th>{P.row}</th>
                  <th>{P.column}</th>
                  <th>{P.value}</th>
                  <th>{P.reason}</th>
                </tr>
              </thead>
              <tbody>
                {imp.problems.map((p, i) => (
                  <tr key={`${p.row}-${p.column}-${i}`}>
                    <td data-label={P.row}>{p.row}</td>
                    <td className="cell-main" data-label={P.column}>
                      {p.columnLabel}
                    </td>
                    <td className="break-anywhere" data-label={P.value}>
                      {p.value || "—"}
                    </td>
                    <td data-label={P.reason}>{p.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : imp.status === "validated" ? (
        <section className="card">
          <p>{P.clean}</p>
        </section>
      ) : null}

      {imp.sample.length ? (
        <section className="card">
          <h2>{P.sample}</h2>
          <p className="muted">{t("roster.preview.sampleMore", { shown: imp.sample.length })}</p>
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{P.row}</th>
                  {ROSTER_COLUMNS.filter((c) => c !== "contactPhone").map((c) => (
                    <th key={c}>{columnLabel(c)}</th>
                  ))}
                  <th>{msgs().roster.accounts.state}</th>
                </tr>
              </thead>
              <tbody>
                {imp.sample.map((r) => (
                  <tr key={r.row}>
                    <td data-label={P.row}>{r.row}</td>
                    {ROSTER_COLUMNS.filter((c) => c !== "contactPhone").map((c) => (
                      <td key={c} className={c === "name" ? "cell-main" : "break-anywhere"} data-label={columnLabel(c)}>
                        {r.values[c]}
                      </td>
                    ))}
                    <td data-label={msgs().roster.accounts.state}>{P.outcome[r.outcome]}</td>
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
