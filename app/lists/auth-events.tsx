// Sign-ins and account events (登录与账号事件): /reg/auth-events (a bureau's subtree) and
// /admin/auth-events (all).
import { AUTH_ACTION_VALUES } from "~/domain/auth-actions";
import { defineList, listFilter } from "~/lists/define-list";
import { optionalDateOnly } from "~/schemas/fields";
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

const actionLabel = (action: string) => (msgs().accounts.events.actions as Record<string, string>)[action] ?? action;

export const authEventsList = defineList({
  filters: {
    q: listFilter.text(50),
    result: listFilter.oneOf(["success", "failure"]),
    action: listFilter.oneOf(AUTH_ACTION_VALUES),
    from: optionalDateOnly().catch(undefined),
    to: optionalDateOnly().catch(undefined),
  },
  sort: { keys: { time: "desc" }, default: "time" },
  pageSize: 50,
  rowKey: (e: AuthEventView) => String(e.id),
  empty: "accounts.events.none",
  columns: [
    { key: "time", header: "accounts.events.time", sort: "time", cell: (e) => formatDateTime(e.occurredAt) },
    { key: "action", header: "accounts.events.action", main: true, cell: (e) => actionLabel(e.action) },
    {
      key: "account",
      header: "accounts.events.account",
      className: "break-anywhere",
      cell: (e) => (
        <>
          {e.accountName ? `${e.accountName} ` : ""}
          <span className="muted">{e.email ?? "—"}</span>
          {e.institutionName || e.regionName ? <div className="muted">{e.institutionName ?? e.regionName}</div> : null}
        </>
      ),
    },
    {
      key: "result",
      header: "accounts.events.result",
      cell: (e) => {
        const R = msgs().accounts.events.results;
        return (
          <span className={`badge ${e.result === "success" ? "badge--ok" : "badge--danger"}`}>
            {e.result === "success" ? R.success : R.failure}
          </span>
        );
      },
    },
    { key: "ip", header: "accounts.events.ip", cell: (e) => e.ip ?? "—" },
    { key: "detail", header: "accounts.events.detail", cell: detail },
    {
      key: "requestId",
      header: "accounts.events.requestId",
      className: "break-anywhere",
      cell: (e) => <small>{e.requestId ?? "—"}</small>,
    },
  ],
});

export type AuthEventsQuery = ReturnType<typeof authEventsList.parse>;
