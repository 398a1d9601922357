import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, KindFilter, RegionFilter } from "~/components/filter-bar";
import { institutionsList } from "~/lists/institutions";
import { getInstitutionsPage } from "~/models/institution.server";
import { db } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("institutions.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return getInstitutionsPage(db, scope, institutionsList.parse(request));
}

export default function InstitutionsPage() {
  const { list, regions } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("institutions.title")}</h1>
          <p>{t("institutions.intro")}</p>
        </div>
        <div className="actions">
          <Link className="button" to="/reg/institutions/new">
            {t("institutions.add")}
          </Link>
          <Link className="button button--secondary" to="/reg/institutions/import">
            {t("roster.navLink")}
          </Link>
          <Link className="button button--secondary" to="/reg/institutions/accounts">
            {t("roster.accountsLink")}
          </Link>
        </div>
      </div>
      <section className="card">
        <FilterBar keep={["sort", "dir"]}>
          <FilterInput name="q" label={t("institutions.search")} placeholder={t("institutions.searchHint")} />
          <RegionFilter regions={regions} />
          <KindFilter label={t("regulator.kind")} />
        </FilterBar>
        <DataTable list={institutionsList} page={list} label={t("institutions.title")} />
      </section>
    </>
  );
}
