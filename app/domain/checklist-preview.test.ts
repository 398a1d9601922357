import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { parseOutline } from "~checklists/parse-text";
import { previewTreeSchema } from "~/schemas/checklist-import";
import {
  applyPreviewForm,
  applyPreviewOp,
  draftItemsOf,
  guessSection,
  parseIntent,
  previewFromOutline,
  revisePreview,
  splitAtFirstSentence,
  splitMarkedItems,
} from "~/domain/checklist-preview";

const META = { title: "清单", issuer: "某局", docNumber: "某〔2025〕1号", year: "2025", source: "import:paste" };
const tree = () =>
  previewFromOutline(
    parseOutline(
      [
        "一、工作目标",
        "（1）坚持……。",
        "二、定点医疗机构",
        "（1）甲；",
        "（2）乙；丙；",
        "（3）丁。",
        "三、异地就医过程中的定点医疗机构",
        "（1）戊。",
      ].join("\n"),
    ),
    META,
  );

describe("checklist preview", () => {
  it("guesses sections from headings: 异地 and 参保 before 医疗机构", () => {
    expect(guessSection("异地就医过程中容易发生的违法违规行为")).toBe("异地就医");
    expect(guessSection("检查医师及参保人员")).toBe("参保人员");
    expect(guessSection("检查定点零售药店")).toBe("定点药店");
    expect(guessSection("工作要求")).toBeNull();
  });

  it("leaves out groups that name no section when others do; notes keep the ignored text", () => {
    const t = tree();
    expect(t.groups.map((g) => [g.heading, g.isIncluded, g.section])).toEqual([
      ["工作目标", false, "定点医疗机构"],
      ["定点医疗机构", true, "定点医疗机构"],
      ["异地就医过程中的定点医疗机构", true, "异地就医"],
    ]);
    expect(previewTreeSchema.safeParse(t).success).toBe(true);
  });

  it("a whole seed notice pasted as is: only the list's five groups are imported by default", () => {
    const seeds = "checklists/fixtures/notices";
    const included = (file: string) =>
      previewFromOutline(parseOutline(fs.readFileSync(`${seeds}/${file}`, "utf8")), META)
        .groups.filter((g) => g.isIncluded)
        .map((g) => [g.section, g.items.length]);
    const five = ["定点医疗机构", "定点药店", "参保人员", "职业骗保团伙", "异地就医"];
    expect(included("002_2e573fc7f6cb747d.txt")).toEqual([26, 27, 6, 4, 5].map((n, i) => [five[i], n]));
    expect(included("000_807a57330b8cebc4.txt")).toEqual([9, 7, 4, 4, 4].map((n, i) => [five[i], n]));
  });

  it("form edits: || splits, a group's new section resets its kinds and moves its items", () => {
    const t = splitMarkedItems(
      applyPreviewForm(tree(), {
        "i.1.0.title": "甲一||甲二；",
        "g.2.section": "定点药店",
        "g.2.appliesToShown": "1",
        "g.2.appliesTo": [...tree().groups[2].appliesTo],
      }),
    );
    expect(t.groups[1].items.map((i) => i.title)).toEqual(["甲一", "甲二", "乙；丙", "丁"]);
    expect(t.groups[2]).toMatchObject({ section: "定点药店", appliesTo: ["pharmacy"], isSectionGuessed: false });
    expect(t.groups[2].items[0].section).toBe("定点药店");
  });

  it("an operation applies to the item the page showed, even when an earlier item is split with || in the same post", () => {
    const removed = revisePreview(tree(), { "i.1.0.title": "甲一||甲二" }, { op: "remove", group: 1, item: 2 });
    expect(removed.tree.groups[1].items.map((i) => i.title)).toEqual(["甲一", "甲二", "乙；丙"]);
    const split = revisePreview(tree(), { "i.1.1.title": "乙||丙" }, { op: "split", group: 1, item: 1 });
    expect(split.ok).toBe(true);
    expect(split.tree.groups[1].items.map((i) => i.title)).toEqual(["甲", "乙", "丙", "丁"]);
  });

  it("merge, split at the first sentence, remove, and the errors when they cannot apply", () => {
    const t = tree();
    expect(applyPreviewOp(t, { op: "merge", group: 1, item: 0 }).ok).toBe(false);
    const merged = applyPreviewOp(t, { op: "merge", group: 1, item: 1 });
    expect(merged.tree.groups[1].items.map((i) => i.title)).toEqual(["甲；乙；丙", "丁"]);
    const split = applyPreviewOp(t, { op: "split", group: 1, item: 1 });
    expect(split.tree.groups[1].items.map((i) => i.title)).toEqual(["甲", "乙", "丙", "丁"]);
    expect(applyPreviewOp(t, { op: "split", group: 1, item: 0 }).ok).toBe(false);
    const removed = applyPreviewOp(t, { op: "remove", group: 2, item: 0 });
    expect(removed.tree.groups).toHaveLength(2); // an emptied group goes
    expect(splitAtFirstSentence("甲。")).toBeNull();
    expect(parseIntent("merge:1:2")).toEqual({ op: "merge", group: 1, item: 2 });
    expect(parseIntent("merge:1")).toBeNull();
    expect(parseIntent("drop table")).toBeNull();
  });

  it("numbers included items per section in preview order", () => {
    const t = applyPreviewForm(tree(), { "i.1.2.section": "参保人员" });
    const draft = draftItemsOf(t);
    expect(draft.ok && draft.items.map((i) => [i.code, i.position, i.isEvidenceRequired])).toEqual([
      ["MI-01", 1, true],
      ["MI-02", 2, true],
      ["IN-01", 3, false],
      ["XD-01", 4, false],
    ]);
  });
});
