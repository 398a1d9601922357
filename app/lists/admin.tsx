// The admin's tables, each shown whole: regions and regulators (/admin), the queues' latest failed
// jobs and the e-mails that did not go out (/admin/queues, paged by its model).
import { Form, useNavigation } from "@remix-run/react";
import { defineTable } from "~/lists/define-list";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";

type Messages = ReturnType<typeof msgs>;

export type RegionOverviewRow = {
  code: string;
  name: string;
  level: keyof Messages["regionLevels"];
  depth: number;
  institutionCount: number;
  regulatorCount: number;
};

export const regionOverviewTable = defineTable({
  rowKey: (r: RegionOverviewRow) => r.code,
  columns: [
    {
      key: "region",
      header: "admin.regions",
      main: true,
      cell: (r) => (
        <>
          {"　".repeat(r.depth)}
          {r.name} <small>{r.code}</small>
        </>
      ),
    },
    { key: "level", header: "admin.level", cell: (r) => msgs().regionLevels[r.level] },
    { key: "institutions", header: "admin.institutions", numeric: true, cell: (r) => r.institutionCount },
    { key: "regulators", header: "admin.regulators", numeric: true, cell: (r) => r.regulatorCount },
  ],
});

export type RegulatorRow = { id: string; name: string; email: string; regionName: string };

export const regulatorsTable = defineTable({
  rowKey: (u: RegulatorRow) => u.id,
  columns: [
    { key: "name", header: "admin.name", main: true, cell: (u) => u.name },
    { key: "email", header: "admin.email", cell: (u) => u.email },
    { key: "region", header: "admin.regions", cell: (u) => u.regionName },
  ],
});

export type FailedJobRow = {
  id: string | null;
  name: string;
  failedReason: string;
  attemptsMade: number;
  timestamp: number;
  finishedOn: number | null;
};

export const failedJobsTable = defineTable({
  rowKey: (job: FailedJobRow) => job.id ?? `${job.name}-${job.timestamp}`,
  empty: "inbox.queues.noFailed",
  columns: [
    {
      key: "name",
      header: "inbox.queues.jobName",
      main: true,
      cell: (job) => (
        <span className="cell-stack">
          {job.name}
          <small className="break-anywhere">{job.id}</small>
        </span>
      ),
    },
    { key: "reason", header: "inbox.queues.failedReason", className: "error-text break-anywhere", cell: (job) => job.failedReason },
    { key: "attempts", header: "inbox.queues.attempts", numeric: true, cell: (job) => job.attemptsMade },
    {
      key: "failedAt",
      header: "inbox.queues.failedAt",
      className: "nowrap",
      cell: (job) => formatDateTime(new Date(job.finishedOn ?? job.timestamp)),
    },
  ],
});

export type EmailProblemRow = {
  id: string;
  subject: string;
  kind: keyof Messages["inbox"]["kinds"];
  recipientName: string;
  recipientEmail: string;
  emailStatus: string;
  emailAttempts: number;
  emailLastError: string | null;
  emailRetryAt: string | Date | null;
  createdAt: string | Date;
};

function RetryButton({ row }: { row: EmailProblemRow }) {
  const busy = useNavigation().state === "submitting";
  return (
    <Form method="post">
      <input type="hidden" name="notificationId" value={row.id} />
      <button
        type="submit"
        name="intent"
        value="retry-email"
        className="button button--secondary button--small"
        disabled={busy}
        aria-label={`${t("inbox.queues.retry")}：${row.subject}`}
      >
        {t("inbox.queues.retry")}
      </button>
    </Form>
  );
}

export const emailProblemsTable = defineTable({
  rowKey: (row: EmailProblemRow) => row.id,
  empty: "inbox.queues.noEmailProblems",
  columns: [
    {
      key: "subject",
      header: "inbox.queues.subject",
      main: true,
      cell: (row) => (
        <span>
          {row.subject} <small>{msgs().inbox.kinds[row.kind]}</small>
        </span>
      ),
    },
    {
      key: "recipient",
      header: "inbox.queues.recipient",
      cell: (row) => (
        <span className="cell-stack">
          {row.recipientName}
          <small className="break-anywhere">{row.recipientEmail}</small>
        </span>
      ),
    },
    {
      key: "status",
      header: "inbox.queues.status",
      cell: (row) => {
        const S = msgs().inbox.queues.emailStatus;
        return <span className="badge badge--problem_found">{row.emailStatus === "failed" ? S.failed : S.sending}</span>;
      },
    },
    { key: "attempts", header: "inbox.queues.attempts", numeric: true, cell: (row) => row.emailAttempts },
    {
      key: "lastError",
      header: "inbox.queues.lastError",
      className: "error-text break-anywhere",
      cell: (row) => row.emailLastError ?? "—",
    },
    {
      key: "retryAt",
      header: "operations.retryColumn",
      className: "nowrap",
      cell: (row) =>
        row.emailStatus !== "failed"
          ? "—"
          : row.emailRetryAt
            ? t("operations.retryAt", { at: formatDateTime(row.emailRetryAt) })
            : t("operations.retryNever"),
    },
    { key: "createdAt", header: "inbox.queues.createdAt", className: "nowrap", cell: (row) => formatDateTime(row.createdAt) },
    { key: "retry", header: "inbox.queues.retry", isHeaderHidden: true, className: "nowrap", cell: (row) => <RetryButton row={row} /> },
  ],
});
