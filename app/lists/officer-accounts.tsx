// The institutions' officer accounts and whether they are opened (机构账号开通情况):
// /reg/institutions/accounts and its .xlsx.
import { Form, useNavigation } from "@remix-run/react";
import { defineList, listFilter } from "~/lists/define-list";
import { ACCOUNT_STATE_VALUES } from "~/schemas/roster";
import { formatDateTime } from "~/utils/dates";
import { msgs } from "~/utils/i18n";

export type OfficerAccountRow = {
  id: string;
  name: string;
  email: string;
  institutionName: string;
  regionName: string;
  state: (typeof ACCOUNT_STATE_VALUES)[number];
  sentAt: Date | string | null;
  expiresAt: Date | string | null;
};

/** Re-send the invitation of an account not yet opened (the route's action). */
function ResendInvitation({ row }: { row: OfficerAccountRow }) {
  const busy = useNavigation().state === "submitting";
  if (row.state === "active") return "—";
  return (
    <Form method="post">
      <input type="hidden" name="userId" value={row.id} />
      <button type="submit" className="button button--secondary button--small" disabled={busy}>
        {msgs().roster.accounts.resend}
      </button>
    </Form>
  );
}

export const officerAccountsList = defineList({
  filters: { state: listFilter.oneOf(ACCOUNT_STATE_VALUES), q: listFilter.text(50) },
  sort: { keys: { region: "asc" }, default: "region" },
  pageSize: 50,
  rowKey: (row: OfficerAccountRow) => row.id,
  empty: "roster.accounts.none",
  columns: [
    {
      key: "institution",
      header: "roster.accounts.institution",
      main: true,
      cell: (row) => (
        <>
          {row.institutionName}
          <div className="muted">{row.regionName}</div>
        </>
      ),
    },
    { key: "officer", header: "roster.accounts.officer", cell: (row) => row.name },
    { key: "email", header: "roster.accounts.email", className: "break-anywhere", cell: (row) => row.email },
    {
      key: "state",
      header: "roster.accounts.state",
      cell: (row) => <span className={`badge roster-account--${row.state}`}>{msgs().roster.accounts.states[row.state]}</span>,
    },
    {
      key: "lastSent",
      header: "roster.accounts.lastSent",
      cell: (row) => (
        <>
          {row.sentAt ? formatDateTime(row.sentAt) : "—"}
          {row.expiresAt && row.state === "invited" ? (
            <div className="muted">{`${msgs().roster.accounts.expires} ${formatDateTime(row.expiresAt)}`}</div>
          ) : null}
        </>
      ),
    },
    { key: "actions", header: "roster.accounts.actions", cell: (row) => <ResendInvitation row={row} /> },
  ],
  export: {
    sheet: "roster.accounts.exportSheet",
    fileName: "roster.accounts.exportFileName",
    columns: [
      { header: "regulator.region", width: 14, value: (r) => r.regionName },
      { header: "roster.accounts.institution", width: 32, value: (r) => r.institutionName },
      { header: "roster.accounts.officer", width: 14, value: (r) => r.name },
      { header: "roster.accounts.email", width: 30, value: (r) => r.email },
      { header: "roster.accounts.state", width: 14, value: (r) => msgs().roster.accounts.states[r.state] },
      { header: "roster.accounts.lastSent", width: 18, value: (r) => formatDateTime(r.sentAt) },
      { header: "roster.accounts.expires", width: 18, value: (r) => formatDateTime(r.expiresAt) },
    ],
  },
});

export type OfficerAccountsQuery = ReturnType<typeof officerAccountsList.parse>;
