// `npm run bench:import [-- N…]`: the notice importer's parse and preview on large texts.
//
// For each N (default 10000 20000 40000) builds a notice of N numbered items in two sections,
// every tenth number skipped (one warning each: the old parser's work grew with items ×
// warnings, 26 s at 20,000 items), then times parseOutline and previewFromOutline, RUNS times
// each, and checks that every item came out and that the time per item stays flat (linear).
// bench-import.test.ts runs it at a small N in `npm test`, for the correctness checks only.
//
// Environment: BENCH_RUNS (default 5).
import { fileURLToPath } from "node:url";
import { previewFromOutline } from "~/domain/checklist-preview";
import { parseOutline } from "~checklists/parse-text";
import { fmtSeconds } from "./bench-lib";

export type ImportBenchRow = { items: number; megabytes: number; parseMs: number; previewMs: number; warnings: number };

/** A notice of n items: 一、 and 二、, items （k） with every tenth number skipped. */
export function bigNotice(n: number): string {
  const lines = ["附件", "使用医疗保障基金行为负面清单"];
  const half = Math.ceil(n / 2);
  for (const [section, count] of [
    ["一、定点医疗机构", half],
    ["二、定点药店", n - half],
  ] as const) {
    lines.push(section);
    for (let k = 1, made = 0; made < count; k++) {
      if (k % 10 === 0) continue;
      lines.push(`（${k}）将不属于医疗保障基金支付范围的医药费用纳入医疗保障基金结算，违反诊疗规范过度诊疗、过度检查；`);
      made++;
    }
  }
  return lines.join("\n");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export function runImportBench(sizes: number[], runs: number): ImportBenchRow[] {
  const rows: ImportBenchRow[] = [];
  const meta = { title: "", issuer: "", docNumber: "", year: "", source: "bench" };
  for (const n of sizes) {
    const text = bigNotice(n);
    const parseTimes: number[] = [];
    const previewTimes: number[] = [];
    let warnings = 0;
    for (let r = 0; r < runs; r++) {
      let t = performance.now();
      const result = parseOutline(text);
      parseTimes.push(performance.now() - t);
      t = performance.now();
      const tree = previewFromOutline(result, meta);
      previewTimes.push(performance.now() - t);
      // Correctness: every item, in its section, and one warning per skipped number.
      const got = tree.groups.map((g) => g.items.length);
      if (got.join() !== [Math.ceil(n / 2), n - Math.ceil(n / 2)].join())
        throw new Error(`N=${n}: expected ${n} items in two groups, got ${got.join(" + ")}`);
      warnings = result.warnings.length;
      const expectedWarnings = Math.floor((Math.ceil(n / 2) * 10) / 9 / 10) + Math.floor(((n - Math.ceil(n / 2)) * 10) / 9 / 10);
      if (Math.abs(warnings - expectedWarnings) > 2)
        throw new Error(`N=${n}: expected about ${expectedWarnings} skipped-number warnings, got ${warnings}`);
    }
    rows.push({
      items: n,
      megabytes: Buffer.byteLength(text) / 1e6,
      parseMs: median(parseTimes),
      previewMs: median(previewTimes),
      warnings,
    });
  }
  return rows;
}

async function main() {
  const args = process.argv.slice(2).map((a) => Number(a.replace(/_/g, "")));
  const sizes = args.length ? args : [10_000, 20_000, 40_000];
  if (sizes.some((n) => !Number.isInteger(n) || n < 10)) {
    console.error("N must be whole numbers of at least 10");
    process.exit(2);
  }
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  runImportBench([Math.min(...sizes)], 1); // warm up the JIT
  const rows = runImportBench(sizes, runs);
  console.log(`notice import: parse + preview, median of ${runs} runs`);
  console.log("   items      MB     parse   preview  warnings   µs/item");
  for (const r of rows) {
    const perItem = ((r.parseMs + r.previewMs) * 1000) / r.items;
    console.log(
      `${String(r.items).padStart(8)} ${r.megabytes.toFixed(1).padStart(7)} ${fmtSeconds(r.parseMs / 1000).padStart(9)} ${fmtSeconds(r.previewMs / 1000).padStart(9)} ${String(r.warnings).padStart(9)} ${perItem.toFixed(1).padStart(9)}`,
    );
  }
  const perItem = rows.map((r) => (r.parseMs + r.previewMs) / r.items);
  const growth = Math.max(...perItem) / Math.min(...perItem);
  console.log(`time per item varies ×${growth.toFixed(2)} across sizes (linear: close to 1)`);
  // runImportBench throws on the first wrong count: reaching here means every check held.
  console.log(`bench: all ${sizes.length * runs * 2} checks passed`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
