// 限期清零: open clues by age and risk, by child region (drill-down) and by institution, and the
// high-risk clues open too long flagged for cross-inspection.
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { ErrorSummary } from "~/components/forms/field";
import { boardChildrenList, boardInstitutionsList } from "~/lists/clues";
import { addFlaggedClueToSample, getClueBoardPage } from "~/models/clue.server";
import { db } from "~/utils/db.server";
import { formatDateCn } from "~/utils/dates";
import { redirectWithFlash } from "~/utils/flash.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.board.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getClueBoardPage(db, scope, boardInstitutionsList.parse(request));
}

const mustIncludeSchema = z.object({ clueId: z.string().uuid({ error: t("clues.board.notFlagged") }) });

/** 列入下次抽查: the flagged clue's institution goes on the must-include list of the next sample. */
export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const parsed = mustIncludeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ fieldErrors: { _form: t("clues.board.notFlagged") } }, { status: 400 });
  const result = await addFlaggedClueToSample(db, scope, parsed.data.clueId);
  if (!result.ok) return data({ fieldErrors: result.fieldErrors }, { status: 400 });
  const url = new URL(request.url);
  return redirectWithFlash(`${url.pathname}${url.search}`, t("clues.board.addedToSample"));
}

export default function ClueBoardPage() {
  const { region, matrix, totals, children, byInstitution, flagged, crossCheckAfterDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const C = msgs().clues;
  const B = C.board;
  const [searchParams] = useSearchParams();
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("page");
  const listLink = (query: Record<string, string>) => `/reg/clues?${new URLSearchParams({ region: region.code, ...query }).toString()}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/clues">{C.title}</Link> / {B.title}
        {region.isOwn ? null : (
          <>
            {" "}
            / {region.name} · <Link to="/reg/clues/board">{B.back}</Link>
          </>
        )}
      </nav>
      <h1>
        {B.title} · {region.name}
      </h1>
      <p>{t("clues.board.intro", { days: crossCheckAfterDays })}</p>
      <p>
        {B.open} {totals.open} · {B.overdue} {totals.overdue > 0 ? <span className="badge badge--danger">{totals.overdue}</span> : 0} ·{" "}
        {B.flaggedCount} {flagged.length}
      </p>
      <section className="card">
        <h2>{B.ageRisk}</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{B.age}</th>
                {(["high", "medium", "low"] as const).map((r) => (
                  <th key={r} className="num">
                    {C.risks[r]}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.map((row) => (
                <tr key={row.bucket}>
                  <td className="cell-main" data-label={B.age}>
                    {B.ages[row.bucket]}
                  </td>
                  {row.cells.map((cell) => (
                    <td key={cell.risk} className="num" data-label={C.risks[cell.risk]}>
                      {cell.n > 0 ? <Link to={listLink({ age: row.bucket, risk: cell.risk })}>{cell.n}</Link> : 0}
                      {cell.overdue > 0 ? (
                        <>
                          {" "}
                          <span className="badge badge--danger">
                            {B.overdue} {cell.overdue}
                          </span>
                        </>
                      ) : null}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
      {children.length > 0 ? (
        <section className="card">
          <h2>{B.children}</h2>
          <DataTable list={boardChildrenList} page={{ rows: children }} label={B.children} pager={false} />
        </section>
      ) : null}
      <section className="card">
        <h2>{B.byInstitution}</h2>
        <div className="insp-toolbar">
          <a className="button button--secondary button--small" href={`/reg/clues/board/export?${exportQuery.toString()}`}>
            {B.export}
          </a>
        </div>
        <DataTable list={boardInstitutionsList} page={byInstitution} label={B.byInstitution} />
      </section>
      <section className="card">
        <h2>{B.flagged}</h2>
        <ErrorSummary errors={actionData?.fieldErrors ?? null} />
        {flagged.length === 0 ? (
          <p className="muted">{B.none}</p>
        ) : (
          <ul>
            {flagged.map((f) => (
              <li key={f.id}>
                <Link to={`/reg/clues/${f.id}`}>
                  {f.institutionName ?? C.list.onlyRegion} · {f.ruleName}
                </Link>{" "}
                <span className="badge badge--danger">{B.flaggedCount}</span>{" "}
                <small className="muted">
                  {t("clues.board.days", { days: f.ageDays })} · {C.list.dueOn} {formatDateCn(f.dueOn)}
                </small>
                {f.institutionId ? (
                  <span className="actions">
                    <Link
                      className="button button--secondary button--small"
                      to={`/reg/inspections/new?${new URLSearchParams({ institution: f.institutionId, clue: f.id }).toString()}`}
                    >
                      {B.toInspection}
                    </Link>
                    {f.isMustInclude ? (
                      <span className="badge">{B.inSample}</span>
                    ) : (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="clueId" value={f.id} />
                        <button type="submit" className="button button--secondary button--small">
                          {B.toSample}
                        </button>
                      </Form>
                    )}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
