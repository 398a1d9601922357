// Pieces the clue pages share: badges, the progress of a clue's records, a record's answer history.
import type React from "react";
import type { AnswerState, ClueAnswerEntry, ClueRecordFields, ClueResult, ClueRisk, ClueSource, ClueStatus } from "~/domain/clues";
import { formatDateTime } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";

const STATUS_CLASS: Record<ClueStatus, string> = { pending: "badge--warn", verifying: "badge--submitted", closed: "badge--ok" };
const RISK_CLASS: Record<ClueRisk, string> = { high: "badge--danger", medium: "badge--warn", low: "" };

export function ClueStatusBadge({ status }: { status: ClueStatus }) {
  return <span className={`badge ${STATUS_CLASS[status]}`}>{msgs().clues.statuses[status]}</span>;
}

export function ClueRiskBadge({ risk }: { risk: ClueRisk }) {
  return <span className={`badge ${RISK_CLASS[risk]}`}>{msgs().clues.risks[risk]}</span>;
}

export function AnswerStateBadge({ state }: { state: AnswerState }) {
  return <span className={`badge badge--${state}`}>{msgs().clues.answerStates[state]}</span>;
}

export function OverdueBadge() {
  return <span className="badge badge--danger">{t("clues.list.overdueBadge")}</span>;
}

export type AnswerHistoryEntry = Omit<ClueAnswerEntry, "recordId">;

/** A record's answers, newest first; each is what was submitted then, with its review. */
export function AnswerHistory({ history }: { history: AnswerHistoryEntry[] }) {
  const D = msgs().clues.detail;
  if (history.length === 0) return null;
  const [latest, ...older] = history;
  const entry = (a: AnswerHistoryEntry) => (
    <div className="clue-answer" key={a.id}>
      <strong>
        {t("clues.detail.version", { version: a.version })} · {msgs().clues.verdicts[a.verdict]}
      </strong>{" "}
      <small className="muted">
        {a.submittedBy} {formatDateTime(a.submittedAt)}
      </small>
      <br />
      {a.explanation}
      <br />
      <small>
        {D.confirmed} {formatFen(a.confirmedFen)} · {D.refunded} {formatFen(a.refundedFen)}
      </small>
      {a.decision ? (
        <>
          <br />
          <small>
            {msgs().clues.answerStates[a.decision]}
            {a.reviewComment ? `：${a.reviewComment}` : ""} · {a.reviewedBy} {formatDateTime(a.reviewedAt)}
          </small>
        </>
      ) : null}
    </div>
  );
  return (
    <>
      {entry(latest)}
      {older.length > 0 ? (
        <details>
          <summary>{D.history}</summary>
          {older.map(entry)}
        </details>
      ) : null}
    </>
  );
}

export type ClueFactsData = {
  source: ClueSource;
  status: ClueStatus;
  riskLevel: ClueRisk;
  ruleCode: string;
  ruleName: string;
  summary: string;
  amountFen: number;
  dueOn: string;
  isOverdue: boolean;
  institutionName: string | null;
  nhsaCode: string | null;
  subjectRegionName: string;
  handlerRegionName: string;
  registeredRegionName: string;
  batchName: string | null;
  docNo: string | null;
  checklistItemTitle: string | null;
  result: ClueResult | null;
  recoveredFen: number | null;
  penaltyFen: number | null;
  transferTarget: string | null;
  transferOn: string | null;
  closingNote: string | null;
  closedAt: string | null;
};

/** The clue's facts (and its closure once closed) as a definition list. */
export function ClueFacts({ clue, formatDate }: { clue: ClueFactsData; formatDate: (d: string) => string }) {
  const C = msgs().clues;
  const D = C.detail;
  const rows: [string, React.ReactNode][] = [
    [D.status, <ClueStatusBadge key="s" status={clue.status} />],
    [D.source, C.sources[clue.source]],
    ...(clue.batchName ? ([[D.batch, `${clue.batchName}${clue.docNo ? `（${clue.docNo}）` : ""}`]] as [string, string][]) : []),
    [D.institution, clue.institutionName ? `${clue.institutionName}（${clue.nhsaCode}）` : C.list.onlyRegion],
    [D.subjectRegion, clue.subjectRegionName],
    [D.handler, clue.handlerRegionName],
    [D.registeredBy, clue.registeredRegionName],
    [D.rule, clue.ruleCode ? `${clue.ruleName}（${clue.ruleCode}）` : clue.ruleName],
    ...(clue.checklistItemTitle ? ([[D.checklistItem, clue.checklistItemTitle]] as [string, string][]) : []),
    [D.risk, <ClueRiskBadge key="r" risk={clue.riskLevel} />],
    [D.amount, formatFen(clue.amountFen)],
    [
      D.dueOn,
      <>
        {formatDate(clue.dueOn)} {clue.isOverdue ? <OverdueBadge /> : null}
      </>,
    ],
    ...(clue.summary ? ([[D.summary, clue.summary]] as [string, string][]) : []),
  ];
  if (clue.result) {
    rows.push([D.closure, C.results[clue.result]]);
    if (clue.result === "confirmed") {
      rows.push([D.recovered, formatFen(clue.recoveredFen ?? 0)], [D.penalty, formatFen(clue.penaltyFen ?? 0)]);
      if (clue.transferTarget) rows.push([D.transferTarget, `${clue.transferTarget}（${formatDate(clue.transferOn ?? "")}）`]);
    }
    rows.push([D.closingNote, clue.closingNote ?? ""], [D.closedAt, formatDateTime(clue.closedAt)]);
  }
  return (
    <dl className="clue-facts">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt>{label}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  );
}

export type ClueRecordRow = ClueRecordFields & { history: AnswerHistoryEntry[] };

/**
 * The suspicious records of a clue with each one's answer, for both sides: the institution adds
 * a selection column (`lead`), the regulator the masked ID number and a review form (`answerExtra`).
 */
export function ClueRecordTable<R extends ClueRecordRow>({
  rows,
  lead,
  showPatientId = false,
  answerExtra,
  rowId,
}: {
  rows: R[];
  lead?: { header: string; cell: (r: R) => React.ReactNode };
  showPatientId?: boolean;
  answerExtra?: (r: R) => React.ReactNode;
  rowId?: (r: R) => string;
}) {
  const D = msgs().clues.detail;
  if (rows.length === 0) return <p className="muted">{D.noRecords}</p>;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            {lead ? <th>{lead.header}</th> : null}
            <th>{D.settlementNo}</th>
            <th>{D.occurredOn}</th>
            <th>{D.item}</th>
            <th className="num">{D.quantity}</th>
            <th className="num">{D.recordAmount}</th>
            <th>{D.patientName}</th>
            {showPatientId ? <th>{D.patientId}</th> : null}
            <th>{D.answerState}</th>
            <th>{D.answer}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} id={rowId?.(r)}>
              {lead ? <td data-label={lead.header}>{lead.cell(r)}</td> : null}
              <td className="cell-main" data-label={D.settlementNo}>
                {r.settlementNo}
              </td>
              <td data-label={D.occurredOn}>{r.occurredOn}</td>
              <td data-label={D.item}>
                {r.itemName}
                <br />
                <small>{r.itemCode}</small>
              </td>
              <td className="num" data-label={D.quantity}>
                {r.quantity}
              </td>
              <td className="num" data-label={D.recordAmount}>
                {formatFen(r.amountFen)}
              </td>
              <td data-label={D.patientName}>{r.patientNameMasked ?? "—"}</td>
              {showPatientId ? <td data-label={D.patientId}>{r.patientIdMasked ?? "—"}</td> : null}
              <td data-label={D.answerState}>
                <AnswerStateBadge state={r.answerState} />
              </td>
              <td data-label={D.answer}>
                <AnswerHistory history={r.history} />
                {answerExtra?.(r)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
