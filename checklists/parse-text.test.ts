import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseOutline } from "./parse-text";

const DIR = path.resolve(process.cwd(), "checklists");
// Exact excerpts copied from the seeds (see report): the 附件 of seed 002 (lines 83–161) and
// 附件2 "重点违法违规行为" of seed 000 (lines 305–370).
const fixture = (name: string) => fs.readFileSync(path.join(DIR, "fixtures", name), "utf8");
const yamlItems = (name: string) =>
  (parse(fs.readFileSync(path.join(DIR, "data", name), "utf8")) as { items: { section: string; title: string }[] }).items;

describe("parseOutline on seed 002 (乌审旗 负面清单 2025)", () => {
  const text = fixture("nmg-wsq-2025-negative-list.txt");
  const { sections, warnings } = parseOutline(text);

  it("finds the five sections with the documented item counts and no warnings", () => {
    expect(sections.map((s) => s.number)).toEqual(["一、", "二、", "三、", "四、", "五、"]);
    const expected: [string, number][] = [
      ["定点医疗机构", 26],
      ["定点药店", 27],
      ["参保人员", 6],
      ["职业骗保团伙", 4],
      ["异地就医", 5],
    ];
    expected.forEach(([head, count], i) => {
      expect(sections[i].heading.startsWith(head)).toBe(true);
      expect(sections[i].items).toHaveLength(count);
    });
    expect(sections[4].heading).toBe("异地就医过程中容易发生的违法违规行为");
    expect(warnings).toEqual([]);
  });

  it("yields exactly the titles of the shipped YAML, in order", () => {
    const items = yamlItems("nmg-wsq-2025-negative-list.yaml");
    const parsed = sections.flatMap((s) => s.items.map((it) => ({ section: s.heading, title: it.title })));
    expect(parsed.map((p) => p.title)).toEqual(items.map((i) => i.title));
    parsed.forEach((p, i) => expect(p.section.startsWith(items[i].section)).toBe(true));
  });

  it("joins the page-broken item 二（25） and records both source lines", () => {
    const item = sections[1].items[24];
    expect(item.number).toBe("（25）");
    expect(item.title.endsWith("不按规定提供相关材料")).toBe(true);
    const src = text.split("\n");
    expect(item.lines).toHaveLength(2);
    expect(src[item.lines[0] - 1].startsWith("（25）")).toBe(true);
    expect(src[item.lines[1] - 1]).toBe("材料；");
  });

  it("startAt skips an earlier outline in the same document", () => {
    const preamble = "一、工作目标\n坚持……\n二、基本原则\n（一）坚持零容忍。\n附件：使用医疗保障基金行为负面清单(2025年)\n";
    const withPreamble = parseOutline(preamble + text, { startAt: "附件：使用医疗保障基金行为负面清单" });
    expect(withPreamble.sections.map((s) => s.items.length)).toEqual([26, 27, 6, 4, 5]);
    // Without startAt the notice's own 一、二、 would be read as sections.
    expect(parseOutline(preamble + text).sections[0].heading).toBe("工作目标");
    expect(parseOutline(text, { startAt: /不存在的标记/g }).warnings).toEqual([
      { line: 0, message: expect.stringContaining("未找到起始标记") },
    ]);
  });
});

describe("parseOutline on seed 000 附件2 (河南 重点违法违规行为 2023)", () => {
  const { sections, warnings } = parseOutline(fixture("henan-2023-key-violations.txt"));

  it("handles ###/#### headings, '- ' bullets and a blank-line-split item", () => {
    expect(sections.map((s) => s.heading)).toEqual([
      "定点医疗机构",
      "定点药店",
      "参保人员",
      "职业骗保团伙",
      "异地就医过程中容易发生的违法违规行为",
    ]);
    expect(sections.map((s) => s.items.length)).toEqual([9, 7, 4, 4, 4]);
    expect(warnings).toEqual([]);
    const broken = sections[1].items[0];
    expect(broken.number).toBe("(1)");
    expect(broken.title.endsWith("并纳入医保基金结算")).toBe(true);
    expect(broken.lines).toEqual([17, 19]);
  });

  it("matches the titles of the shipped YAML", () => {
    const titles = sections.flatMap((s) => s.items.map((it) => it.title));
    expect(titles).toEqual(yamlItems("henan-2023-key-violations.yaml").map((i) => i.title));
  });
});

describe("parseOutline on messy input", () => {
  it("mixes bracket widths, drops page numbers/blank lines/form feeds, joins broken lines, keeps sub-points", () => {
    const text = [
      "关于……的通知", // 1 preamble, ignored
      "一、定点医疗机构：", // 2
      "（1）诱导他人冒名就医；", // 3
      "(2) 收集医保凭证空刷", // 4
      "— 1 —", // 5 page number in the middle of item (2)
      "", // 6
      "\f套刷；", // 7 form feed + continuation
      "- （3）虚构医药服务项目，包括：", // 8 bullet + marker
      "①虚构检查；", // 9 sub-point (other style) → part of item 3
      "②虚构治疗。", // 10
      "第 2 页", // 11
      "3/10", // 12
      "## 二、定点药店", // 13
      "①串换药品；", // 14 ① is this section's item style
      "②伪造处方；", // 15
      "三、参保人员", // 16
      "1. 重复享受医保待遇；", // 17
      "2．将本人医保凭证交由他人使用；", // 18
      "3、其他。", // 19
    ].join("\n");
    const { sections, warnings } = parseOutline(text);
    expect(warnings).toEqual([]);
    expect(sections.map((s) => [s.number, s.heading])).toEqual([
      ["一、", "定点医疗机构"],
      ["二、", "定点药店"],
      ["三、", "参保人员"],
    ]);
    expect(sections[0].items).toEqual([
      { number: "（1）", title: "诱导他人冒名就医", lines: [3] },
      { number: "(2)", title: "收集医保凭证空刷套刷", lines: [4, 7] },
      { number: "（3）", title: "虚构医药服务项目，包括：①虚构检查；②虚构治疗", lines: [8, 9, 10] },
    ]);
    expect(sections[1].items.map((i) => [i.number, i.title])).toEqual([
      ["①", "串换药品"],
      ["②", "伪造处方"],
    ]);
    expect(sections[2].items.map((i) => [i.number, i.title])).toEqual([
      ["1.", "重复享受医保待遇"],
      ["2．", "将本人医保凭证交由他人使用"],
      ["3、", "其他"],
    ]);
  });

  it("uses （一） as items when that is the section's first style", () => {
    const { sections } = parseOutline("一、参保人员\n（一）重复享受待遇；\n(二) 转卖药品；\n  1. 其中一种情形\n");
    expect(sections[0].items.map((i) => [i.number, i.title])).toEqual([
      ["（一）", "重复享受待遇"],
      ["(二)", "转卖药品；1. 其中一种情形"],
    ]);
  });

  it("warns with line numbers on a skipped number, a duplicate and an empty title", () => {
    const text = ["一、定点药店", "（1）甲；", "（3）乙；", "（3）丙；", "（4）；", "二、参保人员", "（2）丁；"].join("\n");
    const { sections, warnings } = parseOutline(text);
    expect(sections.map((s) => s.items.length)).toEqual([4, 1]);
    expect(warnings.map((w) => w.line)).toEqual([3, 4, 5, 7]);
    expect(warnings[0].message).toContain("不连续");
    expect(warnings[1].message).toContain("重复");
    expect(warnings[2].message).toContain("为空");
    expect(warnings[3].message).toContain("不连续");
  });

  it("flags stray text after the list instead of silently accepting it", () => {
    const { sections, warnings } = parseOutline("一、参保人员\n（1）其他骗取医保基金支出的行为。\n乌审旗人民政府办公室\n");
    expect(sections[0].items[0].lines).toEqual([2, 3]);
    expect(warnings).toEqual([{ line: 3, message: expect.stringContaining("请核对") }]);
  });

  it("keeps CRLF line numbers right", () => {
    const { sections } = parseOutline("前言\r\n\r\n一、定点药店\r\n（1）甲；\r\n");
    expect(sections[0].items[0]).toEqual({ number: "（1）", title: "甲", lines: [4] });
  });
});
