import { msgs } from "~/utils/i18n";

export function ChecklistStatusBadge({ status }: { status: "draft" | "published" }) {
  return <span className={`badge clist-badge--${status}`}>{msgs().checklists.status[status]}</span>;
}
