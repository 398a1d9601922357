import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "~/components/pager";
import { FilterBar, FilterSelect, RegionFilter } from "~/components/filter-bar";
import { getInstitutionsPage } from "~/models/institution.server";
import { db } from "~/utils/db.server";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("institutions.title")} · ${t("app.fullName")}` }];

const filterSchema = z.object({
  region: z
    .string()
    .regex(/^\d{6}$/)
    .optional()
    .catch(undefined),
  kind: z.enum(INSTITUTION_KINDS).optional().catch(undefined),
  q: z.string().trim().max(50).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getInstitutionsPage(db, scope, { regionCode: filter.region, kind: filter.kind, q: filter.q || undefined, page: filter.page });
}

export default function InstitutionsPage() {
  const { list, regions } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
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
        <FilterBar>
          <div className="field">
            <label className="field__label" htmlFor="f-q">
              {t("institutions.search")}
            </label>
            <input id="f-q" name="q" defaultValue={searchParams.get("q") ?? ""} placeholder={t("institutions.searchHint")} />
          </div>
          <RegionFilter regions={regions} />
          <FilterSelect name="kind" label={t("regulator.kind")}>
            {INSTITUTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {msgs().kinds[k]}
              </option>
            ))}
          </FilterSelect>
        </FilterBar>
        {list.rows.length === 0 ? (
          <p className="muted">{t("institutions.none")}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{t("institutions.name")}</th>
                  <th>{t("regulator.region")}</th>
                  <th>{t("regulator.kind")}</th>
                  <th>{t("institutions.grade")}</th>
                  <th>{t("institutions.nhsaCode")}</th>
                  <th>{t("institutions.creditCode")}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="cell-main" data-label={t("institutions.name")}>
                      <Link to={`/reg/institutions/${row.id}`}>{row.name}</Link>
                    </td>
                    <td data-label={t("regulator.region")}>{row.regionName}</td>
                    <td data-label={t("regulator.kind")}>{msgs().kinds[row.kind]}</td>
                    <td data-label={t("institutions.grade")}>
                      {msgs().grades[row.grade]} · {msgs().ownerships[row.ownership]}
                    </td>
                    <td data-label={t("institutions.nhsaCode")}>{row.nhsaCode}</td>
                    <td data-label={t("institutions.creditCode")}>{row.creditCode}</td>
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
