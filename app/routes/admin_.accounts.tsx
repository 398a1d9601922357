// /admin/accounts — every account: deactivate, reactivate, send a reset link, reset the second factor.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { ManagedAccountsList, type ManageAnswer } from "~/components/account-admin";
import { listManagedAccounts } from "~/models/account.server";
import { managedAccountsFilterSchema } from "~/schemas/account";
import { manageAccountAction } from "~/utils/account-admin.server";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireAdmin } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.manage.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const filter = managedAccountsFilterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { list: await listManagedAccounts(db, { kind: "admin", userId: admin.id }, filter) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireAdmin(request);
  const url = new URL(request.url);
  return manageAccountAction(
    request,
    context,
    { kind: "admin", userId: admin.id },
    await request.formData(),
    `/admin/accounts${url.search}`,
  );
}

export default function AdminAccountsPage() {
  const { list } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { manage?: ManageAnswer } | undefined;
  const M = msgs().accounts.manage;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{M.title}</h1>
          <p className="muted">{M.introAdmin}</p>
        </div>
        <Link className="button button--secondary" to="/admin/auth-events">
          {msgs().accounts.events.title}
        </Link>
      </div>
      <ManagedAccountsList list={list} roles={["admin", "regulator", "officer", "staff"]} answer={actionData?.manage ?? null} />
    </>
  );
}
