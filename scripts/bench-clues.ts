// `npm run bench:clues [-- N]`: a province's clue batch (上级下发) at full size.
//
// Seeds N/2 institutions over the real-shaped counties of one province, writes a batch file of N
// suspicious records (two per institution, five rules, patient fields filled) as the template's
// .csv, then runs the model functions the worker runs, timing each phase:
//   validate   createClueImport: read the file in the untrusted-file worker, check every row,
//              seal patient data, keep the rows (validateClueImport, as the worker does)
//   import     importClueBatch: start + runClueImport, one transaction, set-based
//   dispatch   dispatchPendingClues(direct) from the province to each institution's county
//   roll up    the monthly report (月报) read from the trigger-kept rollups
// beside a bare `COPY` of the same N rows into a plain table (no index, no trigger) in the same
// run, and prints the ratio import / COPY (goal: ≤ 3×). Checks: every record and clue is there,
// re-importing the same file adds nothing, the rollup equals a direct count.
//
// Environment: BENCH_N (or the first argument; default 200000), BENCH_DATABASE_URL (dropped and
// recreated on every run; its name must contain "bench").
import os from "node:os";
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { sql } from "drizzle-orm";
import { createDatabase } from "~db/client";
import { CLUE_COLUMNS, clueColumnLabel } from "~/domain/clues";
import { createClueImport, importClueBatch } from "~/models/clue-import.server";
import { dispatchPendingClues, getClueMonthlyReport } from "~/models/clue.server";
import { ensureRegions } from "~/models/region.server";
import type { RegionScope } from "~/utils/permissions.server";
import { addBenchCounties, fmtSeconds, insertBenchInstitutions, perSecond, readCount, recreateDatabase, timed } from "./bench-lib";

const ROOT_REGION = "410000";
const RULES = 5;
const N = readCount(200_000);
const INSTITUTIONS = Math.max(1, Math.ceil(N / 2));
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha_bench_clues";

type Check = { name: string; ok: boolean; detail?: string };

/** Record i: institution i mod M, rule i mod 5, a made-up settlement number, amount and patient. */
function recordCells(i: number, nhsaCodes: string[]) {
  return [
    nhsaCodes[i % nhsaCodes.length],
    `JS${String(i).padStart(10, "0")}`,
    `2025-0${(i % 9) + 1}-1${i % 9}`,
    `X${String(i % 997).padStart(4, "0")}`,
    `基准项目${i % 997}`,
    String((i % 5) + 1),
    `${(i % 5000) + 1}.${String(i % 100).padStart(2, "0")}`,
    `R0${i % RULES}`,
    `基准规则${i % RULES}`,
    ["高", "中", "低"][i % 3],
    "张三",
    "11010519491231002X",
  ];
}

async function main() {
  console.log(
    `bench:clues N=${N} records for ${INSTITUTIONS} institutions · ${os.cpus().length} cores · load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} · node ${process.version} · db ${new URL(DATABASE_URL).pathname.slice(1)}`,
  );
  const migrated = await timed(() => recreateDatabase(DATABASE_URL));
  console.log(`database recreated and migrated in ${fmtSeconds(migrated.seconds)} s`);
  const { db, client } = createDatabase(DATABASE_URL, { max: 4 });
  const checks: Check[] = [];
  try {
    await ensureRegions(db);
    await addBenchCounties(db);
    await insertBenchInstitutions(db, INSTITUTIONS, ROOT_REGION);
    const [regulator] = await db.execute<{ id: string }>(sql`
      insert into users (email, name, password_hash, role, region_code) values ('r410000@bench.test', '河南省医疗保障局', 'x', 'regulator', ${ROOT_REGION})
      returning id`);
    await db.execute(sql`analyze`);
    const scope: RegionScope = { kind: "region", userId: regulator.id, regionCode: ROOT_REGION };
    const nhsaCodes = (await db.execute<{ code: string }>(sql`select nhsa_code as code from institutions order by nhsa_code`)).map(
      (r) => r.code,
    );
    const rows = Array.from({ length: N }, (_, i) => recordCells(i, nhsaCodes));
    const csv = Buffer.from([CLUE_COLUMNS.map(clueColumnLabel), ...rows].map((cells) => cells.join(",")).join("\r\n") + "\r\n", "utf8");
    console.log(`seeded ${INSTITUTIONS} institutions; batch file ${(csv.length / 1e6).toFixed(1)} MB`);
    const upload = { fileName: "基准批次.csv", bytes: csv, batchName: "基准疑点数据", docNo: "基准〔2026〕1号", dueOn: "2099-12-31" };

    // The bare COPY: the same rows, as text, into a plain table (the floor for writing them).
    await db.execute(sql`
      create table bare_copy (nhsa_code text, settlement_no text, occurred_on date, item_code text, item_name text, quantity numeric(14, 2),
        amount numeric(14, 2), rule_code text, rule_name text, risk text, patient_name text, patient_id text)`);
    const copied = await timed(async () => {
      const sink = (await client`copy bare_copy from stdin`.writable()) as Writable;
      await pipeline(
        Readable.from(
          (function* () {
            for (let i = 0; i < rows.length; i += 5_000)
              yield (
                rows
                  .slice(i, i + 5_000)
                  .map((r) => r.join("\t"))
                  .join("\n") + "\n"
              );
          })(),
        ),
        sink,
      );
    });

    const validated = await timed(() => createClueImport(db, scope, upload));
    if (!validated.value.ok) throw new Error(`validation refused the file: ${JSON.stringify(validated.value.fieldErrors)}`);
    const importId = validated.value.id;
    const [{ validRows }] = await db.execute<{ validRows: number }>(
      sql`select valid_rows as "validRows" from clue_imports where id = ${importId}`,
    );
    checks.push({ name: "every row valid", ok: validRows === N, detail: `${validRows}/${N}` });

    const imported = await timed(() => importClueBatch(db, scope, importId));
    if (!imported.value.ok) throw new Error(`import failed: ${imported.value.error}`);
    const expectedClues = Number(
      (await db.execute<{ n: number }>(sql`select count(distinct (nhsa_code, rule_code))::int as n from bare_copy`))[0].n,
    );
    checks.push({ name: "records imported = N", ok: imported.value.createdRecords === N, detail: String(imported.value.createdRecords) });
    checks.push({
      name: "clues = institutions × rules present",
      ok: imported.value.createdClues === expectedClues,
      detail: `${imported.value.createdClues}/${expectedClues}`,
    });

    const dispatched = await timed(() => dispatchPendingClues(db, scope, "direct"));
    checks.push({ name: "every clue dispatched", ok: dispatched.value.count === expectedClues, detail: String(dispatched.value.count) });

    const month = new Date().toISOString().slice(0, 7);
    const rolled = await timed(() => getClueMonthlyReport(db, scope, month));
    const [{ received, direct }] = await db.execute<{ received: number; direct: number }>(sql`
      select (select coalesce(sum(received), 0)::int from clue_month_stats where province_code = '41') as received,
             (select count(*)::int from clues where province_code = '41') as direct`);
    checks.push({ name: "rollup (received) = direct count", ok: received === direct, detail: `${received}/${direct}` });
    checks.push({ name: "monthly report built", ok: !!rolled.value.body });

    // Idempotent: the same file again (a new upload) adds nothing.
    const again = await createClueImport(db, scope, upload);
    const twice = again.ok ? await importClueBatch(db, scope, again.id) : null;
    checks.push({
      name: "re-importing the same file adds nothing",
      ok: !!twice?.ok && twice.createdClues === 0 && twice.createdRecords === 0,
      detail: JSON.stringify(twice),
    });

    const ratio = imported.seconds / copied.seconds;
    const table: [string, number][] = [
      ["bare COPY of the same rows (plain table)", copied.seconds],
      ["validate (read file, check, seal; worker)", validated.seconds],
      ["import (stage, clues, records; worker)", imported.seconds],
      ["dispatch (province → counties)", dispatched.seconds],
      ["roll up (月报 from trigger-kept rollups)", rolled.seconds],
    ];
    console.log(`\n| Phase (N = ${N}) | Seconds | Records/s |\n|---|---|---|`);
    for (const [name, seconds] of table) console.log(`| ${name} | ${fmtSeconds(seconds)} | ${perSecond(N, seconds)} |`);
    console.log(
      `\nimport / bare COPY = ${ratio.toFixed(2)}× (goal ≤ 3×); validate + import / bare COPY = ${((validated.seconds + imported.seconds) / copied.seconds).toFixed(2)}×`,
    );
    console.log("\nchecks:");
    for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}${c.detail ? ` (${c.detail})` : ""}`);
    if (checks.some((c) => !c.ok)) process.exitCode = 1;
    else console.log(`bench: all ${checks.length} checks passed`);
  } finally {
    await client.end();
  }
}

await main();
