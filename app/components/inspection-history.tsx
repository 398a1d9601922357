import { Link } from "@remix-run/react";
import { formatDateCn } from "~/utils/dates";
import { msgs } from "~/utils/i18n";
import { formatFen } from "~/utils/money";

export type InspectionHistoryRow = {
  id: string;
  type: "flight" | "on_site" | "cross" | "third_party";
  inspectedOn: string;
  inspectorNames: string;
  findingCount: number;
  unreportedCount: number;
  amountFoundFen: number;
  amountRecoveredFen: number;
};

/** An institution's on-site inspections (rows from listInspectionsForInstitution), for its regulator page. */
export function InspectionHistory({ rows }: { rows: InspectionHistoryRow[] }) {
  const L = msgs().inspections.list;
  return (
    <section className="card" id="inspections">
      <h2>{msgs().inspections.institutionPanel.title}</h2>
      {rows.length === 0 ? (
        <p className="muted">{msgs().inspections.institutionPanel.none}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{L.inspectedOn}</th>
                <th>{L.type}</th>
                <th>{L.inspectors}</th>
                <th className="num">{L.findings}</th>
                <th className="num">{L.unreported}</th>
                <th className="num">{L.amountFound}</th>
                <th className="num">{L.amountRecovered}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.id}>
                  <td className="cell-main" data-label={L.inspectedOn}>
                    <Link to={`/reg/inspections/${row.id}`}>{formatDateCn(row.inspectedOn)}</Link>
                  </td>
                  <td data-label={L.type}>{msgs().inspections.types[row.type]}</td>
                  <td data-label={L.inspectors} className="break-anywhere">
                    {row.inspectorNames}
                  </td>
                  <td className="num" data-label={L.findings}>
                    {row.findingCount}
                  </td>
                  <td className="num" data-label={L.unreported}>
                    {row.unreportedCount > 0 ? <span className="badge insp-badge--unreported">{row.unreportedCount}</span> : 0}
                  </td>
                  <td className="num" data-label={L.amountFound}>
                    {formatFen(row.amountFoundFen)}
                  </td>
                  <td className="num" data-label={L.amountRecovered}>
                    {formatFen(row.amountRecoveredFen)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
