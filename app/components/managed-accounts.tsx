// The accounts page of an admin (every account) or a bureau (its scope): heading, link to the
// sign-in events, the filter bar and the list (~/lists/managed-accounts).
import { Link } from "@remix-run/react";
import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, FilterSelect } from "~/components/filter-bar";
import type { ManagedAccount } from "~/components/account-admin";
import type { Role } from "~/domain/vocabulary";
import type { ListPage } from "~/lists/define-list";
import { managedAccountsList } from "~/lists/managed-accounts";
import { ACCOUNT_STATUS_VALUES } from "~/schemas/account";
import { msgs } from "~/utils/i18n";

export function ManagedAccountsPage({
  list,
  roles,
  intro,
  eventsHref,
}: {
  list: ListPage<ManagedAccount>;
  roles: Role[];
  intro: string;
  eventsHref: string;
}) {
  const M = msgs().accounts.manage;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{M.title}</h1>
          <p className="muted">{intro}</p>
        </div>
        <Link className="button button--secondary" to={eventsHref}>
          {msgs().accounts.events.title}
        </Link>
      </div>
      <section className="card">
        <FilterBar>
          <FilterInput name="q" label={M.search} />
          <FilterSelect name="role" label={M.role}>
            {roles.map((r) => (
              <option key={r} value={r}>
                {msgs().roles[r]}
              </option>
            ))}
          </FilterSelect>
          <FilterSelect name="status" label={M.status}>
            {ACCOUNT_STATUS_VALUES.map((s) => (
              <option key={s} value={s}>
                {M[s]}
              </option>
            ))}
          </FilterSelect>
        </FilterBar>
        <DataTable list={managedAccountsList} page={list} label={M.title} />
      </section>
    </>
  );
}
