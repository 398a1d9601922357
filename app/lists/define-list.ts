// The list kit (台账 pages): one typed definition per table says which columns it shows (and how
// each cell renders), which URL filters it takes (zod), which sort keys it allows, how large a page
// is and which columns its .xlsx export writes. The same definition parses the URL on the server
// (a bad or foreign value falls back to the default, never a 500), renders the table
// (~/components/data-table) and writes the export (~/lists/export.server). The SQL stays in the
// model, which gets the parsed query and turns it into a page with ~/lists/list-query.server.
import type { ReactNode } from "react";
import { z } from "zod";
import type { MessageKey } from "~/utils/i18n";

export type SortDir = "asc" | "desc";

/** The largest page number a URL may ask for; anything above is treated as "the last page". */
export const MAX_PAGE = 100_000;

export type ListColumn<Row> = {
  key: string;
  /** Chinese header through t(). */
  header: MessageKey;
  /** The sort key this column's header sorts by (a link with aria-sort); none: not sortable. */
  sort?: string;
  /** Right-aligned numbers. */
  numeric?: boolean;
  /** The cell that names the row (shown first and bold in the stacked phone layout). */
  main?: boolean;
  className?: string;
  /** The header is read out but not shown (a column of row buttons). */
  isHeaderHidden?: boolean;
  cell: (row: Row) => ReactNode;
};

export type ExportCell = string | number | null;

/** Number formats of export cells. */
export const MONEY_FORMAT = "#,##0.00";
export const PERCENT_FORMAT = "0.0%";

/** Fen as yuan for a money cell of an export (MONEY_FORMAT). */
export const yuan = (fen: number) => fen / 100;

export type ExportColumn<Row> = {
  header: MessageKey;
  width: number;
  numFmt?: string;
  value: (row: Row) => ExportCell;
  /** A value for the totals row under the data; a totals row is written when any column has one. */
  total?: (rows: Row[]) => ExportCell;
};

export type ListExport<Row> = {
  sheet: MessageKey;
  /** File name from its message, given { date } (today in Beijing). */
  fileName: MessageKey;
  columns: ExportColumn<Row>[];
};

type SortSpec<S extends string> = {
  /** Each allowed key with the direction a first click (or a bare ?sort=key) sorts in. */
  keys: Record<S, SortDir>;
  default: NoInfer<S>;
};

export type ListSpec<Row, F extends z.ZodRawShape, S extends string> = {
  /** Each filter's zod type; it must not throw (`.optional().catch(undefined)`). */
  filters: F;
  sort: SortSpec<S>;
  pageSize: number;
  rowKey: (row: Row) => string;
  columns: ListColumn<Row>[];
  /** The empty state's text. */
  empty: MessageKey;
  export?: ListExport<Row>;
};

/** What the server gets from a URL: the filters, a whitelisted sort and direction, the page. */
export type ListQuery<F extends z.ZodRawShape = z.ZodRawShape, S extends string = string> = z.output<z.ZodObject<F>> & {
  sort: S;
  dir: SortDir;
  page: number;
  pageSize: number;
};

export type ListPage<Row> = { rows: Row[]; total: number; page: number; pageCount: number };

export type ListDefinition<Row, F extends z.ZodRawShape, S extends string> = ListSpec<Row, F, S> & {
  sortKeys: S[];
  /** URL → typed query; never throws. */
  parse: (input: Request | URL | URLSearchParams) => ListQuery<F, S>;
};

function searchParamsOf(input: Request | URL | URLSearchParams): URLSearchParams {
  if (input instanceof URLSearchParams) return input;
  if (input instanceof URL) return input.searchParams;
  return new URL(input.url).searchParams;
}

export function defineList<Row, F extends z.ZodRawShape, S extends string>(spec: ListSpec<Row, F, S>): ListDefinition<Row, F, S> {
  const sortKeys = Object.keys(spec.sort.keys) as S[];
  const paging = z.object({
    sort: z
      .string()
      .refine((s): s is S => sortKeys.includes(s as S))
      .catch(spec.sort.default),
    dir: z.enum(["asc", "desc"]).optional().catch(undefined),
    page: z.coerce.number().int().min(1).max(MAX_PAGE).catch(1),
  });
  return {
    ...spec,
    sortKeys,
    parse(input) {
      const raw = Object.fromEntries(searchParamsOf(input));
      // Each filter on its own: one malformed value drops that filter only.
      const parsedFilters: Record<string, unknown> = {};
      for (const [name, type] of Object.entries(spec.filters)) {
        const parsed = (type as z.ZodType).safeParse(raw[name]);
        if (parsed.success && parsed.data !== undefined) parsedFilters[name] = parsed.data;
      }
      const { sort, dir, page } = paging.parse({ sort: raw.sort ?? spec.sort.default, dir: raw.dir, page: raw.page ?? 1 });
      return {
        ...parsedFilters,
        sort: sort as S,
        dir: dir ?? spec.sort.keys[sort as S],
        page,
        pageSize: spec.pageSize,
      } as ListQuery<F, S>;
    },
  };
}

/**
 * A table shown whole (a panel on a page, no URL filters, sorting or paging), rendered by the same
 * DataTable. Without `empty` an empty list still shows its (empty) table.
 */
export type TableDefinition<Row> = {
  rowKey: (row: Row) => string;
  columns: ListColumn<Row>[];
  empty?: MessageKey;
  sort: SortSpec<string>;
};

export function defineTable<Row>(spec: Omit<TableDefinition<Row>, "sort">): TableDefinition<Row> {
  return { ...spec, sort: { keys: {}, default: "" } };
}

/** Page bounds for `total` rows: a page past the end shows the last one. */
export function pageBounds(total: number, requestedPage: number, pageSize: number) {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.trunc(requestedPage) || 1), pageCount);
  return { page, pageCount, limit: pageSize, offset: (page - 1) * pageSize };
}

/** One page of rows already in memory (lists computed from rollups), in the query's page bounds. */
export function pageOfRows<Row>(rows: Row[], query: { page: number; pageSize: number }): ListPage<Row> {
  const bounds = pageBounds(rows.length, query.page, query.pageSize);
  return {
    rows: rows.slice(bounds.offset, bounds.offset + bounds.limit),
    total: rows.length,
    page: bounds.page,
    pageCount: bounds.pageCount,
  };
}

/** Filter fields several lists share; each ignores a malformed value instead of failing. */
export const listFilter = {
  regionCode: () =>
    z
      .string()
      .regex(/^\d{6}$/)
      .optional()
      .catch(undefined),
  text: (max = 50) =>
    z
      .string()
      .trim()
      .max(max)
      .transform((v) => v || undefined)
      .optional()
      .catch(undefined),
  oneOf: <const T extends readonly [string, ...string[]]>(values: T) => z.enum(values).optional().catch(undefined),
};
