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

  it("ends the list after its last item: what follows is not imported, not glued onto the item", () => {
    const { sections, warnings, skipped } = parseOutline("一、参保人员\n（1）其他骗取医保基金支出的行为。\n乌审旗人民政府办公室\n");
    expect(sections[0].items[0]).toEqual({ number: "（1）", title: "其他骗取医保基金支出的行为", lines: [2] });
    expect(skipped).toEqual([{ line: 3, text: "乌审旗人民政府办公室" }]);
    expect(warnings).toEqual([]);
  });

  it("inside the list, a line after an item that had ended is joined to it, with a warning", () => {
    const { sections, warnings } = parseOutline("一、参保人员\n（1）甲。\n乙丙丁\n（2）戊。\n");
    expect(sections[0].items[0]).toEqual({ number: "（1）", title: "甲。乙丙丁", lines: [2, 3] });
    expect(warnings).toEqual([{ line: 3, message: expect.stringContaining("请核对") }]);
  });

  it("keeps CRLF line numbers right", () => {
    const { sections } = parseOutline("前言\r\n\r\n一、定点药店\r\n（1）甲；\r\n");
    expect(sections[0].items[0]).toEqual({ number: "（1）", title: "甲", lines: [4] });
  });
});

// The other lists in the seeds, each read by hand; the counts below come from the documents.
describe("parseOutline on the other seed lists", () => {
  it("seed 004 (武汉市东西湖区) 三、工作任务: sub-headings （一）–（五）, prose cut into one item per sentence", () => {
    const { sections, warnings } = parseOutline(fixture("whdxh-inspection-focus.txt"));
    expect(sections.map((s) => [s.number, s.heading, s.parent ?? null, s.items.length])).toEqual([
      ["三、", "工作任务", null, 0],
      ["（一）", "检查定点医疗机构", "工作任务", 3], // 二级及以上公立 / 基层 / 社会办
      ["（二）", "检查定点零售药店", "工作任务", 1],
      ["（三）", "检查医保经办机构", "工作任务", 1],
      ["（四）", "检查医师及参保人员", "工作任务", 2], // 医师 / 参保人员
      ["（五）", "核查扶贫和社会救助领域", "工作任务", 1],
    ]);
    expect(sections[1].items.map((i) => i.title)).toEqual([
      "对二级（含）及以上公立定点医疗机构，重点查处分解收费、超标准收费、重复收费、套用项目收费、不合理诊疗及其他违法违规行为",
      "对基层医疗机构，重点查处挂床住院、串换药品、耗材和诊疗项目等行为",
      "对社会办医疗机构，重点查处诱导参保人员住院，虚构医疗服务、伪造医疗文书票据、挂床住院、盗刷社保卡等行为",
    ]);
    // The 参保人员 sentence is split by a page break in the document (…冒名就医、 / 使用社保卡…).
    expect(sections[4].items[1]).toEqual({
      number: "",
      title: "对参保人员，重点查处伪造虚假票据报销、冒名就医、使用社保卡套现或套取药品、耗材倒买倒卖等行为",
      lines: [17, 19],
    });
    expect(warnings).toHaveLength(5);
    expect(warnings.every((w) => w.message.includes("已按句拆分"))).toBe(true);
  });

  it("seed 003 (云阳县 2022) 二、突出专项整治重点领域: 一是…四是 items, the lead sentence reported as ignored", () => {
    const { sections, warnings } = parseOutline(fixture("cqyy-2022-focus-areas.txt"));
    expect(sections.map((s) => [s.heading, s.items.length])).toEqual([["突出专项整治重点领域", 4]]);
    expect(sections[0].items.map((i) => i.number)).toEqual(["一是", "二是", "三是", "四是"]);
    expect(sections[0].items[3].title).toBe(
      "严查血液透析领域诈骗医保基金行为，聚焦提供血液透析服务的定点医疗机构，严厉打击虚记透析次数、串换诊疗项目、过度检查、过度诊疗等“假透析”诈骗医保基金行为",
    );
    expect(warnings).toEqual([{ line: 3, message: expect.stringContaining("条目之外的文字，已忽略：聚焦医保基金监管重点领域") }]);
  });

  it("seed 001 (医保发〔2024〕8号 方案) 二、工作重点: three （一）（二）（三） items", () => {
    const { sections, warnings } = parseOutline(fixture("national-2024-work-focus.txt"));
    expect(sections.map((s) => [s.heading, s.items.length])).toEqual([["工作重点", 3]]);
    expect(sections[0].items[2].title).toBe(
      "聚焦纠治一体，对骨科、血透、心内、检查、检验、康复理疗等重点领域，全面开展自查自纠，持续推进问题整改",
    );
    expect(warnings).toEqual([]);
  });

  it("seed 002 四、工作任务: （一）/（二） sub-headings over 1.–6. and 1.–7.", () => {
    const { sections, warnings } = parseOutline(fixture("nmg-wsq-2025-work-tasks.txt"));
    expect(sections.map((s) => [s.heading, s.items.length])).toEqual([
      ["工作任务", 0],
      ["聚焦6个专项行动", 6],
      ["加强常态化监管", 7],
    ]);
    expect(sections[1].items[3].title.startsWith("严打执业药师“一证多挂”。")).toBe(true);
    expect(sections[2].items[6].title).toBe(
      "持续强化社会监督。进一步完善举报投诉机制，严格核查处理，积极回应社会关切，持续增强全旗各族人民群众对医保基金安全稳定运行的信心",
    );
    expect(warnings).toEqual([]);
  });

  it("the whole seed texts still yield each list with its exact counts", () => {
    const seed = (name: string) => fs.readFileSync(path.join(DIR, "fixtures", "notices", name), "utf8");
    const counts = (text: string, from: string) =>
      parseOutline(text, { startAt: from })
        .sections.filter((s) => s.items.length)
        .map((s) => s.items.length);
    expect(counts(seed("002_2e573fc7f6cb747d.txt"), "（2025年）")).toEqual([26, 27, 6, 4, 5]);
    expect(counts(seed("000_807a57330b8cebc4.txt"), "## 重点违法违规行为")).toEqual([9, 7, 4, 4, 4]);
    expect(counts(seed("004_df6ca9fea47d9690.txt"), "### 三、工作任务").slice(0, 5)).toEqual([3, 1, 1, 2, 1]);
  });
});

describe("parseOutline on deliberately messy input", () => {
  const messy = [
    "附件", // 1
    "", // 2
    "一、定点医疗机构：", // 3 heading with a trailing colon
    "（1)诱导、协助他人冒名或者虚假就医；", // 4 full-width open, half-width close
    "", // 5
    "(2）收集医保凭证空刷套刷；", // 6 half-width open, full-width close
    "（３）伪造、变造、隐匿、涂改、销毁医学文书、医学证明、会计凭证、电子信息等有关", // 7 full-width digit, broken
    "", // 8
    "— 1 —", // 9 page number mid-item
    "", // 10
    "资料；", // 11 rest of item 3
    "( 4 ) 虚构医药服务项目；", // 12 spaces inside the brackets
    "—2—", // 13
    "二、定点药店：", // 14
    "1）串换药品；", // 15
    "2）伪造处方；", // 16
    "   ", // 17 whitespace only
    "第 3 页 共 9 页", // 18
    "3）超量开药。", // 19
  ].join("\n");

  it("gets the sections and items right and warns about nothing", () => {
    const { sections, warnings } = parseOutline(messy);
    expect(warnings).toEqual([]);
    expect(sections.map((s) => [s.heading, s.items.length])).toEqual([
      ["定点医疗机构", 4],
      ["定点药店", 3],
    ]);
    expect(sections[0].items.map((i) => i.title)).toEqual([
      "诱导、协助他人冒名或者虚假就医",
      "收集医保凭证空刷套刷",
      "伪造、变造、隐匿、涂改、销毁医学文书、医学证明、会计凭证、电子信息等有关资料",
      "虚构医药服务项目",
    ]);
    expect(sections[0].items[2].lines).toEqual([7, 11]);
    expect(sections[1].items.map((i) => [i.number, i.title])).toEqual([
      ["1）", "串换药品"],
      ["2）", "伪造处方"],
      ["3）", "超量开药"],
    ]);
  });

  it("a short （一） line followed by its own items is a sub-heading; one ending in ； is an item", () => {
    const { sections } = parseOutline(
      ["一、工作任务", "（一）聚焦专项行动", "1.甲；", "2.乙。", "（二）加强常态化监管：", "1.丙。"].join("\n"),
    );
    expect(sections.map((s) => [s.number, s.heading, s.items.length])).toEqual([
      ["一、", "工作任务", 0],
      ["（一）", "聚焦专项行动", 2],
      ["（二）", "加强常态化监管", 1],
    ]);
  });
});
