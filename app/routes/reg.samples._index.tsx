import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { samplesList } from "~/lists/samples";
import { listSamples } from "~/models/sample.server";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("riskPages.sample.listTitle")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return { list: await listSamples(db, scope, samplesList.parse(request)) };
}

export default function SamplesPage() {
  const { list } = useLoaderData<typeof loader>();
  const M = msgs().riskPages.sample;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{M.listTitle}</h1>
          <p>{M.listIntro}</p>
        </div>
        <Link className="button" to="/reg/samples/new">
          {M.new}
        </Link>
      </div>
      <section className="card">
        <DataTable list={samplesList} page={list} label={M.listTitle} />
      </section>
    </>
  );
}
