// /admin/accounts — every account: deactivate, reactivate, send a reset link, reset the second factor.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ManagedAccountsPage } from "~/components/managed-accounts";
import { managedAccountsList } from "~/lists/managed-accounts";
import { listManagedAccounts } from "~/models/account.server";
import { manageAccountAction } from "~/utils/account-admin.server";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireAdmin } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.manage.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requireAdmin(request);
  const filter = managedAccountsList.parse(request);
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
  return (
    <ManagedAccountsPage
      list={list}
      roles={["admin", "regulator", "officer", "staff"]}
      intro={msgs().accounts.manage.introAdmin}
      eventsHref="/admin/auth-events"
    />
  );
}
