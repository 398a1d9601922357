import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, FilterSelect } from "~/components/filter-bar";
import { CLUE_STATUSES } from "~/domain/clues";
import { institutionCluesList } from "~/lists/clues";
import { getInstitutionCluesPage } from "~/models/clue.server";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.instTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  return getInstitutionCluesPage(db, scope, institutionCluesList.parse(request));
}

export default function InstitutionCluesPage() {
  const { list } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  const C = msgs().clues;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{C.instTitle}</h1>
          <p>{C.instIntro}</p>
        </div>
      </div>
      <section className="card">
        <FilterBar>
          <FilterInput name="q" label={C.list.search} />
          <FilterSelect name="status" label={C.list.status}>
            {CLUE_STATUSES.filter((s) => s !== "pending").map((s) => (
              <option key={s} value={s}>
                {C.statuses[s]}
              </option>
            ))}
          </FilterSelect>
          <label className="choice">
            <input type="checkbox" name="overdue" value="1" defaultChecked={searchParams.get("overdue") === "1"} /> {C.list.overdue}
          </label>
        </FilterBar>
        <DataTable list={institutionCluesList} page={list} label={C.instTitle} />
      </section>
    </>
  );
}
