import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { ClueTable } from "~/components/clue-table";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { CLUE_STATUSES } from "~/domain/clues";
import { getInstitutionCluesPage } from "~/models/clue.server";
import { clueFilterSchema } from "~/schemas/clue";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("clues.instTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const filter = clueFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return getInstitutionCluesPage(db, scope, filter);
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
          <div className="field">
            <label className="field__label" htmlFor="f-q">
              {C.list.search}
            </label>
            <input id="f-q" name="q" defaultValue={searchParams.get("q") ?? ""} />
          </div>
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
        <ClueTable rows={list.rows} base="/inst/clues" />
        <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
      </section>
    </>
  );
}
