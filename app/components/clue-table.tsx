// The clue list's table (regulator and institution pages).
import { Link } from "@remix-run/react";
import { ClueRiskBadge, ClueStatusBadge, OverdueBadge } from "~/components/clue-parts";
import type { ClueResult, ClueRisk, ClueSource, ClueStatus } from "~/domain/clues";
import { formatDateCn } from "~/utils/dates";
import { msgs } from "~/utils/i18n";
import { formatFen } from "~/utils/money";

export type ClueRow = {
  id: string;
  source: ClueSource;
  status: ClueStatus;
  riskLevel: ClueRisk;
  ruleName: string;
  institutionName: string | null;
  nhsaCode: string | null;
  subjectRegionName: string;
  handlerRegionName: string;
  recordCount: number;
  answeredCount: number;
  acceptedCount: number;
  amountFen: number;
  dueOn: string;
  isOverdue: boolean;
  result: ClueResult | null;
};

export function ClueTable({ rows, base, showHandler = false }: { rows: ClueRow[]; base: string; showHandler?: boolean }) {
  const C = msgs().clues;
  const L = C.list;
  if (rows.length === 0) return <p className="muted">{L.none}</p>;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th>{L.institution}</th>
            <th>{L.rule}</th>
            <th>{L.source}</th>
            <th>{L.risk}</th>
            {showHandler ? <th>{L.handler}</th> : null}
            <th className="num">{L.records}</th>
            <th>{L.progress}</th>
            <th className="num">{L.amount}</th>
            <th>{L.dueOn}</th>
            <th>{L.status}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              <td className="cell-main" data-label={L.institution}>
                <Link to={`${base}/${r.id}`}>{r.institutionName ?? `${r.subjectRegionName}${L.onlyRegion}`}</Link>
                {r.nhsaCode ? (
                  <>
                    <br />
                    <small>{r.nhsaCode}</small>
                  </>
                ) : null}
              </td>
              <td data-label={L.rule}>{r.ruleName}</td>
              <td data-label={L.source}>{C.sources[r.source]}</td>
              <td data-label={L.risk}>
                <ClueRiskBadge risk={r.riskLevel} />
              </td>
              {showHandler ? <td data-label={L.handler}>{r.handlerRegionName}</td> : null}
              <td className="num" data-label={L.records}>
                {r.recordCount}
              </td>
              <td data-label={L.progress}>
                {r.recordCount > 0 ? `${r.answeredCount}/${r.recordCount} · ${C.answerStates.accepted} ${r.acceptedCount}` : "—"}
              </td>
              <td className="num" data-label={L.amount}>
                {formatFen(r.amountFen)}
              </td>
              <td className="nowrap" data-label={L.dueOn}>
                {formatDateCn(r.dueOn)} {r.isOverdue ? <OverdueBadge /> : null}
              </td>
              <td data-label={L.status}>
                <ClueStatusBadge status={r.status} />
                {r.result ? ` ${C.results[r.result]}` : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
