// The problem lists visible to a regulator (/reg/checklists): ten lists a page, each shown as a card
// with its versions (the route renders the cards, so the definition has no table columns).
import { defineList, listFilter } from "~/lists/define-list";

export const checklistsList = defineList({
  filters: { status: listFilter.oneOf(["draft", "published"]) },
  sort: { keys: { year: "desc" }, default: "year" },
  pageSize: 10,
  rowKey: (row: { checklistId: string }) => row.checklistId,
  empty: "checklists.empty",
  columns: [],
});

export type ChecklistsQuery = ReturnType<typeof checklistsList.parse>;
