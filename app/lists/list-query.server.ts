// The one server helper of the list kit: a model gives its SQL (the count, the rows for an ORDER BY
// and a LIMIT) and the ORDER BY expression of each whitelisted sort key; this turns the parsed
// URL query (~/lists/define-list) into the page (ORDER BY key + a stable tiebreak, LIMIT/OFFSET,
// the total) or, for an export, into every row up to the export bound.
import { sql, type SQL } from "drizzle-orm";
import { pageBounds, type ListPage, type SortDir } from "~/lists/define-list";
import { exportTooLarge, EXPORT_MAX_ROWS } from "~/lists/export-bound.server";
import type { Executor } from "~/utils/db.server";

/**
 * A sort key's ORDER BY: expressions that all follow the chosen direction, or a function of the
 * direction for keys whose later expressions keep their own (`inst.name ${dir}, i.inspected_on desc`).
 */
export type SortOrder = SQL[] | ((dir: SQL) => SQL);

export type ListSql<Raw, Row, S extends string> = {
  /** A query answering one row `{ total }` (and any figures over all rows, handed to `onCount`). */
  count: SQL;
  /** Receives the count row, for totals computed in the same pass as the count. */
  onCount?: (row: Record<string, number>) => void;
  /** The rows in `order`, bounded by `limit` (a LIMIT/OFFSET clause, or nothing). */
  rows: (clauses: { order: SQL; limit: SQL }) => SQL;
  orderBy: Record<S, SortOrder>;
  /** Unique expression(s) ending every ORDER BY, so pages never repeat or skip a row. */
  tiebreak: SQL;
  map: (raw: Raw) => Row;
};

type Sorted<S extends string> = { sort: S; dir: SortDir };

/** ORDER BY of a whitelisted key (an unknown key cannot reach here: the definition parsed it) + the tiebreak. */
export function orderBySql<S extends string>(query: Sorted<S>, orderBy: Record<S, SortOrder>, tiebreak: SQL): SQL {
  const dir = sql.raw(query.dir === "asc" ? "asc" : "desc");
  const order = orderBy[query.sort];
  const head =
    typeof order === "function"
      ? order(dir)
      : sql.join(
          order.map((expr) => sql`${expr} ${dir}`),
          sql`, `,
        );
  return sql`${head}, ${tiebreak}`;
}

type Paged<S extends string> = Sorted<S> & { page: number; pageSize: number };

/** One page of the list: the total, then the rows of the (clamped) page. */
export async function queryListPage<Raw extends Record<string, unknown>, Row, S extends string>(
  exec: Executor,
  query: Paged<S>,
  spec: ListSql<Raw, Row, S>,
): Promise<ListPage<Row>> {
  return pageList(query, {
    count: async () => {
      const [row] = await exec.execute<Record<string, number>>(spec.count);
      spec.onCount?.(row);
      return Number(row.total);
    },
    rows: async ({ order, limit, offset }) => {
      const rows = await exec.execute<Raw>(spec.rows({ order, limit: sql`limit ${limit} offset ${offset}` }));
      return [...rows].map((raw) => spec.map(raw as Raw));
    },
    orderBy: spec.orderBy,
    tiebreak: spec.tiebreak,
  });
}

/**
 * The same for a drizzle query builder: `count` answers the total, `rows` runs the select with
 * `.orderBy(order).limit(limit).offset(offset)`.
 */
export async function pageList<Row, S extends string>(
  query: Paged<S>,
  spec: {
    count: () => Promise<number>;
    rows: (clauses: { order: SQL; limit: number; offset: number }) => Promise<Row[]>;
    orderBy: Record<S, SortOrder>;
    tiebreak: SQL;
  },
): Promise<ListPage<Row>> {
  const total = await spec.count();
  const bounds = pageBounds(total, query.page, query.pageSize);
  const rows = await spec.rows({ order: orderBySql(query, spec.orderBy, spec.tiebreak), limit: bounds.limit, offset: bounds.offset });
  return { rows, total, page: bounds.page, pageCount: bounds.pageCount };
}

/** Every row the filters select, in the list's order, for an export; over the bound: 413. */
export async function queryListAll<Raw extends Record<string, unknown>, Row, S extends string>(
  exec: Executor,
  query: Sorted<S>,
  spec: Omit<ListSql<Raw, Row, S>, "count">,
  maxRows = EXPORT_MAX_ROWS,
): Promise<Row[]> {
  const rows = await exec.execute<Raw>(
    spec.rows({ order: orderBySql(query, spec.orderBy, spec.tiebreak), limit: sql`limit ${maxRows + 1}` }),
  );
  if (rows.length > maxRows) exportTooLarge(maxRows);
  return [...rows].map((raw) => spec.map(raw as Raw));
}

/** Every row for an export from a drizzle query builder (`rows` runs it with `.orderBy(order).limit(limit)`); over the bound: 413. */
export async function listAll<Row, S extends string>(
  query: Sorted<S>,
  spec: { rows: (clauses: { order: SQL; limit: number; offset: number }) => Promise<Row[]>; orderBy: Record<S, SortOrder>; tiebreak: SQL },
  maxRows = EXPORT_MAX_ROWS,
): Promise<Row[]> {
  const rows = await spec.rows({ order: orderBySql(query, spec.orderBy, spec.tiebreak), limit: maxRows + 1, offset: 0 });
  if (rows.length > maxRows) exportTooLarge(maxRows);
  return rows;
}
