import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuditTrail, toVersionRows, VersionDiff, VersionList } from "~/components/version-history";
import { getHistoryPage } from "~/models/review.server";
import { db } from "~/utils/db.server";
import { t } from "~/utils/i18n";
import { requireInstitutionUser } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("institution.history")} · ${t("app.fullName")}` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { scope } = await requireInstitutionUser(request);
  const page = await getHistoryPage(db, scope, params.assessmentId!);
  return { ...page, versions: toVersionRows(page.versions) };
}

export default function HistoryPage() {
  const d = useLoaderData<typeof loader>();
  const base = `/inst/assessments/${d.assessmentId}`;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/inst">{t("nav.home")}</Link> / <Link to={base}>{d.campaignTitle}</Link> / {t("institution.history")}
      </nav>
      <h1>{t("institution.history")}</h1>
      <section className="card">
        <VersionList versions={d.versions} reportBase={base} />
      </section>
      {d.diff ? <VersionDiff from={d.diff.from} to={d.diff.to} diffs={d.diff.items} /> : null}
      <AuditTrail events={d.audit} />
    </>
  );
}
