// /reg/auth-events — sign-ins and account events of the accounts in the bureau's region subtree.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthEventsList } from "~/components/auth-events";
import { listAuthEvents } from "~/models/auth-event.server";
import { authEventsList } from "~/lists/auth-events";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.events.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = authEventsList.parse(request);
  return { list: await listAuthEvents(db, scope, filter) };
}

export default function RegulatorAuthEventsPage() {
  const { list } = useLoaderData<typeof loader>();
  const E = msgs().accounts.events;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/reg/accounts">{msgs().accounts.manage.title}</Link> / {E.title}
      </nav>
      <h1>{E.title}</h1>
      <p className="muted">
        {E.intro}
        {E.introRegion}
      </p>
      <AuthEventsList list={list} />
    </>
  );
}
