import { describe, expect, it } from "vitest";
import * as listRoute from "~/routes/reg.institutions._index";
import * as newRoute from "~/routes/reg.institutions.new";
import { db } from "~/utils/db.server";
import { createInstitution, createUser, makeCreditCode } from "../factories";
import { callAction, callLoader } from "../helpers";

const form = {
  name: "卧龙新开诊所",
  kind: "other",
  grade: "ungraded",
  ownership: "private",
  regionCode: "411303",
  nhsaCode: "h41130399001",
  creditCode: makeCreditCode("411303", 99001, true),
  contactName: "赵医生",
  contactPhone: "0377-0000000",
};

describe("registering an institution", () => {
  it("a county regulator adds one in its county; codes are normalised to capitals", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411303" });
    const result = await callAction(newRoute.action, "/reg/institutions/new", { user: regulator, form });
    expect(result.status).toBe(302);
    const list = await callLoader(listRoute.loader, "/reg/institutions?q=新开", { user: regulator });
    expect(list.data.list.rows).toEqual([
      expect.objectContaining({ name: "卧龙新开诊所", nhsaCode: "H41130399001", regionName: "卧龙区" }),
    ]);
  });

  it.each([
    [
      { creditCode: form.creditCode.slice(0, 17) + (form.creditCode[17] === "0" ? "1" : "0") },
      "creditCode",
      "统一社会信用代码校验位不正确，请核对",
    ],
    [{ nhsaCode: "H41130299001" }, "nhsaCode", "医保定点机构编码第 2–7 位应与所在地区代码一致"],
    [{ nhsaCode: "P41130399001" }, "nhsaCode", "医疗机构编码以 H 开头，零售药店以 P 开头"],
    [{ nhsaCode: "H4113" }, "nhsaCode", "医保定点机构编码应为 H 或 P 开头加 11 位数字，如 H41130300012"],
    [{ name: "" }, "name", "此项必填"],
    [{ regionCode: "411302", nhsaCode: "H41130299001" }, "regionCode", "所选地区不在您的辖区内"],
  ])("%j is refused with a message on %s", async (change, field, message) => {
    const regulator = await createUser(db, "regulator", { regionCode: "411303" });
    const result = await callAction(newRoute.action, "/x", { user: regulator, form: { ...form, ...change } });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors[field]).toBe(message);
  });

  it("a code already registered is named, not a crash", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300" });
    const existing = await createInstitution(db, { regionCode: "411303", kind: "other", serial: 99001 });
    const result = await callAction(newRoute.action, "/x", { user: regulator, form: { ...form, creditCode: existing.creditCode } });
    expect(result.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({ nhsaCode: "该医保定点机构编码已登记", creditCode: "该统一社会信用代码已登记" });
  });

  it("the roster shows the regulator's subtree only, and institution users are refused", async () => {
    await createInstitution(db, { regionCode: "411303", name: "卧龙医院" });
    await createInstitution(db, { regionCode: "411302", name: "宛城医院" });
    await createInstitution(db, { regionCode: "150626", name: "乌审医院" });
    const names = async (regionCode: string, query = "") => {
      const user = await createUser(db, "regulator", { regionCode });
      return (await callLoader(listRoute.loader, `/reg/institutions${query}`, { user })).data.list.rows
        .map((r: { name: string }) => r.name)
        .sort();
    };
    expect(await names("411300")).toEqual(["卧龙医院", "宛城医院"]);
    expect(await names("411303")).toEqual(["卧龙医院"]);
    expect(await names("411303", "?region=411302")).toEqual(["卧龙医院"]);
    expect(await names("150000")).toEqual(["乌审医院"]);
    const institution = await createInstitution(db);
    const officer = await createUser(db, "officer", { institutionId: institution.id });
    expect((await callLoader(listRoute.loader, "/x", { user: officer })).status).toBe(403);
    expect((await callAction(newRoute.action, "/x", { user: officer, form })).status).toBe(403);
  });
});
