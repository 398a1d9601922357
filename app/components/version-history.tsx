import { DataTable } from "~/components/data-table";
import type { ListColumn } from "~/lists/define-list";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import type { Answer, RectificationStatus } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import type { DiffField, ItemDiff } from "~/domain/snapshot-diff";

export type VersionRow = {
  id: string;
  version: number;
  submittedAt: string | Date;
  decision: "pending" | "accepted" | "returned";
  decidedAt: string | Date | null;
  decidedByName: string | null;
  decisionComment: string | null;
  reworkDueOn: string | null;
  signerName: string;
  submittedByName: string;
  totals: { problemCount: number; refundedFen: number; evidenceCount: number };
};

function versionColumns(reportBase: string): ListColumn<VersionRow>[] {
  return [
    {
      key: "version",
      header: "review.versions",
      main: true,
      cell: (v) => (
        <>
          {t("review.version", { version: v.version })}
          <br />
          <small>{t("review.submittedBy", { name: v.submittedByName, signer: v.signerName })}</small>
        </>
      ),
    },
    { key: "submittedAt", header: "regulator.submittedAt", cell: (v) => formatDateTime(v.submittedAt) },
    { key: "problems", header: "regulator.problems", cell: (v) => v.totals.problemCount },
    { key: "refunded", header: "regulator.refunded", cell: (v) => formatFen(v.totals.refundedFen) },
    {
      key: "decision",
      header: "review.decideTitle",
      cell: (v) => (
        <>
          <span className={`badge badge--review-${v.decision}`}>{msgs().review.decision[v.decision]}</span>
          {v.decidedAt ? (
            <small>
              {" "}
              {v.decidedByName} {formatDateTime(v.decidedAt)}
            </small>
          ) : null}
          {v.reworkDueOn ? (
            <small>
              {" "}
              · {t("review.reworkDueOn")} {formatDateCn(v.reworkDueOn)}
            </small>
          ) : null}
          {v.decisionComment ? <div className="muted">{v.decisionComment}</div> : null}
        </>
      ),
    },
    {
      key: "report",
      header: "institution.report",
      cell: (v) => (
        <a className="button button--secondary button--small" href={`${reportBase}/report?version=${v.version}`}>
          Excel
        </a>
      ),
    },
  ];
}

/** Every submitted version with its decision and its report (under `reportBase`), newest first (the list kit's table, whole). */
export function VersionList({ versions, reportBase }: { versions: VersionRow[]; reportBase: string }) {
  return (
    <DataTable
      list={{ columns: versionColumns(reportBase), rowKey: (v) => v.id, empty: "review.noSubmission", sort: { keys: {}, default: "" } }}
      page={{ rows: versions }}
      label={t("review.versions")}
      pager={false}
    />
  );
}

function showValue(field: DiffField, value: unknown): string {
  if (value === null || value === undefined || value === "") return t("common.none");
  if (field === "answer") return msgs().answers[value as Answer];
  if (field === "rectificationStatus") return msgs().rectificationStatus[value as RectificationStatus];
  if (field === "amountInvolvedFen" || field === "refundedFen") return `${formatFen(value as number)} ${t("common.yuan")}`;
  return String(value);
}

/** Item-by-item differences between two versions. */
export function VersionDiff({ from, to, diffs }: { from: number; to: number; diffs: ItemDiff[] }) {
  return (
    <section className="card">
      <h2>{t("review.diffTitle", { from, to })}</h2>
      {diffs.length === 0 ? (
        <p className="muted">{t("review.diffNone")}</p>
      ) : (
        <ul className="diff-list">
          {diffs.map((d) => (
            <li key={d.checklistItemId}>
              <strong>
                {d.code} {d.title}
              </strong>
              <ul>
                {d.changes.map((c) => (
                  <li key={c.field}>
                    {msgs().diffFields[c.field]}：<span className="diff-before">{showValue(c.field, c.before)}</span> →{" "}
                    <span className="diff-after">{showValue(c.field, c.after)}</span>
                  </li>
                ))}
                {d.evidenceAdded.length ? (
                  <li>
                    {t("review.evidenceAdded")}：<span className="diff-after">{d.evidenceAdded.join("、")}</span>
                  </li>
                ) : null}
                {d.evidenceRemoved.length ? (
                  <li>
                    {t("review.evidenceRemoved")}：<span className="diff-before">{d.evidenceRemoved.join("、")}</span>
                  </li>
                ) : null}
              </ul>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export type AuditRow = { id: number; occurredAt: string | Date; action: string; actorName: string | null; after: unknown };

/** The self-check's audit trail, oldest first. */
export function AuditTrail({ events }: { events: AuditRow[] }) {
  const labels = msgs().auditActions as Record<string, string>;
  return (
    <details className="card audit">
      <summary>
        {t("review.audit")}（{events.length}）
      </summary>
      <ol className="diff-list">
        {events.map((e) => {
          const after = (e.after ?? {}) as { itemCode?: string; fileName?: string; version?: number };
          return (
            <li key={e.id}>
              <small>{formatDateTime(e.occurredAt)}</small> {e.actorName ?? "—"} · {labels[e.action] ?? e.action}
              {after.itemCode ? ` · ${after.itemCode}` : ""}
              {after.fileName ? ` · ${after.fileName}` : ""}
              {after.version ? ` · ${t("review.version", { version: after.version })}` : ""}
            </li>
          );
        })}
      </ol>
    </details>
  );
}

/** Versions as the list shows them, from the rows the model returns. */
export function toVersionRows(
  versions: {
    id: string;
    version: number;
    submittedAt: Date;
    decision: "pending" | "accepted" | "returned";
    decidedAt: Date | null;
    decidedByName: string | null;
    decisionComment: string | null;
    reworkDueOn: string | null;
    snapshot: { signerName: string; submittedByName: string; totals: VersionRow["totals"] };
  }[],
): VersionRow[] {
  return versions.map((v) => ({
    id: v.id,
    version: v.version,
    submittedAt: v.submittedAt,
    decision: v.decision,
    decidedAt: v.decidedAt,
    decidedByName: v.decidedByName,
    decisionComment: v.decisionComment,
    reworkDueOn: v.reworkDueOn,
    signerName: v.snapshot.signerName,
    submittedByName: v.snapshot.submittedByName,
    totals: v.snapshot.totals,
  }));
}
