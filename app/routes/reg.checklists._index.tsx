import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ChecklistStatusBadge } from "~/components/checklist-status-badge";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { checklistsList } from "~/lists/checklists";
import { listVisibleChecklists } from "~/models/checklist-version.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/dates";
import { CHECKLIST_SECTIONS } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("checklists.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  return listVisibleChecklists(db, scope, checklistsList.parse(request));
}

export default function ChecklistsPage() {
  const { lists, page, pageCount, total } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{t("checklists.title")}</h1>
          <p>{t("checklists.intro")}</p>
        </div>
        <div className="actions">
          <Link className="button button--secondary" to="/reg/checklists/diff">
            {t("checklists.diffLink")}
          </Link>
          <Link className="button" to="/reg/checklists/import">
            {t("checklists.importLink")}
          </Link>
        </div>
      </div>
      <FilterBar>
        <FilterSelect name="status" label={t("checklists.filterStatus")}>
          <option value="draft">{t("checklists.status.draft")}</option>
          <option value="published">{t("checklists.status.published")}</option>
        </FilterSelect>
      </FilterBar>
      {lists.length === 0 ? <p className="card">{t("checklists.empty")}</p> : null}
      {lists.map((list) => (
        <section key={list.checklistId} className="card clist-list">
          <div className="card__head">
            <div>
              <h2>
                {list.title} {list.isOwned ? <span className="badge">{t("checklists.ownList")}</span> : null}
              </h2>
              <p className="muted">{t("checklists.issuedBy", { issuer: list.issuer, docNumber: list.docNumber, year: list.year })}</p>
            </div>
          </div>
          <table className="data">
            <thead>
              <tr>
                <th>{t("checklists.columns.version")}</th>
                <th>{t("checklists.columns.status")}</th>
                <th className="num">{t("checklists.columns.items")}</th>
                <th>{t("checklists.columns.sections")}</th>
                <th>{t("checklists.columns.parent")}</th>
                <th>{t("checklists.columns.publishedAt")}</th>
                <th>{t("checklists.columns.campaigns")}</th>
                <th>{t("checklists.columns.actions")}</th>
              </tr>
            </thead>
            <tbody>
              {list.versions.map((v) => {
                const counts = v.sectionCounts ?? {};
                const itemCount = Object.values(counts).reduce((a, b) => a + b, 0);
                return (
                  <tr key={v.id}>
                    <td className="cell-main" data-label={t("checklists.columns.version")}>
                      <Link to={`/reg/checklists/${v.id}`}>{t("checklists.version", { version: v.version })}</Link>
                    </td>
                    <td data-label={t("checklists.columns.status")}>
                      <ChecklistStatusBadge status={v.status} />
                    </td>
                    <td className="num" data-label={t("checklists.columns.items")}>
                      {itemCount}
                    </td>
                    <td data-label={t("checklists.columns.sections")}>
                      {CHECKLIST_SECTIONS.filter((s) => counts[s])
                        .map((s) => `${s} ${counts[s]}`)
                        .join("，")}
                    </td>
                    <td data-label={t("checklists.columns.parent")}>
                      {v.parentVersionId && v.parentTitle
                        ? t("checklists.versionOf", { title: v.parentTitle, version: v.parentVersion ?? "" })
                        : t("checklists.noParent")}
                    </td>
                    <td data-label={t("checklists.columns.publishedAt")}>{v.publishedAt ? formatDateTime(v.publishedAt) : "—"}</td>
                    <td data-label={t("checklists.columns.campaigns")}>{t("checklists.usedBy", { count: v.campaignCount })}</td>
                    <td data-label={t("checklists.columns.actions")}>
                      <div className="clist-actions">
                        <Link to={`/reg/checklists/${v.id}`}>
                          {v.status === "draft" && list.isOwned ? t("checklists.edit") : t("checklists.viewButton")}
                        </Link>
                        {v.status === "published" ? (
                          <Link to={`/reg/checklists/${v.id}/derive`}>{t("checklists.deriveButton")}</Link>
                        ) : null}
                        {v.parentVersionId ? (
                          <Link to={`/reg/checklists/diff?from=${v.parentVersionId}&to=${v.id}`}>{t("checklists.diffWithParent")}</Link>
                        ) : null}
                      </div>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </section>
      ))}
      <Pager page={page} pageCount={pageCount} total={total} />
    </>
  );
}
