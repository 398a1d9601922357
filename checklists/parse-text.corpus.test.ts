// The corpus of real notices in fixtures/corpus: each must give the hand counts recorded in its
// manifest (per group: count, first and last item), with no edit in the preview.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { previewFromOutline } from "~/domain/checklist-preview";
import { parseOutline } from "./parse-text";

type HandSection = { heading: string; count: number; imported: boolean; first?: string; last?: string };
type Notice = { file: string; source: string; shape: string; sections: HandSection[]; not_imported: string };

const DIR = path.resolve(process.cwd(), "checklists/fixtures/corpus");
const manifest = parse(fs.readFileSync(path.join(DIR, "manifest.yaml"), "utf8")) as { notices: Notice[] };
const META = { title: "清单", issuer: "某局", docNumber: "某〔2025〕1号", year: "2025", source: "import:paste" };

describe("the corpus of real notices", () => {
  it("has at least ten notices, each with its source address and hand counts", () => {
    expect(manifest.notices.length).toBeGreaterThanOrEqual(10);
    for (const n of manifest.notices) {
      expect(n.source).toMatch(/^https?:\/\//);
      expect(fs.existsSync(path.join(DIR, n.file))).toBe(true);
      expect(n.sections.some((s) => s.count > 0)).toBe(true);
    }
  });

  for (const notice of manifest.notices) {
    describe(notice.file, () => {
      const text = fs.readFileSync(path.join(DIR, notice.file), "utf8");
      const result = parseOutline(text);
      const withItems = result.sections.filter((s) => s.items.length > 0);
      const expected = notice.sections.filter((s) => s.count > 0);

      it("gives the hand count of every group, and its first and last item", () => {
        expect(withItems.map((s) => s.items.length)).toEqual(expected.map((s) => s.count));
        expected.forEach((hand, i) => {
          const got = withItems[i];
          expect(got.heading).toContain(hand.heading);
          expect(got.items[0].title).toBe(hand.first);
          expect(got.items[got.items.length - 1].title).toBe(hand.last);
        });
      });

      it("turns no heading and nothing outside the list into an item", () => {
        const titles = withItems.flatMap((s) => s.items.map((i) => i.title));
        for (const hand of notice.sections.filter((s) => s.count === 0)) {
          expect(titles.some((t) => t.includes(hand.heading))).toBe(false);
        }
        // Items are one behaviour each: no page chrome or a second question glued on.
        for (const t of titles) expect(t).not.toMatch(/来源|责任编辑|版权所有|ICP|法律依据|怎么办|下一页|撰稿/);
      });

      it("the preview imports the institution-facing groups by default, with no edit", () => {
        const tree = previewFromOutline(result, META);
        const included = tree.groups.filter((g) => g.isIncluded).map((g) => g.items.length);
        expect(included).toEqual(expected.filter((s) => s.imported).map((s) => s.count));
      });
    });
  }
});
