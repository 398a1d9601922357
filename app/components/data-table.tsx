// The one table of the list kit: a list definition (~/lists/define-list) and one page of its rows →
// sortable headers (links carrying aria-sort), cells with their header as data-label (the stacked
// layout under 640 px), the Chinese empty state and the pager. Everything is a plain link or GET
// form, so it works without JavaScript.
import { Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { Pager } from "~/components/pager";
import type { ListColumn, ListPage, SortDir, TableDefinition } from "~/lists/define-list";
import { t } from "~/utils/i18n";

export function DataTable<Row>({
  list,
  page,
  label,
  pager = true,
  className,
}: {
  list: TableDefinition<Row>;
  page: Pick<ListPage<Row>, "rows"> & Partial<ListPage<Row>>;
  /** The table's accessible name (its caption for screen readers). */
  label: string;
  /** Show the pager (a list shown whole, such as a panel on another page, leaves it out). */
  pager?: boolean;
  className?: string;
}) {
  return (
    <>
      {page.rows.length === 0 && list.empty ? (
        <p className="muted">{t(list.empty)}</p>
      ) : (
        <div className="table-wrap">
          <table className={className ? `data ${className}` : "data"}>
            <caption className="visually-hidden">{label}</caption>
            <thead className={list.columns.some((c) => c.sort) ? "data__sorts" : undefined}>
              <tr>
                {list.columns.map((c) =>
                  c.sort ? (
                    <SortHeader key={c.key} column={c} sortKeys={list.sort.keys} defaultSort={list.sort.default} />
                  ) : (
                    <th key={c.key} scope="col" className={c.numeric ? "num" : undefined}>
                      {c.isHeaderHidden ? <span className="visually-hidden">{t(c.header)}</span> : t(c.header)}
                    </th>
                  ),
                )}
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr key={list.rowKey(row)}>
                  {list.columns.map((c) => (
                    <Cell key={c.key} column={c}>
                      {c.cell(row)}
                    </Cell>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {pager && page.page !== undefined ? <Pager page={page.page} pageCount={page.pageCount ?? 1} total={page.total ?? 0} /> : null}
    </>
  );
}

function Cell<Row>({ column, children }: { column: ListColumn<Row>; children: ReactNode }) {
  const classes = [column.main ? "cell-main" : null, column.numeric ? "num" : null, column.className ?? null].filter(Boolean);
  return (
    <td className={classes.length ? classes.join(" ") : undefined} data-label={column.isHeaderHidden ? undefined : t(column.header)}>
      {children}
    </td>
  );
}

/** A column header sorting by its key: the first click in the key's own direction, the next reverses it. */
function SortHeader<Row>({
  column,
  sortKeys,
  defaultSort,
}: {
  column: ListColumn<Row>;
  sortKeys: Record<string, SortDir>;
  defaultSort: string;
}) {
  const [searchParams] = useSearchParams();
  const sortKey = column.sort!;
  const requested = searchParams.get("sort");
  const current = requested && requested in sortKeys ? requested : defaultSort;
  const isActive = current === sortKey;
  const firstDir = sortKeys[sortKey] ?? "asc";
  const dirParam = searchParams.get("dir");
  const currentDir: SortDir = dirParam === "asc" || dirParam === "desc" ? dirParam : (sortKeys[current] ?? "asc");
  const nextDir = isActive ? (currentDir === "asc" ? "desc" : "asc") : firstDir;
  const next = new URLSearchParams(searchParams);
  next.set("sort", sortKey);
  next.set("dir", nextDir);
  next.delete("page");
  const header = t(column.header);
  return (
    <th
      scope="col"
      className={[column.numeric ? "num" : null, column.className ?? null].filter(Boolean).join(" ") || undefined}
      aria-sort={isActive ? (currentDir === "asc" ? "ascending" : "descending") : "none"}
    >
      <Link to={`?${next.toString()}`} className="dash-sort" preventScrollReset title={t("lists.sortBy", { column: header })}>
        {header}
        {isActive ? <span aria-hidden="true">{currentDir === "asc" ? " ▲" : " ▼"}</span> : null}
        {isActive ? <span className="visually-hidden">{currentDir === "asc" ? t("lists.sortedAsc") : t("lists.sortedDesc")}</span> : null}
      </Link>
    </th>
  );
}
