// /admin/auth-events — every sign-in and account event, including tries on unknown e-mails.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AuthEventsList } from "~/components/auth-events";
import { listAuthEvents } from "~/models/auth-event.server";
import { authEventsList } from "~/lists/auth-events";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireAdmin } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.events.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const filter = authEventsList.parse(request);
  return { list: await listAuthEvents(db, { kind: "admin", userId: admin.id }, filter) };
}

export default function AdminAuthEventsPage() {
  const { list } = useLoaderData<typeof loader>();
  const E = msgs().accounts.events;
  return (
    <>
      <nav className="breadcrumbs">
        <Link to="/admin/accounts">{msgs().accounts.manage.title}</Link> / {E.title}
      </nav>
      <h1>{E.title}</h1>
      <p className="muted">{E.intro}</p>
      <AuthEventsList list={list} />
    </>
  );
}
