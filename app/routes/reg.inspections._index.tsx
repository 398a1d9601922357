import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect, RegionFilter } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { getInspectionsPage } from "~/models/inspection.server";
import { INSPECTION_SORTS, INSPECTION_TYPES, inspectionFilterSchema } from "~/schemas/inspection";
import { db } from "~/utils/db.server";
import { formatDateCn } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("inspections.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = inspectionFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getInspectionsPage(db, scope, filter);
}

const SORT_LABELS = {
  newest: "sortNewest",
  oldest: "sortOldest",
  institution: "sortInstitution",
  amount: "sortAmount",
  unreported: "sortUnreported",
} as const;

export default function InspectionsPage() {
  const { list, regions } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const L = msgs().inspections.list;
  const exportQuery = new URLSearchParams(searchParams);
  exportQuery.delete("page");
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("inspections.title")}</h1>
          <p>{t("inspections.intro")}</p>
        </div>
        <Link className="button" to="/reg/inspections/new">
          {t("inspections.add")}
        </Link>
      </div>
      <section className="card">
        <FilterBar>
          <div className="field">
            <label className="field__label" htmlFor="f-q">
              {L.search}
            </label>
            <input id="f-q" name="q" defaultValue={searchParams.get("q") ?? ""} placeholder={L.searchHint} />
          </div>
          <RegionFilter regions={regions} />
          <FilterSelect name="type" label={L.type}>
            {INSPECTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {msgs().inspections.types[type]}
              </option>
            ))}
          </FilterSelect>
          <div className="field">
            <label className="field__label" htmlFor="f-from">
              {L.dateFrom}
            </label>
            <input id="f-from" type="date" name="from" defaultValue={searchParams.get("from") ?? ""} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="f-to">
              {L.dateTo}
            </label>
            <input id="f-to" type="date" name="to" defaultValue={searchParams.get("to") ?? ""} />
          </div>
          <div className="field">
            <label className="field__label" htmlFor="f-sort">
              {L.sort}
            </label>
            <select id="f-sort" name="sort" defaultValue={searchParams.get("sort") ?? "newest"}>
              {INSPECTION_SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {L[SORT_LABELS[sort]]}
                </option>
              ))}
            </select>
          </div>
        </FilterBar>
        <div className="insp-toolbar">
          <a className="button button--secondary button--small" href={`/reg/inspections/export?${exportQuery.toString()}`}>
            {L.export}
          </a>
        </div>
        {list.rows.length === 0 ? (
          <p className="muted">{L.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{L.inspectedOn}</th>
                  <th>{L.institution}</th>
                  <th>{L.region}</th>
                  <th>{L.type}</th>
                  <th>{L.inspectors}</th>
                  <th className="num">{L.findings}</th>
                  <th className="num">{L.unreported}</th>
                  <th className="num">{L.amountFound}</th>
                  <th className="num">{L.amountRecovered}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={row.id}>
                    <td data-label={L.inspectedOn} className="nowrap">
                      {formatDateCn(row.inspectedOn)}
                    </td>
                    <td className="cell-main" data-label={L.institution}>
                      <Link to={`/reg/inspections/${row.id}`}>{row.institutionName}</Link>
                      <br />
                      <small>{row.nhsaCode}</small>
                    </td>
                    <td data-label={L.region}>{row.regionName}</td>
                    <td data-label={L.type}>{msgs().inspections.types[row.type]}</td>
                    <td data-label={L.inspectors} className="break-anywhere">
                      {row.inspectorNames}
                    </td>
                    <td className="num" data-label={L.findings}>
                      {row.findingCount}
                    </td>
                    <td className="num" data-label={L.unreported}>
                      {row.unreportedCount > 0 ? <span className="badge insp-badge--unreported">{row.unreportedCount}</span> : 0}
                    </td>
                    <td className="num" data-label={L.amountFound}>
                      {formatFen(row.amountFoundFen)}
                    </td>
                    <td className="num" data-label={L.amountRecovered}>
                      {formatFen(row.amountRecoveredFen)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
      </section>
    </>
  );
}
