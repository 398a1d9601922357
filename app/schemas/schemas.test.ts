import { describe, expect, it } from "vitest";
import { fieldErrorsOf } from "~/utils/forms";
import { answerSchema } from "~/schemas/answer";
import { loginSchema } from "~/schemas/auth";
import { campaignSchema } from "~/schemas/campaign";
import { institutionSchema } from "~/schemas/institution";
import { submitSchema } from "~/schemas/submission";

function errorsOf(schema: { safeParse: (v: unknown) => { success: boolean; error?: any } }, value: unknown) {
  const result = schema.safeParse(value);
  return result.success ? {} : fieldErrorsOf(result.error);
}

const validInstitution = {
  name: "南阳卧龙仁和医院",
  kind: "hospital",
  grade: "secondary",
  ownership: "private",
  regionCode: "411303",
  nhsaCode: "H41130300012",
  creditCode: "91350100M000100Y43",
};

describe("institution", () => {
  it("accepts a valid institution", () => {
    expect(errorsOf(institutionSchema, validInstitution)).toEqual({});
  });
  it("names a wrong credit code check character", () => {
    expect(errorsOf(institutionSchema, { ...validInstitution, creditCode: "91350100M000100Y44" })).toEqual({
      creditCode: "统一社会信用代码校验位不正确，请核对",
    });
  });
  it("names a short credit code and a forbidden letter", () => {
    expect(errorsOf(institutionSchema, { ...validInstitution, creditCode: "9135" }).creditCode).toBe("统一社会信用代码应为 18 位");
    expect(errorsOf(institutionSchema, { ...validInstitution, creditCode: "91350100M0001O0Y43" }).creditCode).toContain("无效字符");
  });
  it("checks the NHSA code's shape, its H/P prefix and its region", () => {
    expect(errorsOf(institutionSchema, { ...validInstitution, nhsaCode: "H4113" }).nhsaCode).toContain("H 或 P 开头");
    expect(errorsOf(institutionSchema, { ...validInstitution, kind: "pharmacy" }).nhsaCode).toBe(
      "医疗机构编码以 H 开头，零售药店以 P 开头",
    );
    expect(errorsOf(institutionSchema, { ...validInstitution, regionCode: "411302" }).nhsaCode).toBe(
      "医保定点机构编码第 2–7 位应与所在地区代码一致",
    );
  });
  it("reports every missing field", () => {
    const errors = errorsOf(institutionSchema, {});
    expect(Object.keys(errors).sort()).toEqual(["creditCode", "grade", "kind", "name", "nhsaCode", "ownership", "regionCode"]);
    expect(errors.name).toBe("此项必填");
  });
});

const problem = {
  answer: "problem_found",
  lockVersion: "0",
  description: "超标准收费",
  caseCount: "3",
  amountInvolvedFen: "4860.50",
  refundedFen: "4860.5",
  rectificationPlan: "退回并整改",
  responsiblePerson: "医保办主任",
  rectificationDueOn: "2026-12-31",
  rectificationStatus: "in_progress",
  rectifiedOn: "",
};

describe("answer", () => {
  it("turns yuan into exact fen", () => {
    const result = answerSchema.parse(problem);
    expect(result).toMatchObject({ amountInvolvedFen: 486050, refundedFen: 486050, caseCount: 3 });
  });
  it("needs no details when there is no problem", () => {
    expect(answerSchema.parse({ answer: "no_problem" })).toEqual({ answer: "no_problem", lockVersion: 0 });
  });
  it("asks for a conclusion", () => {
    expect(errorsOf(answerSchema, {})).toEqual({ answer: "请选择自查结论" });
  });
  it.each([
    ["amountInvolvedFen", "-5", "金额不能为负数"],
    ["amountInvolvedFen", "1.005", "金额最多两位小数（精确到分）"],
    ["amountInvolvedFen", "20000000000", "金额过大（单项不超过 10 亿元），请核对"],
    ["amountInvolvedFen", "一百", "请填写金额，如 1234.56"],
    ["caseCount", "2.5", "请填写不小于 0 的整数"],
    ["caseCount", "", "此项必填"],
    ["rectificationDueOn", "2026-02-30", "请填写有效日期（年-月-日）"],
    ["description", "  ", "此项必填"],
  ])("%s = %j → %s", (field, value, message) => {
    expect(errorsOf(answerSchema, { ...problem, [field]: value })[field]).toBe(message);
  });
  it("refund cannot exceed the amount involved", () => {
    expect(errorsOf(answerSchema, { ...problem, refundedFen: "5000" })).toEqual({ refundedFen: "主动退回金额不能超过涉及金额" });
  });
  it("a rectified problem needs its completion date", () => {
    expect(errorsOf(answerSchema, { ...problem, rectificationStatus: "rectified" })).toEqual({ rectifiedOn: "已整改的请填写完成日期" });
  });
});

describe("campaign", () => {
  const campaign = {
    title: "2026年自查自纠",
    checklistVersionId: "7f1c7a5e-2c7e-4a8a-9d53-2b8d9d6f0a11",
    targetRegionCode: "411300",
    targetKinds: ["hospital"],
    reviewPeriodStart: "2021-05-01",
    selfCheckDueOn: "2026-12-31",
    rectificationDueOn: "2027-03-31",
  };
  it("accepts a complete campaign", () => {
    expect(errorsOf(campaignSchema, campaign)).toEqual({});
  });
  it("keeps the rectification due date after the self-check due date", () => {
    expect(errorsOf(campaignSchema, { ...campaign, rectificationDueOn: "2026-12-01" })).toEqual({
      rectificationDueOn: "整改截止日期不能早于自查截止日期",
    });
  });
  it("escalation thresholds default to 3 and 7 days and keep their order", () => {
    expect(campaignSchema.parse(campaign)).toMatchObject({ escalateCountyAfterDays: 3, escalateCityAfterDays: 7 });
    expect(errorsOf(campaignSchema, { ...campaign, escalateCountyAfterDays: "5", escalateCityAfterDays: "4" })).toEqual({
      escalateCityAfterDays: "市级督办天数不能少于县级",
    });
    expect(errorsOf(campaignSchema, { ...campaign, escalateCountyAfterDays: "0" })).toEqual({ escalateCountyAfterDays: "至少 1 天" });
  });
  it("needs at least one institution kind and a title", () => {
    expect(errorsOf(campaignSchema, { ...campaign, targetKinds: [], title: "" })).toEqual({
      targetKinds: "请至少选择一种机构类型",
      title: "此项必填",
    });
  });
});

describe("sign-in and submission", () => {
  it("sign-in names the field", () => {
    expect(errorsOf(loginSchema, { email: "", password: "" })).toEqual({ email: "请填写登录邮箱", password: "请填写密码" });
    expect(errorsOf(loginSchema, { email: "abc", password: "x" })).toEqual({ email: "邮箱格式不正确" });
  });
  it("submission needs a signer and the commitment ticked", () => {
    expect(errorsOf(submitSchema, { signerName: "", agree: undefined })).toEqual({
      signerName: "此项必填",
      agree: "请勾选同意承诺",
    });
  });
});
