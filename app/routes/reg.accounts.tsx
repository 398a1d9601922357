// /reg/accounts — accounts in the bureau's scope (institution users of its subtree, bureaus
// below it): deactivate, reactivate, send a reset link, reset the second factor.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ManagedAccountsPage } from "~/components/managed-accounts";
import { managedAccountsList } from "~/lists/managed-accounts";
import { listManagedAccounts } from "~/models/account.server";
import { manageAccountAction } from "~/utils/account-admin.server";
import { db } from "~/utils/db.server";
import { msgs, t } from "~/utils/i18n";
import { requireRegulator } from "~/utils/permissions.server";

export const meta: MetaFunction = () => [{ title: `${t("accounts.manage.title")} · ${t("app.fullName")}` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const filter = managedAccountsList.parse(request);
  return { list: await listManagedAccounts(db, scope, filter) };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const { scope } = await requireRegulator(request);
  const url = new URL(request.url);
  return manageAccountAction(request, context, scope, await request.formData(), `/reg/accounts${url.search}`);
}

export default function RegulatorAccountsPage() {
  const { list } = useLoaderData<typeof loader>();
  return (
    <ManagedAccountsPage
      list={list}
      roles={["officer", "staff", "regulator"]}
      intro={msgs().accounts.manage.introRegion}
      eventsHref="/reg/auth-events"
    />
  );
}
