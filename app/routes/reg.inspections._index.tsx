import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, FilterSelect, FilterSort, RegionFilter } from "~/components/filter-bar";
import { inspectionsList } from "~/lists/inspections";
import { getInspectionsPage } from "~/models/inspection.server";
import { INSPECTION_TYPES } from "~/schemas/inspection";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("inspections.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getInspectionsPage(db, scope, inspectionsList.parse(request));
}

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
          <FilterInput name="q" label={L.search} placeholder={L.searchHint} />
          <RegionFilter regions={regions} />
          <FilterSelect name="type" label={L.type}>
            {INSPECTION_TYPES.map((type) => (
              <option key={type} value={type}>
                {msgs().inspections.types[type]}
              </option>
            ))}
          </FilterSelect>
          <FilterInput name="from" type="date" label={L.dateFrom} />
          <FilterInput name="to" type="date" label={L.dateTo} />
          <FilterSort
            label={L.sort}
            defaultSort={inspectionsList.sort.default}
            options={[
              ["newest", L.sortNewest],
              ["oldest", L.sortOldest],
              ["institution", L.sortInstitution],
              ["amount", L.sortAmount],
              ["unreported", L.sortUnreported],
            ]}
          />
        </FilterBar>
        <div className="insp-toolbar">
          <a className="button button--secondary button--small" href={`/reg/inspections/export?${exportQuery.toString()}`}>
            {L.export}
          </a>
        </div>
        <DataTable list={inspectionsList} page={list} label={t("inspections.title")} />
      </section>
    </>
  );
}
