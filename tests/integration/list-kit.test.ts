// A list page's loader and export through the list kit (~/lists): tenancy (another region's
// regulator sees nothing of this one), sort, filter and paging giving the right rows, and the
// export bound (413 in Chinese, no workbook).
import { sql } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { EXPORT_MAX_ROWS } from "~/lists/export-bound.server";
import * as listRoute from "~/routes/reg.inspections._index";
import * as exportRoute from "~/routes/reg.inspections.export";
import * as accountsExportRoute from "~/routes/reg.institutions.accounts[.]xlsx";
import { scenario } from "../e2e/scenario";
import { createInstitution, createUser } from "../factories";
import { callLoader } from "../helpers";

type Row = { institutionName: string; inspectedOn: string; type: string };

let w: Awaited<ReturnType<typeof setup>>;

/** 南阳市 (city), 卧龙区 and 宛城区 under it, and 乌审旗 elsewhere; inspections inserted set-based. */
async function setup() {
  const s = await scenario();
  const wolong = await createUser(db, "regulator", { regionCode: "411303", name: "卧龙区稽核" });
  const wushen = await createUser(db, "regulator", { regionCode: "150626", name: "乌审旗稽核" });
  const wushenHospital = await createInstitution(db, { regionCode: "150626", name: "乌审旗测试医院" });
  return { ...s, city: s.regulator, wolong, wushen, wushenHospital };
}

/** `count` inspections of an institution, one a day from `firstDay`, types in turn flight / cross / on_site. */
async function insertInspections(institutionName: string, count: number, firstDay = "2026-01-01", createdBy = w.city.id) {
  await db.execute(sql`
    insert into inspections (institution_id, region_code, recorded_by_region_code, type, inspected_on, inspector_names, created_by)
    select i.id, i.region_code, i.region_code, (array['flight', 'cross', 'on_site'])[1 + n % 3], ${firstDay}::date + n, '张稽核', ${createdBy}
    from institutions i, generate_series(0, ${count - 1}) n where i.name = ${institutionName}`);
}

async function listed(user: { id: string }, query = "") {
  const result = await callLoader(listRoute.loader, `/reg/inspections${query}`, { user });
  expect(result.status).toBe(200);
  return result.data.list as { rows: Row[]; total: number; page: number; pageCount: number };
}

beforeEach(async () => {
  w = await setup();
});

describe("a list page through the kit", () => {
  it("shows a regulator its own subtree only: another region's regulator sees nothing of it, whatever the URL says", async () => {
    await insertInspections("南阳卧龙仁和医院", 3);
    await insertInspections("乌审旗测试医院", 2, "2026-01-01", w.wushen.id);
    expect((await listed(w.city)).total).toBe(3);
    expect((await listed(w.wolong)).rows.map((r) => r.institutionName)).toEqual(Array(3).fill("南阳卧龙仁和医院"));
    const foreign = await listed(w.wushen, "?region=411303&q=仁和");
    expect(foreign.rows.map((r) => r.institutionName)).toEqual([]);
    expect((await listed(w.wushen)).rows.map((r) => r.institutionName)).toEqual(Array(2).fill("乌审旗测试医院"));
    // The export follows the same scope.
    const exported = await callLoader(exportRoute.loader, "/reg/inspections/export?region=411303", { user: w.wushen });
    expect(exported.status).toBe(200);
    expect(exported.headers.get("Content-Disposition")).toContain(".xlsx");
  });

  it("sorts by a whitelisted key in either direction with a stable order, filters, and pages", async () => {
    await insertInspections("南阳卧龙仁和医院", 60, "2026-01-01");
    await insertInspections("南阳宛城康宁医院", 5, "2026-06-01");
    const first = await listed(w.city);
    expect(first).toMatchObject({ total: 65, page: 1, pageCount: 2 });
    expect(first.rows).toHaveLength(50);
    expect(first.rows[0].inspectedOn).toBe("2026-06-05");
    const second = await listed(w.city, "?page=2");
    expect(second.rows).toHaveLength(15);
    expect(second.rows.at(-1)!.inspectedOn).toBe("2026-01-01");
    // Reversed by the header link's dir, and by the named order.
    expect((await listed(w.city, "?sort=newest&dir=asc")).rows[0].inspectedOn).toBe("2026-01-01");
    expect((await listed(w.city, "?sort=oldest")).rows[0].inspectedOn).toBe("2026-01-01");
    const byName = (await listed(w.city, "?sort=institution")).rows.map((r) => r.institutionName);
    expect(byName.slice(0, 5)).toEqual(Array(5).fill("南阳卧龙仁和医院"));
    // Filters: region, type, dates, text; a page past the end shows the last one.
    expect((await listed(w.city, "?region=411302")).total).toBe(5);
    const flights = await listed(w.city, "?type=flight&from=2026-01-01&to=2026-01-10");
    expect(flights.rows.map((r) => r.inspectedOn)).toEqual(["2026-01-10", "2026-01-07", "2026-01-04", "2026-01-01"]);
    expect(flights.rows.every((r) => r.type === "flight")).toBe(true);
    expect((await listed(w.city, "?q=康宁&page=7")).rows.map((r) => r.inspectedOn)).toEqual([
      "2026-06-05",
      "2026-06-04",
      "2026-06-03",
      "2026-06-02",
      "2026-06-01",
    ]);
    // A sort key outside the whitelist and malformed values fall back to the defaults, never a 500.
    const bad = await listed(w.city, "?sort=inspector_names&dir=up&page=-1&type=x&from=2026-13-40");
    expect(bad).toMatchObject({ total: 65, page: 1 });
    expect(bad.rows[0].inspectedOn).toBe("2026-06-05");
  });

  it("refuses an export over the bound with a 413 and a Chinese message, and exports at the bound", async () => {
    await insertInspections("南阳卧龙仁和医院", EXPORT_MAX_ROWS + 1);
    const over = await callLoader(exportRoute.loader, "/reg/inspections/export", { user: w.city });
    expect(over.status).toBe(413);
    expect(over.headers.get("Content-Type")).toContain("text/plain");
    expect(over.data).toContain(`导出的数据超过 ${EXPORT_MAX_ROWS.toLocaleString("zh-CN")} 行`);
    // The same filter narrowed to a bounded range exports.
    const narrowed = await callLoader(exportRoute.loader, "/reg/inspections/export?to=2026-01-31", { user: w.city });
    expect(narrowed.status).toBe(200);
    expect(narrowed.headers.get("Content-Type")).toContain("spreadsheetml");
  });

  it("bounds the officer accounts export the same way (the kit's one export path)", async () => {
    await db.execute(sql`
      insert into users (email, name, role, institution_id)
      select 'officer' || n || '@list-kit.test', '管理员' || n, 'officer', i.id
      from institutions i, generate_series(1, ${EXPORT_MAX_ROWS + 1}) n where i.name = '南阳宛城康宁医院'`);
    const over = await callLoader(accountsExportRoute.loader, "/reg/institutions/accounts.xlsx", { user: w.city });
    expect(over.status).toBe(413);
    const scoped = await callLoader(accountsExportRoute.loader, "/reg/institutions/accounts.xlsx?q=王晓明", { user: w.city });
    expect(scoped.status).toBe(200);
  });
});
