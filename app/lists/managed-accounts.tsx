// The accounts a bureau (/reg/accounts) or the admin (/admin/accounts) manages, with each row's
// actions (deactivate, reactivate, send a reset link, reset the second factor).
import { useActionData } from "@remix-run/react";
import { AccountActions, AccountStatusBadge, type ManageAnswer, type ManagedAccount } from "~/components/account-admin";
import { defineList, listFilter } from "~/lists/define-list";
import { ACCOUNT_STATUS_VALUES, MANAGED_ROLE_VALUES } from "~/schemas/account";
import { msgs, t } from "~/utils/i18n";

/** A row's actions, with the errors the list's action answered for that row beside its form. */
function RowActions({ account }: { account: ManagedAccount }) {
  const actionData = useActionData() as { manage?: ManageAnswer } | undefined;
  return <AccountActions account={account} answer={actionData?.manage ?? null} />;
}

export const managedAccountsList = defineList({
  filters: { q: listFilter.text(50), role: listFilter.oneOf(MANAGED_ROLE_VALUES), status: listFilter.oneOf(ACCOUNT_STATUS_VALUES) },
  sort: { keys: { unit: "asc" }, default: "unit" },
  pageSize: 50,
  rowKey: (row: ManagedAccount) => row.id,
  empty: "accounts.manage.none",
  columns: [
    { key: "name", header: "admin.name", main: true, cell: (a) => a.name },
    { key: "email", header: "admin.email", className: "break-anywhere", cell: (a) => a.email },
    { key: "role", header: "accounts.manage.role", cell: (a) => msgs().roles[a.role] },
    { key: "unit", header: "accounts.manage.unit", cell: (a) => a.unit || "—" },
    { key: "status", header: "accounts.manage.status", cell: (a) => <AccountStatusBadge account={a} /> },
    {
      key: "mfa",
      header: "accounts.manage.mfa",
      cell: (a) => (a.isMfaEnrolled ? t("accounts.manage.mfaOn") : t("accounts.manage.mfaOff")),
    },
    { key: "actions", header: "accounts.manage.actions", cell: (a) => <RowActions account={a} /> },
  ],
});

export type { ManagedAccount };
export type ManagedAccountsQuery = ReturnType<typeof managedAccountsList.parse>;
