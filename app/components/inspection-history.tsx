import { DataTable } from "~/components/data-table";
import { institutionInspectionsList, type InspectionListRow } from "~/lists/inspections";
import { msgs } from "~/utils/i18n";

/** An institution's on-site inspections (rows from listInspectionsForInstitution), for its regulator page. */
export function InspectionHistory({ rows }: { rows: InspectionListRow[] }) {
  const title = msgs().inspections.institutionPanel.title;
  return (
    <section className="card" id="inspections">
      <h2>{title}</h2>
      <DataTable list={institutionInspectionsList} page={{ rows }} label={title} pager={false} />
    </section>
  );
}
