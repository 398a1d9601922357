import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { MailHealthBanner } from "~/components/mail-health-banner";
import { regionOverviewTable, regulatorsTable } from "~/lists/admin";
import { getAdminHomePage } from "~/models/admin.server";
import { db } from "~/utils/db.server";
import { t } from "~/utils/i18n";
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
          <DataTable list={regionOverviewTable} page={{ rows: regions }} label={t("admin.regions")} />
        </section>
        <section className="card">
          <h2>{t("admin.regulators")}</h2>
          <DataTable list={regulatorsTable} page={{ rows: regulators }} label={t("admin.regulators")} />
        </section>
      </div>
    </>
  );
}
