import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MailHealthBanner } from "~/components/mail-health-banner";
import { getAdminHomePage } from "~/models/admin.server";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireAdmin } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("admin.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return getAdminHomePage(db);
}

export default function AdminPage() {
  const { regions, regulators, mailHealth } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-head">
        <h1>{t("admin.title")}</h1>
        <Link className="button button--secondary" to="/admin/queues">
          {t("inbox.queues.title")}
        </Link>
      </div>
      <MailHealthBanner health={mailHealth} />
      <div className="grid grid--2">
        <section className="card">
          <h2>{t("admin.regions")}</h2>
          <table className="data">
            <thead>
              <tr>
                <th>{t("admin.regions")}</th>
                <th>{t("admin.level")}</th>
                <th className="num">{t("admin.institutions")}</th>
                <th className="num">{t("admin.regulators")}</th>
              </tr>
            </thead>
            <tbody>
              {regions.map((r) => (
                <tr key={r.code}>
                  <td className="cell-main" data-label={t("admin.regions")}>
                    {"　".repeat(r.depth)}
                    {r.name} <small>{r.code}</small>
                  </td>
                  <td data-label={t("admin.level")}>{msgs().regionLevels[r.level]}</td>
                  <td className="num" data-label={t("admin.institutions")}>
                    {r.institutionCount}
                  </td>
                  <td className="num" data-label={t("admin.regulators")}>
                    {r.regulatorCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>{t("admin.regulators")}</h2>
          <table className="data">
            <thead>
              <tr>
                <th>{t("admin.name")}</th>
                <th>{t("admin.email")}</th>
                <th>{t("admin.regions")}</th>
              </tr>
            </thead>
            <tbody>
              {regulators.map((u) => (
                <tr key={u.id}>
                  <td className="cell-main" data-label={t("admin.name")}>
                    {u.name}
                  </td>
                  <td data-label={t("admin.email")}>{u.email}</td>
                  <td data-label={t("admin.regions")}>{u.regionName}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
