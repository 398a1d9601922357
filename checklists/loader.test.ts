import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { CHECKLIST_SECTIONS, type ChecklistSection } from "~/domain/vocabulary";
import { ChecklistFileError, contentHash, loadChecklistDir, parseChecklistFile, parseChecklistSet, parseReferenceFile } from "./loader";
import { REFERENCE_CATEGORIES, SECTION_CODE_PREFIX, type ChecklistItem } from "./schema";

const ROOT = path.resolve(process.cwd(), "checklists");
const { checklists, references } = loadChecklistDir(ROOT);

function list(code: string) {
  const found = checklists.find((c) => c.code === code);
  if (!found) throw new Error(`checklist ${code} not shipped`);
  return found;
}

function countBySection(items: ChecklistItem[]) {
  const counts = Object.fromEntries(CHECKLIST_SECTIONS.map((s) => [s, 0])) as Record<ChecklistSection, number>;
  for (const item of items) counts[item.section] += 1;
  return counts;
}

/** Runs fn, expecting a ChecklistFileError, and returns it. */
function failure(fn: () => unknown): ChecklistFileError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ChecklistFileError);
    return error as ChecklistFileError;
  }
  throw new Error("expected a ChecklistFileError");
}

describe("shipped files", () => {
  it("all load, sorted by file name, with stable codes", () => {
    expect(checklists.map((c) => c.file)).toEqual([
      "checklists/data/henan-2023-key-violations.yaml",
      "checklists/data/nmg-wsq-2025-negative-list.yaml",
    ]);
    expect(references.map((r) => r.file)).toEqual(["checklists/reference/henan-2023-key-drugs-consumables.yaml"]);
    for (const f of [...checklists, ...references]) {
      expect(f.contentHash).toMatch(/^[0-9a-f]{64}$/);
      expect(f.doc_number).toMatch(/〔\d{4}〕\d+号$/);
    }
  });

  it.each([
    {
      name: "乌审旗 2025 负面清单",
      code: "nmg-wsq-2025-negative-list",
      facts: {
        issuer: "乌审旗人民政府办公室",
        doc_number: "乌政办发〔2025〕13号",
        year: 2025,
        region_code: "150626",
        source_seed: "002_2e573fc7f6cb747d.txt",
      },
      counts: { 定点医疗机构: 26, 定点药店: 27, 参保人员: 6, 职业骗保团伙: 4, 异地就医: 5 },
    },
    {
      name: "Henan 2023 附件2",
      code: "henan-2023-key-violations",
      facts: { doc_number: "豫医保办〔2023〕38号", year: 2023, region_code: "410000", source_seed: "000_807a57330b8cebc4.txt" },
      counts: { 定点医疗机构: 9, 定点药店: 7, 参保人员: 4, 职业骗保团伙: 4, 异地就医: 4 },
    },
  ])("$name has every item of every section", ({ code, facts, counts }) => {
    const shipped = list(code);
    expect(shipped).toMatchObject(facts);
    expect(countBySection(shipped.items)).toEqual(counts);
  });

  it("numbers items PREFIX-NN in official order within each section", () => {
    for (const { items } of checklists) {
      const seen: Partial<Record<ChecklistSection, number>> = {};
      for (const item of items) {
        const n = (seen[item.section] = (seen[item.section] ?? 0) + 1);
        expect(item.code).toBe(`${SECTION_CODE_PREFIX[item.section]}-${String(n).padStart(2, "0")}`);
      }
    }
  });

  it("quotes titles without numbering, closing punctuation or line breaks", () => {
    for (const { items } of checklists) {
      for (const { title } of items) {
        expect(title).not.toMatch(/[；。;]$/);
        expect(title).not.toMatch(/^\s*[（(]?\s*\d+/);
        expect(title).not.toMatch(/\n/);
      }
    }
    // Spot-check a title that the conversion broke across two lines.
    expect(list("nmg-wsq-2025-negative-list").items.find((i) => i.code === "PH-25")?.title).toBe(
      "不配合经办机构开展医保费用审核、稽核检查、绩效考核等工作，医疗保障行政部门监督检查时不按规定提供相关材料",
    );
  });

  it("targets pharmacy items at pharmacies and medical items at medical institutions", () => {
    for (const { items } of checklists) {
      for (const item of items) {
        if (item.section === "定点药店") expect(item.applies_to).toEqual(["pharmacy"]);
        if (item.section === "定点医疗机构") expect(item.applies_to).not.toContain("pharmacy");
        expect(item.guidance.length).toBeGreaterThan(10);
      }
    }
  });

  it("contains no contact persons or phone numbers", () => {
    for (const sub of ["data", "reference"]) {
      for (const name of fs.readdirSync(path.join(ROOT, sub))) {
        const text = fs.readFileSync(path.join(ROOT, sub, name), "utf8");
        expect(text).not.toContain("联系人");
        expect(text).not.toMatch(/(?<![A-Z0-9])(?:0\d{2,3}[—-]\d{7,8}|1[3-9]\d{9})(?!\d)/);
      }
    }
  });

  it("reference list has 30 ranked entries per category", () => {
    const [ref] = references;
    expect(ref.code).toBe("henan-2023-key-drugs-consumables");
    for (const category of REFERENCE_CATEGORIES) {
      const entries = ref.entries.filter((e) => e.category === category);
      expect(entries.map((e) => e.rank)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    }
    expect(ref.entries.filter((e) => e.category === "西药").every((e) => e.dosage_form)).toBe(true);
    // Rows with several NHSA codes keep all of them.
    expect(ref.entries[0]).toMatchObject({
      name: "人血白蛋白",
      codes: ["XB05AAR021B001", "XB05AAR021B002", "XB05AAR021B005"],
    });
  });
});

const FILE = "checklists/data/bad.yaml";

function item(code: string, section: ChecklistSection = "定点医疗机构"): Record<string, unknown> {
  return {
    code,
    section,
    title: "虚构医药服务项目",
    guidance: "核对医嘱与收费明细。",
    applies_to: ["hospital"],
    evidence_required: true,
  };
}

function checklistYaml(edit: (file: Record<string, any>) => void = () => {}): string {
  const file: Record<string, any> = {
    code: "test-list",
    title: "测试清单",
    issuer: "测试局",
    doc_number: "测发〔2025〕1号",
    year: 2025,
    source_seed: "test.txt",
    region_code: "150626",
    items: [item("MI-01"), item("MI-02"), item("PH-01", "定点药店")],
  };
  edit(file);
  return stringify(file);
}

/** The error of the checklist file after `edit`. */
const fileFailure = (edit: Parameters<typeof checklistYaml>[0]) => failure(() => parseChecklistFile(FILE, checklistYaml(edit)));

describe("validation errors name file, item and field", () => {
  it("accepts the baseline fixture", () => {
    expect(parseChecklistFile(FILE, checklistYaml()).items).toHaveLength(3);
  });

  it("missing title", () => {
    const err = fileFailure((f) => delete f.items[2].title);
    expect(err).toMatchObject({ file: FILE, itemIndex: 3, itemCode: "PH-01", field: "title" });
    expect(err.message).toContain(`${FILE}: item #3 (PH-01) field "title": is required`);
  });

  it("wrong section", () => {
    const err = fileFailure((f) => (f.items[1].section = "医院"));
    expect(err).toMatchObject({ itemIndex: 2, itemCode: "MI-02", field: "section" });
    expect(err.message).toContain(`${FILE}: item #2 (MI-02) field "section"`);
  });

  it("unknown institution kind in applies_to", () => {
    const yaml = checklistYaml((f) => (f.items[0].applies_to = ["hospital", "clinic"]));
    const err = failure(() => parseChecklistFile(FILE, yaml));
    expect(err).toMatchObject({ itemIndex: 1, itemCode: "MI-01", field: "applies_to[1]" });
    expect(err.message).toContain(`item #1 (MI-01) field "applies_to[1]"`);
  });

  it("duplicate item code", () => {
    const err = fileFailure((f) => (f.items[1].code = "MI-01"));
    expect(err).toMatchObject({ itemIndex: 2, itemCode: "MI-01", field: "code" });
    expect(err.message).toContain('duplicate code "MI-01"');
  });

  it("item code that does not match its section", () => {
    const err = fileFailure((f) => (f.items[2].code = "MI-03"));
    expect(err).toMatchObject({ itemIndex: 3, field: "code" });
    expect(err.message).toContain('must start with "PH-"');
  });

  it("titles keeping the official numbering or closing punctuation", () => {
    const err = fileFailure((f) => (f.items[0].title = "（5）虚构医药服务项目；"));
    expect(err).toMatchObject({ itemIndex: 1, field: "title" });
  });

  it("unknown keys and an empty item list", () => {
    const extra = fileFailure((f) => (f.items[0].note = "x"));
    expect(extra).toMatchObject({ itemIndex: 1, field: "note" });
    const empty = fileFailure((f) => (f.items = []));
    expect(empty).toMatchObject({ itemIndex: undefined, field: "items" });
    expect(empty.message).toContain(`${FILE}: field "items": must contain at least one item`);
  });

  it("YAML syntax errors name the file and line", () => {
    const err = failure(() => parseChecklistFile(FILE, "code: test\ntitle: [unclosed\nyear: 2025\n"));
    expect(err.file).toBe(FILE);
    expect(err.message).toMatch(/^checklists\/data\/bad\.yaml: line \d+, column \d+: YAML syntax error/);
  });

  it("reference entries with a bad category or a repeated rank", () => {
    const ref = (edit: (f: Record<string, any>) => void) => {
      const file: Record<string, any> = {
        code: "test-ref",
        title: "测试参考",
        issuer: "测试局",
        doc_number: "测发〔2023〕1号",
        year: 2023,
        source_seed: "test.txt",
        region_code: "410000",
        kind: "reference",
        entries: [
          { category: "西药", rank: 1, codes: ["XA01"], name: "甲", dosage_form: "片剂" },
          { category: "西药", rank: 2, codes: ["XA02"], name: "乙" },
        ],
      };
      edit(file);
      return stringify(file);
    };
    const file = "checklists/reference/bad.yaml";
    expect(
      parseReferenceFile(
        file,
        ref(() => {}),
      ).entries,
    ).toHaveLength(2);
    const category = failure(() =>
      parseReferenceFile(
        file,
        ref((f) => (f.entries[1].category = "西成药")),
      ),
    );
    expect(category).toMatchObject({ file, itemIndex: 2, field: "category" });
    expect(category.message).toContain(`${file}: entry #2 field "category"`);
    const rank = failure(() =>
      parseReferenceFile(
        file,
        ref((f) => (f.entries[1].rank = 1)),
      ),
    );
    expect(rank).toMatchObject({ itemIndex: 2, field: "rank" });
  });

  it("list codes repeated across files", () => {
    const text = checklistYaml();
    const err = failure(() =>
      parseChecklistSet({
        checklists: [
          { file: "checklists/data/a.yaml", text },
          { file: "checklists/data/b.yaml", text },
        ],
        references: [],
      }),
    );
    expect(err).toMatchObject({ file: "checklists/data/b.yaml", field: "code" });
    expect(err.message).toContain('"test-list"');
  });
});

describe("contentHash", () => {
  const file = "checklists/data/henan-2023-key-violations.yaml";
  const text = fs.readFileSync(path.resolve(process.cwd(), file), "utf8");
  const shipped = list("henan-2023-key-violations");

  /** Reverses key order at every level, to prove key order does not matter. */
  const reversed = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(reversed)
      : v && typeof v === "object"
        ? Object.fromEntries(
            Object.entries(v)
              .reverse()
              .map(([k, x]) => [k, reversed(x)]),
          )
        : v;

  it("is stable when the file is reformatted", () => {
    const reformatted = stringify(reversed(parse(text)), { collectionStyle: "flow", defaultStringType: "QUOTE_SINGLE" });
    expect(reformatted).not.toBe(text);
    expect(contentHash(parseChecklistFile(file, reformatted))).toBe(shipped.contentHash);
    expect(contentHash(parseChecklistFile(file, `# comment\n\n${text}\n\n`))).toBe(shipped.contentHash);
  });

  it("changes when the content changes", () => {
    const data = parse(text);
    data.items[0].guidance += "（补充）";
    expect(contentHash(parseChecklistFile(file, stringify(data)))).not.toBe(shipped.contentHash);
    data.items[0].guidance = shipped.items[0].guidance;
    data.items[0].evidence_required = false;
    expect(contentHash(parseChecklistFile(file, stringify(data)))).not.toBe(shipped.contentHash);
  });

  it("ignores key order but not array order", () => {
    expect(contentHash({ a: 1, b: [1, 2] })).toBe(contentHash({ b: [1, 2], a: 1 }));
    expect(contentHash({ a: 1, b: [1, 2] })).not.toBe(contentHash({ a: 1, b: [2, 1] }));
  });
});
