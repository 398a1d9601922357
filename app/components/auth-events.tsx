import { useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Pager } from "~/components/pager";
import { AUTH_ACTION_VALUES } from "~/domain/auth-actions";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";

export type AuthEventView = {
  id: number;
  occurredAt: string | Date;
  action: string;
  result: string;
  reason: string | null;
  ip: string | null;
  requestId: string | null;
  email: string | null;
  accountName: string | null;
  actorName: string | null;
  isActorOther: boolean;
  regionName: string | null;
  institutionName: string | null;
  method: string | null;
  note: string | null;
};

function detail(e: AuthEventView): string {
  const E = msgs().accounts.events;
  const parts = [
    e.reason ? (E.reasons[e.reason] ?? e.reason) : null,
    e.method ? (E.methods[e.method] ?? e.method) : null,
    e.note,
    e.isActorOther && e.actorName ? t("accounts.events.by", { name: e.actorName }) : null,
  ];
  return parts.filter(Boolean).join("；") || "—";
}

/** Auth events with filters (user, result, event, dates), paged; the same for a bureau and the admin. */
export function AuthEventsList({ list }: { list: { rows: AuthEventView[]; page: number; pageCount: number; total: number } }) {
  const E = msgs().accounts.events;
  const [searchParams] = useSearchParams();
  const actions = E.actions as Record<string, string>;
  return (
    <section className="card">
      <FilterBar>
        <div className="field">
          <label className="field__label" htmlFor="f-q">
            {E.search}
          </label>
          <input id="f-q" name="q" defaultValue={searchParams.get("q") ?? ""} />
        </div>
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
        <div className="field">
          <label className="field__label" htmlFor="f-from">
            {E.from}
          </label>
          <input id="f-from" name="from" type="date" defaultValue={searchParams.get("from") ?? ""} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor="f-to">
            {E.to}
          </label>
          <input id="f-to" name="to" type="date" defaultValue={searchParams.get("to") ?? ""} />
        </div>
      </FilterBar>
      {list.rows.length === 0 ? (
        <p className="muted">{E.none}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{E.time}</th>
                <th>{E.action}</th>
                <th>{E.account}</th>
                <th>{E.result}</th>
                <th>{E.ip}</th>
                <th>{E.detail}</th>
                <th>{E.requestId}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((e) => (
                <tr key={e.id}>
                  <td data-label={E.time}>{formatDateTime(e.occurredAt)}</td>
                  <td className="cell-main" data-label={E.action}>
                    {actions[e.action] ?? e.action}
                  </td>
                  <td className="break-anywhere" data-label={E.account}>
                    {e.accountName ? `${e.accountName} ` : ""}
                    <span className="muted">{e.email ?? "—"}</span>
                    {e.institutionName || e.regionName ? <div className="muted">{e.institutionName ?? e.regionName}</div> : null}
                  </td>
                  <td data-label={E.result}>
                    <span className={`badge ${e.result === "success" ? "badge--ok" : "badge--danger"}`}>
                      {e.result === "success" ? E.results.success : E.results.failure}
                    </span>
                  </td>
                  <td data-label={E.ip}>{e.ip ?? "—"}</td>
                  <td data-label={E.detail}>{detail(e)}</td>
                  <td className="break-anywhere" data-label={E.requestId}>
                    <small>{e.requestId ?? "—"}</small>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
    </section>
  );
}
