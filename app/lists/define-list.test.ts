// URL → typed list query: a bad or foreign value falls back to its default, sort keys are a whitelist.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { defineList, listFilter, MAX_PAGE, pageBounds, pageOfRows } from "~/lists/define-list";
import { orderBySql } from "~/lists/list-query.server";
import { inspectionsList } from "~/lists/inspections";

const list = defineList({
  filters: { region: listFilter.regionCode(), kind: listFilter.oneOf(["clinic", "pharmacy"]), q: listFilter.text(10) },
  sort: { keys: { name: "asc", amount: "desc" }, default: "amount" },
  pageSize: 20,
  rowKey: (row: { id: string }) => row.id,
  empty: "common.all",
  columns: [],
});

const parse = (query: string) => list.parse(new URLSearchParams(query));

describe("list URL parsing", () => {
  it("reads good values", () => {
    expect(parse("region=420102&kind=clinic&q=%20仁和%20&sort=name&dir=desc&page=3")).toEqual({
      region: "420102",
      kind: "clinic",
      q: "仁和",
      sort: "name",
      dir: "desc",
      page: 3,
      pageSize: 20,
    });
  });

  it("gives the defaults for an empty query: the default sort in its own direction, page 1", () => {
    expect(parse("")).toEqual({ sort: "amount", dir: "desc", page: 1, pageSize: 20 });
  });

  it("a sort key without a direction sorts in that key's first direction", () => {
    expect(parse("sort=name")).toMatchObject({ sort: "name", dir: "asc" });
  });

  it("drops each bad value on its own and keeps the good ones (never throws)", () => {
    expect(parse("region=42&kind=hospital' or 1=1&q=" + "长".repeat(11) + "&page=-2&dir=sideways&sort=amount")).toEqual({
      sort: "amount",
      dir: "desc",
      page: 1,
      pageSize: 20,
    });
    expect(parse("page=abc")).toMatchObject({ page: 1 });
    expect(parse("page=2.5")).toMatchObject({ page: 1 });
    expect(parse(`page=${MAX_PAGE + 1}`)).toMatchObject({ page: 1 });
    expect(parse("region=420102&region=999999")).toMatchObject({ region: "999999" });
  });

  it("refuses a sort key outside the whitelist (SQL, a column name, a prototype key) for the default", () => {
    for (const sort of ["name desc; drop table users", "password_hash", "__proto__", "constructor", "toString", "NAME"]) {
      expect(parse(`sort=${encodeURIComponent(sort)}`)).toMatchObject({ sort: "amount", dir: "desc" });
    }
  });

  it("parses a Request and a URL alike", () => {
    expect(list.parse(new Request("http://x/reg?sort=name&page=2"))).toMatchObject({ sort: "name", page: 2 });
    expect(list.parse(new URL("http://x/reg?kind=pharmacy"))).toMatchObject({ kind: "pharmacy" });
  });

  it("the inspections list keeps its URLs: ?sort=oldest, ?type=, dates", () => {
    expect(inspectionsList.parse(new URLSearchParams("sort=oldest&type=flight&from=2026-02-30&to=2026-03-01"))).toEqual({
      type: "flight",
      to: "2026-03-01",
      sort: "oldest",
      dir: "asc",
      page: 1,
      pageSize: 50,
    });
  });
});

describe("page bounds", () => {
  it("clamps a page past the end to the last page, and an empty list to page 1", () => {
    expect(pageBounds(45, 9, 20)).toEqual({ page: 3, pageCount: 3, limit: 20, offset: 40 });
    expect(pageBounds(0, 4, 20)).toEqual({ page: 1, pageCount: 1, limit: 20, offset: 0 });
  });

  it("pages rows held in memory", () => {
    const rows = Array.from({ length: 5 }, (_, i) => i);
    expect(pageOfRows(rows, { page: 2, pageSize: 2 })).toEqual({ rows: [2, 3], total: 5, page: 2, pageCount: 3 });
  });
});

describe("ORDER BY", () => {
  const dialect = new PgDialect();
  const text = (query: ReturnType<typeof orderBySql>) => dialect.sqlToQuery(query).sql;
  const orderBy = {
    name: [sql`inst.name`, sql`i.inspected_on`],
    amount: (dir: ReturnType<typeof sql.raw>) => sql`amount ${dir}, i.day desc`,
  };

  it("gives every expression the direction, then the stable tiebreak", () => {
    expect(text(orderBySql({ sort: "name", dir: "desc" }, orderBy, sql`i.id`))).toBe("inst.name desc, i.inspected_on desc, i.id");
    expect(text(orderBySql({ sort: "amount", dir: "asc" }, orderBy, sql`i.id`))).toBe("amount asc, i.day desc, i.id");
  });

  it("writes only asc or desc, whatever the direction says", () => {
    expect(text(orderBySql({ sort: "name", dir: "desc; drop table x" as "desc" }, orderBy, sql`i.id`))).toBe(
      "inst.name desc, i.inspected_on desc, i.id",
    );
  });
});
