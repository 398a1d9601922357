// bench:import at a small N: its correctness checks (every item out, one warning per skipped
// number) run with the suite; its timings are for `npm run bench:import` only.
import { expect, it } from "vitest";
import { runImportBench } from "../../scripts/bench-import";

it("bench:import runs and checks its own results at a small N", () => {
  const rows = runImportBench([200, 400], 1);
  expect(rows.map((r) => r.items)).toEqual([200, 400]);
  expect(rows.every((r) => r.warnings > 0)).toBe(true);
});
