import { describe, expect, it } from "vitest";
import { checklistItemEditSchema, checklistItemNewSchema, deriveVersionSchema, draftActionSchema } from "~/schemas/checklist";

describe("checklist editor schemas", () => {
  const item = { guidance: "核对结算明细", domain: "", legalBasis: "", appliesTo: ["hospital"], isEvidenceRequired: "on" };

  it("turns form strings into typed values", () => {
    expect(checklistItemEditSchema.parse(item)).toEqual({
      guidance: "核对结算明细",
      domain: undefined,
      legalBasis: undefined,
      appliesTo: ["hospital"],
      isEvidenceRequired: true,
    });
    expect(checklistItemEditSchema.parse({ ...item, isEvidenceRequired: undefined, domain: "骨科" })).toMatchObject({
      isEvidenceRequired: false,
      domain: "骨科",
    });
  });

  it("names the field and says what is wrong, in Chinese", () => {
    const result = checklistItemNewSchema.safeParse({ ...item, section: "其他", title: "两行\n标题", appliesTo: [], domain: "眼科" });
    expect(result.success).toBe(false);
    const messages = Object.fromEntries(result.error!.issues.map((i) => [i.path.join("."), i.message]));
    expect(messages).toMatchObject({
      section: "请选择所属部分",
      title: "条目表述只能写一行",
      appliesTo: "请至少选择一种适用机构类型",
      domain: "请选择列表中的领域",
    });
    expect(deriveVersionSchema.safeParse({ docNumber: "", year: "abc" }).error!.issues.map((i) => i.message)).toEqual([
      "此项必填",
      "请填写四位年份，如 2026",
    ]);
  });

  it("accepts only the editor's known actions", () => {
    expect(draftActionSchema.safeParse({ intent: "move", itemId: "0d57fa5f-96d3-4937-84ce-ba9dd003f3dc", direction: "up" }).success).toBe(
      true,
    );
    expect(draftActionSchema.safeParse({ intent: "move", itemId: "x", direction: "up" }).success).toBe(false);
    expect(draftActionSchema.safeParse({ intent: "drop" }).success).toBe(false);
  });
});
