import { DataTable } from "~/components/data-table";
import { FilterBar, FilterInput, FilterSelect } from "~/components/filter-bar";
import { AUTH_ACTION_VALUES } from "~/domain/auth-actions";
import { authEventsList, type AuthEventView } from "~/lists/auth-events";
import type { ListPage } from "~/lists/define-list";
import { msgs } from "~/utils/i18n";

/** Auth events with filters (user, result, event, dates), paged; the same for a bureau and the admin. */
export function AuthEventsList({ list }: { list: ListPage<AuthEventView> }) {
  const E = msgs().accounts.events;
  const actions = E.actions as Record<string, string>;
  return (
    <section className="card">
      <FilterBar keep={["sort", "dir"]}>
        <FilterInput name="q" label={E.search} />
        <FilterSelect name="result" label={E.result}>
          <option value="success">{E.results.success}</option>
          <option value="failure">{E.results.failure}</option>
        </FilterSelect>
        <FilterSelect name="action" label={E.action}>
          {AUTH_ACTION_VALUES.map((a) => (
            <option key={a} value={a}>
              {actions[a]}
            </option>
          ))}
        </FilterSelect>
        <FilterInput name="from" type="date" label={E.from} />
        <FilterInput name="to" type="date" label={E.to} />
      </FilterBar>
      <DataTable list={authEventsList} page={list} label={E.title} />
    </section>
  );
}
