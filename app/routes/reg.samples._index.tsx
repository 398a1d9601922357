import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Pager } from "~/components/pager";
import { listSamples } from "~/models/sample.server";
import { db } from "~/utils/db.server";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("riskPages.sample.listTitle")} · ${t("app.fullName")}` }];

const filterSchema = z.object({ page: z.coerce.number().int().min(1).optional().catch(undefined) });

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { list: await listSamples(db, scope, filter) };
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
        {list.rows.length === 0 ? (
          <p className="muted">{M.none}</p>
        ) : (
          <div className="table-wrap">
            <table className="data">
              <thead>
                <tr>
                  <th>{M.title}</th>
                  <th>{M.regionCol}</th>
                  <th>{M.period}</th>
                  <th className="num">{M.ratio}</th>
                  <th>{M.size}</th>
                  <th>{M.seed}</th>
                  <th>{M.drawnAt}</th>
                </tr>
              </thead>
              <tbody>
                {list.rows.map((row) => (
                  <tr key={row.id}>
                    <td className="cell-main" data-label={M.title}>
                      <Link to={`/reg/samples/${row.id}`}>{row.title}</Link>
                    </td>
                    <td data-label={M.regionCol}>{row.regionName}</td>
                    <td data-label={M.period}>
                      {formatDateCn(row.periodStart)} — {formatDateCn(row.periodEnd)}
                    </td>
                    <td className="num" data-label={M.ratio}>
                      {row.ratioBp / 100}%
                    </td>
                    <td data-label={M.size}>{t("riskPages.sample.summary", { candidates: row.candidateCount, size: row.sampleSize })}</td>
                    <td data-label={M.seed}>
                      <code className="break-anywhere">{row.seed}</code>
                    </td>
                    <td data-label={M.drawnAt}>
                      {formatDateTime(row.createdAt)}
                      <br />
                      <small>{row.createdByName}</small>
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
