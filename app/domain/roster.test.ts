import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "~/domain/codes";
import {
  isPhoneValid,
  mapHeader,
  normalizeHeader,
  validateRosterRows,
  type RawRosterRow,
  type RegisteredInstitution,
  type RosterContext,
} from "~/domain/roster";

const credit = (serial: number) => {
  const first17 = `12411303${String(serial).padStart(9, "0")}`;
  return first17 + creditCodeCheckChar(first17);
};

const baseValues = (n: number) => ({
  name: `卧龙测试医院${n}`,
  kind: "医院",
  grade: "二级",
  ownership: "公立",
  regionCode: "411303",
  nhsaCode: `H411303${String(n).padStart(5, "0")}`,
  creditCode: credit(n),
  contactName: "王晓明",
  contactPhone: "13800138000",
  contactEmail: `h${n}@example.test`,
});

const row = (n: number, overrides: Partial<ReturnType<typeof baseValues>> = {}): RawRosterRow => ({
  row: n + 1,
  values: { ...baseValues(n), ...overrides },
});

const ctx = (o: Partial<RosterContext> = {}): RosterContext => ({
  // 南阳市 subtree is the scope; 东西湖区 exists but lies outside.
  regions: new Map([
    ["411300", true],
    ["411303", true],
    ["411302", true],
    ["420112", false],
  ]),
  registered: [],
  takenEmails: new Set(),
  ...o,
});

/** The problems of one validated row as "column: message". */
const problemsOf = (raw: RawRosterRow[], context = ctx(), index = 0) =>
  validateRosterRows(raw, context)[index].problems.map((p) => `${p.column}: ${p.message}`);

describe("roster header", () => {
  it("maps the template's Chinese column names, tolerating marks and notes", () => {
    expect(normalizeHeader(" 机构名称* ")).toBe("机构名称");
    expect(normalizeHeader("电子邮箱（必填）")).toBe("电子邮箱");
    const { positions, missing } = mapHeader([
      "机构名称",
      "机构类别",
      "医院等级",
      "经营性质",
      "行政区划代码",
      "医保定点编码",
      "统一社会信用代码",
      "联系人",
      "联系电话",
    ]);
    expect(positions.name).toBe(0);
    expect(missing).toEqual(["contactEmail"]);
  });
});

describe("roster row validation: each bad-row reason", () => {
  it("a clean row is new, with its normalized data", () => {
    const [r] = validateRosterRows([row(1, { contactEmail: " H1@Example.TEST ", nhsaCode: "h41130300001" })], ctx());
    expect(r.problems).toEqual([]);
    expect(r.outcome).toBe("new");
    expect(r.data).toMatchObject({
      kind: "hospital",
      grade: "secondary",
      ownership: "public",
      contactEmail: "h1@example.test",
      nhsaCode: "H41130300001",
    });
  });

  it("missing required fields", () => {
    expect(problemsOf([row(1, { name: "", contactEmail: " " })])).toEqual(["name: 此项必填", "contactEmail: 此项必填"]);
    expect(validateRosterRows([row(1, { name: "" })], ctx())[0].outcome).toBe("invalid");
  });

  it("a wrong credit code check character", () => {
    const good = credit(1);
    const bad = good.slice(0, 17) + (good[17] === "0" ? "1" : "0");
    expect(problemsOf([row(1, { creditCode: bad })])).toEqual(["creditCode: 统一社会信用代码校验位不正确，请核对"]);
    expect(problemsOf([row(1, { creditCode: "12345" })])).toEqual(["creditCode: 统一社会信用代码应为 18 位"]);
  });

  it("an NHSA code of the wrong shape", () => {
    expect(problemsOf([row(1, { nhsaCode: "X4113030001" })])).toEqual([
      "nhsaCode: 医保定点机构编码应为 H 或 P 开头加 11 位数字，如 H41130300012",
    ]);
  });

  it("an NHSA prefix that does not match the kind (P for pharmacies only)", () => {
    expect(problemsOf([row(1, { kind: "零售药店" })])).toEqual(["nhsaCode: 医疗机构编码以 H 开头，零售药店以 P 开头"]);
    expect(problemsOf([row(1, { kind: "零售药店", nhsaCode: "P41130300001" })])).toEqual([]);
  });

  it("an NHSA code whose region part differs from the region code", () => {
    expect(problemsOf([row(1, { regionCode: "411302" })])).toEqual(["nhsaCode: 医保定点机构编码第 2–7 位应与所在地区代码一致"]);
  });

  it("a region outside the regulator's subtree", () => {
    expect(problemsOf([row(1, { regionCode: "420112", nhsaCode: "H42011200001" })])).toEqual(["regionCode: 该地区不在本局辖区内"]);
  });

  it("an unknown or malformed region code", () => {
    expect(problemsOf([row(1, { regionCode: "419999", nhsaCode: "H41999900001" })])).toEqual(["regionCode: 行政区划代码不存在"]);
    expect(problemsOf([row(1, { regionCode: "4113" })])[0]).toBe("regionCode: 行政区划代码应为 6 位数字");
  });

  it("kind, grade and ownership labels it cannot read", () => {
    expect(problemsOf([row(1, { kind: "诊所" })])[0]).toMatch(/^kind: 机构类别无法识别（可填：医院、基层医疗机构/);
    expect(problemsOf([row(1, { grade: "特级" })])).toEqual(["grade: 医院等级无法识别（可填：三级、二级、一级、未定级）"]);
    expect(problemsOf([row(1, { ownership: "合资" })])).toEqual(["ownership: 经营性质无法识别（可填：公立、民营）"]);
  });

  it("accepts the codes, common aliases, graded levels and a blank grade", () => {
    const [a, b, c] = validateRosterRows(
      [
        row(1, { kind: "hospital", grade: "三级甲等" }),
        row(2, { kind: "卫生院", grade: "", ownership: "民营" }),
        row(3, { kind: "药店", nhsaCode: "P41130300003" }),
      ],
      ctx(),
    );
    expect(a.data).toMatchObject({ kind: "hospital", grade: "tertiary" });
    expect(b.data).toMatchObject({ kind: "primary_care", grade: "ungraded", ownership: "private" });
    expect(c.data).toMatchObject({ kind: "pharmacy" });
  });

  it("a bad e-mail and a bad phone", () => {
    expect(problemsOf([row(1, { contactEmail: "wang@" })])).toEqual(["contactEmail: 电子邮箱格式不正确"]);
    expect(problemsOf([row(1, { contactPhone: "12345" })])).toEqual(["contactPhone: 联系电话格式不正确（手机号 11 位，或区号-号码）"]);
    expect(["13800138000", "0377-63123456", "037763123456", "+86 138 0013 8000", "0377-63123456-801"].every(isPhoneValid)).toBe(true);
    expect(problemsOf([row(1, { contactPhone: "" })])).toEqual([]); // optional
  });

  it("duplicates within the file: every row of the group names the others", () => {
    const rows = validateRosterRows(
      [row(1), row(2, { creditCode: credit(1) }), row(3, { contactEmail: "h1@example.test" }), row(4)],
      ctx(),
    );
    expect(rows[0].problems.map((p) => `${p.column}: ${p.message}`)).toEqual(["creditCode: 与第 3 行重复", "contactEmail: 与第 4 行重复"]);
    expect(rows[1].problems.map((p) => p.column)).toEqual(["creditCode"]);
    expect(rows[2].problems.map((p) => p.column)).toEqual(["contactEmail"]);
    expect(rows[3].outcome).toBe("new");
  });

  it("clashes with the database: a code used by another institution, a taken e-mail", () => {
    const registered: RegisteredInstitution = {
      id: "a",
      ...baseValues(1),
      kind: "hospital",
      grade: "secondary",
      ownership: "public",
    };
    const context = ctx({ registered: [registered], takenEmails: new Set(["taken@example.test"]) });
    expect(problemsOf([row(2, { creditCode: credit(1) })], context)).toEqual(["creditCode: 该统一社会信用代码已被另一家已登记机构使用"]);
    expect(problemsOf([row(2, { nhsaCode: "H41130300001" })], context)).toEqual(["nhsaCode: 该医保定点编码已被另一家已登记机构使用"]);
    expect(problemsOf([row(2, { contactEmail: "taken@example.test" })], context)).toEqual(["contactEmail: 该电子邮箱已有平台账号"]);
  });

  it("a registered institution: same data is unchanged, different data names the column", () => {
    const registered: RegisteredInstitution = { id: "a", ...baseValues(1), kind: "hospital", grade: "secondary", ownership: "public" };
    const context = ctx({ registered: [registered], takenEmails: new Set([registered.contactEmail!]) });
    const [same] = validateRosterRows([row(1)], context);
    expect(same.outcome).toBe("unchanged");
    expect(same.institutionId).toBe("a");
    expect(problemsOf([row(1, { name: "改了名字的医院" })], context)).toEqual([
      "name: 该机构已登记，此项与已登记信息不一致（名单导入不修改已登记信息）",
    ]);
  });
});
