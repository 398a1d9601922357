import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, FilterSelect, FilterSort, RegionFilter } from "~/components/filter-bar";
import { CLUE_RISK_LEVELS, CLUE_SOURCES, CLUE_STATUSES } from "~/domain/clues";
import { cluesList } from "~/lists/clues";
import { dispatchPendingClues, getCluesPage } from "~/models/clue.server";
import { clueDispatchAllSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { redirectWithFlash } from "~/utils/flash.server";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getCluesPage(db, scope, cluesList.parse(request));
}

/** 下发: every pending clue this bureau holds, one level down or straight to the institution's bureau. */
export async function action({ request }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const { mode } = clueDispatchAllSchema.parse(Object.fromEntries(await request.formData()));
  const { count } = await dispatchPendingClues(db, scope, mode);
  return redirectWithFlash("/reg/clues", count > 0 ? t("clues.list.dispatched", { count }) : t("clues.list.nothingToDispatch"));
}

export default function CluesPage() {
  const { list, progress, regions, pendingHere } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const C = msgs().clues;
  const L = C.list;
  const P = C.progress;
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("page");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{C.title}</h1>
          <p>{C.intro}</p>
        </div>
        <div className="actions">
          <Link className="button" to="/reg/clues/import">
            {L.import}
          </Link>
          <Link className="button button--secondary" to="/reg/clues/new">
            {L.register}
          </Link>
          <Link className="button button--secondary" to="/reg/clues/board">
            {C.board.nav}
          </Link>
        </div>
      </div>
      <section className="card">
        <h2>{P.title}</h2>
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{P.region}</th>
                <th className="num">{P.total}</th>
                <th className="num">{P.pending}</th>
                <th className="num">{P.verifying}</th>
                <th className="num">{P.closed}</th>
                <th className="num">{P.overdue}</th>
                <th className="num">{P.confirmed}</th>
                <th className="num">{P.recovered}</th>
              </tr>
            </thead>
            <tbody>
              {progress.map((r) => (
                <tr key={r.code}>
                  <td className="cell-main" data-label={P.region}>
                    {r.isOwn ? <strong>{r.name}</strong> : <Link to={`?region=${r.code}`}>{r.name}</Link>}
                  </td>
                  <td className="num" data-label={P.total}>
                    {r.total}
                  </td>
                  <td className="num" data-label={P.pending}>
                    {r.pending}
                  </td>
                  <td className="num" data-label={P.verifying}>
                    {r.verifying}
                  </td>
                  <td className="num" data-label={P.closed}>
                    {r.closed}
                  </td>
                  <td className="num" data-label={P.overdue}>
                    {r.overdue > 0 ? <span className="badge badge--danger">{r.overdue}</span> : 0}
                  </td>
                  <td className="num" data-label={P.confirmed}>
                    {r.confirmed}
                  </td>
                  <td className="num" data-label={P.recovered}>
                    {formatFen(r.recoveredFen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <Form method="get" action="/reg/clues/report" className="actions" reloadDocument>
          <label className="field__label" htmlFor="report-month">
            {C.report.month}
          </label>
          <input id="report-month" type="month" name="month" defaultValue={new Date().toISOString().slice(0, 7)} />
          <button type="submit" className="button button--secondary button--small">
            {C.report.download}
          </button>
        </Form>
        {pendingHere > 0 ? (
          <Form method="post" className="actions">
            <span>
              {P.pending}：{pendingHere}
            </span>
            <button type="submit" name="mode" value="next" className="button button--small">
              {L.dispatchNext}
            </button>
            <button type="submit" name="mode" value="direct" className="button button--secondary button--small">
              {L.dispatchDirect}
            </button>
          </Form>
        ) : null}
      </section>
      <section className="card">
        <FilterBar>
          <FilterInput name="q" label={L.search} placeholder={L.searchHint} />
          <RegionFilter regions={regions} />
          <FilterSelect name="status" label={L.status}>
            {CLUE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {C.statuses[s]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect name="source" label={L.source}>
            {CLUE_SOURCES.map((s) => (
              <option key={s} value={s}>
                {C.sources[s]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect name="risk" label={L.risk}>
            {CLUE_RISK_LEVELS.map((r) => (
              <option key={r} value={r}>
                {C.risks[r]}
              </option>
            ))}
          </FilterSelect>
          <label className="choice">
            <input type="checkbox" name="overdue" value="1" defaultChecked={searchParams.get("overdue") === "1"} /> {L.overdue}
          </label>
          <FilterSort
            label={L.sort}
            defaultSort={cluesList.sort.default}
            options={[
              ["due", L.sortDue],
              ["newest", L.sortNewest],
              ["amount", L.sortAmount],
              ["records", L.sortRecords],
              ["institution", L.sortInstitution],
            ]}
          />
        </FilterBar>
        <div className="insp-toolbar">
          <a className="button button--secondary button--small" href={`/reg/clues/export?${exportQuery.toString()}`}>
            {L.export}
          </a>
        </div>
        <DataTable list={cluesList} page={list} label={C.title} />
      </section>
    </>
  );
}
