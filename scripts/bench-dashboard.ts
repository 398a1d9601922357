// `npm run bench:dashboard [-- N]`: the regulators' dashboards at province scale.
//
// Seeds N institutions over the real counties of one province, a checklist of 100 items for
// every kind and one open campaign (createCampaign + openCampaign, triggers on), then answers
// 100 items for 95 % of the self-checks (about 5 % of them problems) with set-based SQL and
// the triggers off, and rebuilds the rollups in one statement per table. Then it times,
// RUNS times each, the model functions the /reg/oversight routes call:
//   overview     the province regulator's overview (by city, by kind, submissions per day)
//   drill-down   the same for the biggest city (by county)
//   hot spots    the first page of the most reported items for the province
//   overdue      the first page of the overdue list for the province
// next to a plain SQL aggregate over the raw answers (assessment_items joined to assessments)
// that gives the same numbers, and checks that both agree.
//
// Environment: BENCH_N (or the first argument; default 100000), BENCH_RUNS (default 30),
// BENCH_DATABASE_URL (dropped and recreated on every run; its name must contain "bench").
import os from "node:os";
import { addDays, format, parseISO } from "date-fns";
import { sql } from "drizzle-orm";
import { createDatabase, type Database } from "~db/client";
import { createCampaign, openCampaign } from "~/models/campaign.server";
import { getRegionOverview, listHotspots, listOverdue, resolveDashboard } from "~/models/dashboard.server";
import { ensureRegions } from "~/models/region.server";
import { todayLocal } from "~/utils/dates";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import type { RegionScope } from "~/utils/permissions.server";
import { addBenchCounties, fmtSeconds, insertBenchInstitutions, readCount, recreateDatabase, timed } from "./bench-lib";

const ROOT_REGION = "410000";
const ITEM_COUNT = 100;
const MAX_SERIAL = 99_999;

const N = readCount(100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha_bench_dashboard";

/** Regions, a regulator per region, a 100-item checklist for every kind, N institutions over the counties. */
async function seedBase(db: Database, n: number) {
  await ensureRegions(db);
  await addBenchCounties(db);
  const counties = await db.execute<{ code: string }>(
    sql`select code from regions where level = 'county' and path like ${`/${ROOT_REGION}/%`}`,
  );
  if (n > counties.length * MAX_SERIAL) throw new Error(`N = ${n} is more than ${counties.length} counties × ${MAX_SERIAL}`);
  const regulators = await db.execute<{ id: string; region_code: string }>(sql`
    insert into users (email, name, password_hash, role, region_code)
    select 'r' || code || '@bench.test', name || '医保局', 'x', 'regulator', code from regions where path like ${`/${ROOT_REGION}/%`}
    returning id, region_code`);
  const root = regulators.find((r) => r.region_code === ROOT_REGION)!;
  const [list] = await db.execute<{ id: string }>(sql`
    insert into checklists (code, title, issuer, doc_number, year, source, region_code)
    values ('bench-100', '基准测试问题清单', '基准测试医疗保障局', '基准〔2026〕1号', 2026, 'bench', ${ROOT_REGION}) returning id`);
  // Items go into a draft, which is then published: a published version's items are frozen
  // (migration 0009 refuses inserts into it with 42501).
  const [version] = await db.execute<{ id: string }>(sql`
    insert into checklist_versions (checklist_id, version, status, content_hash)
    values (${list.id}, 1, 'draft', 'bench') returning id`);
  await db.execute(sql`
    insert into checklist_items (version_id, code, position, section, title, guidance, applies_to, is_evidence_required)
    select ${version.id}, 'B' || lpad(g::text, 3, '0'), g, '定点医疗机构', '基准测试问题' || g, '对照检查', ${`{${INSTITUTION_KINDS.join(",")}}`}::text[], false
    from generate_series(1, ${ITEM_COUNT}::int) g`);
  await db.execute(sql`update checklist_versions set status = 'published', published_at = now() where id = ${version.id}`);
  await insertBenchInstitutions(db, n, ROOT_REGION);
  await db.execute(sql`analyze`);
  return { regulatorId: root.id, versionId: version.id, countyCount: counties.length };
}

async function createAndOpen(db: Database, regulatorId: string, versionId: string, today: string) {
  const plus = (days: number) => format(addDays(parseISO(today), days), "yyyy-MM-dd");
  const scope: RegionScope = { kind: "region", userId: regulatorId, regionCode: ROOT_REGION };
  return db.transaction(async (tx) => {
    const created = await createCampaign(tx, scope, {
      title: "基准测试：定点医药机构医保基金使用自查自纠",
      checklistVersionId: versionId,
      targetRegionCode: ROOT_REGION,
      targetKinds: [...INSTITUTION_KINDS],
      reviewPeriodStart: "2024-01-01",
      // Due yesterday: the unsubmitted self-checks are overdue, so the overdue list has rows.
      selfCheckDueOn: plus(-1),
      rectificationDueOn: plus(90),
    });
    if (!created.ok) throw new Error(`createCampaign: ${JSON.stringify(created.fieldErrors)}`);
    const opened = await openCampaign(tx, scope, created.value.id);
    if (!opened.ok) throw new Error(`openCampaign: ${opened.error}`);
    return { campaignId: created.value.id, targetCount: opened.targetCount };
  });
}

/**
 * The self-checks' answers and states, set-based with the triggers off (session_replication_role
 * = replica skips them, and the foreign-key checks), then the rollups rebuilt in one go. A
 * self-check's fate comes from a hash of its id: 5 % not started, 10 % in progress, 55 %
 * submitted, 5 % resubmitted, 5 % returned, 20 % accepted; about 5 % of answers are problems.
 */
async function seedAnswers(db: Database, campaignId: string, userId: string, today: string, log: (s: string) => void) {
  await db.execute(sql`
    create table bench_fate as
    select a.id, a.region_code, (abs(hashtext(a.id::text)) % 100) as h, abs(hashtext(a.id::text || 'x')) % 1000003 as hx
    from assessments a where a.campaign_id = ${campaignId}`);
  // Bulk load: build the answer table's two indexes once at the end, not row by row.
  await db.execute(sql`alter table assessment_items drop constraint assessment_items_pkey, drop constraint assessment_items_one_answer`);
  const batches = await db.execute<{ code: string }>(sql`select distinct region_code as code from bench_fate order by 1`);
  const started = performance.now();
  let done = 0;
  for (const batch of batches) {
    await db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(sql`
        insert into assessment_items (assessment_id, checklist_item_id, answer, description, case_count, amount_involved_fen, refunded_fen,
                                      rectification_plan, responsible_person, rectification_due_on, rectification_status, answered_by, answered_at,
                                      province_code)
        select f.id, ci.id, p.answer,
               case when p.is_problem then '基准测试问题描述' end,
               case when p.is_problem then 1 + p.x % 9 end,
               case when p.is_problem then 10000 * (1 + p.x % 50) end,
               case when p.is_problem then 5000 * (1 + p.x % 50) end,
               case when p.is_problem then '立即整改' end,
               case when p.is_problem then '张三' end,
               case when p.is_problem then ${today}::date + 30 end,
               case when p.is_problem then 'open' end,
               ${userId}::uuid, now(), left(f.region_code, 2)
        from bench_fate f
        cross join checklist_items ci
        cross join lateral (select (f.hx + ci.position * 40503) % 1000003 as x) hx
        cross join lateral (select hx.x, hx.x % 20 = 0 as is_problem,
                                   case when hx.x % 20 = 0 then 'problem_found' else 'no_problem' end as answer) p
        where f.region_code = ${batch.code} and f.h >= 5
          and ci.version_id = (select checklist_version_id from campaigns where id = ${campaignId})`);
    });
    done++;
    if (done % 20 === 0 || done === batches.length) {
      const seconds = (performance.now() - started) / 1000;
      log(`  answers: ${done}/${batches.length} counties (${fmtSeconds(seconds)} s)`);
    }
  }
  const indexed = await timed(() =>
    db.transaction(async (tx) => {
      await tx.execute(sql`set local maintenance_work_mem = '512MB'`);
      await tx.execute(sql`alter table assessment_items add constraint assessment_items_pkey primary key (id),
        add constraint assessment_items_one_answer unique (assessment_id, checklist_item_id)`);
    }),
  );
  log(`  answer indexes built in ${fmtSeconds(indexed.seconds)} s`);
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    // The self-checks' own rollups (docs/decisions/003) and their states.
    await tx.execute(sql`
      update assessments a set answered_count = x.answered, problem_count = x.problems,
             amount_involved_fen = x.amount, refunded_fen = x.refunded, started_at = now() - interval '10 days', status = 'in_progress'
      from (select i.assessment_id, count(*)::int as answered, count(*) filter (where i.answer = 'problem_found')::int as problems,
                   coalesce(sum(i.amount_involved_fen), 0) as amount, coalesce(sum(i.refunded_fen), 0) as refunded
            from assessment_items i group by 1) x
      where x.assessment_id = a.id`);
    await tx.execute(sql`
      update assessments a set
        status = case when f.h < 70 then 'submitted' when f.h < 75 then 'resubmitted' when f.h < 80 then 'returned' else 'accepted' end,
        current_version = case when f.h between 70 and 74 then 2 else 1 end,
        submitted_at = now() - make_interval(days => f.h % 14), submitted_by = ${userId}::uuid,
        commitment_signed_by = '张三', commitment_signed_at = now() - make_interval(days => f.h % 14),
        rework_due_on = case when f.h between 75 and 79 then ${today}::date + (f.h % 5) - 3 end
      from bench_fate f where f.id = a.id and f.h >= 15`);
    await tx.execute(sql`
      insert into assessment_versions (assessment_id, version, snapshot, submitted_at, submitted_by, decision, decided_at, decided_by, rework_due_on,
                                       province_code)
      select a.id, v, '{}'::jsonb, a.submitted_at - make_interval(days => (a.current_version - v) * 3), ${userId}::uuid,
             case when v < a.current_version or a.status = 'returned' then 'returned' when a.status = 'accepted' then 'accepted' else 'pending' end,
             case when v < a.current_version or a.status in ('returned', 'accepted') then a.submitted_at end,
             case when v < a.current_version or a.status in ('returned', 'accepted') then ${userId}::uuid end,
             case when v < a.current_version or a.status = 'returned' then ${today}::date end,
             a.province_code
      from assessments a cross join generate_series(1, 2) v
      where a.campaign_id = ${campaignId} and a.current_version >= v`);
  });
  await db.execute(sql`drop table bench_fate`);
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

async function measure(label: string, fn: () => Promise<unknown>) {
  await fn(); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await fn();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const p50 = percentile(times, 50);
  const p95 = percentile(times, 95);
  console.log(`  ${label}: p50 ${p50.toFixed(1)} ms · p95 ${p95.toFixed(1)} ms`);
  return { p50, p95 };
}

type RawRegionRow = {
  code: string;
  target_count: number;
  not_started: number;
  in_progress: number;
  pending: number;
  returned: number;
  accepted: number;
  problems: number;
  amount: number;
  refunded: number;
};

/** The plain answer: status counts from the self-checks, problems and money from the raw answers, by child region. */
function rawRegionAggregate(db: Database, campaignId: string, path: string) {
  const depth = path.split("/").filter(Boolean).length;
  return db.execute<RawRegionRow>(sql`
    with a as (
      select a.id, a.status, split_part(r.path, '/', ${depth + 2}) as code
      from assessments a join regions r on r.code = a.region_code
      where a.campaign_id = ${campaignId} and r.path like ${`${path}%`}
    ),
    s as (
      select code, count(*)::int as target_count,
             count(*) filter (where status = 'not_started')::int as not_started, count(*) filter (where status = 'in_progress')::int as in_progress,
             count(*) filter (where status in ('submitted', 'resubmitted'))::int as pending, count(*) filter (where status = 'returned')::int as returned,
             count(*) filter (where status = 'accepted')::int as accepted
      from a group by 1
    ),
    p as (
      select a.code, count(*)::float8 as problems, sum(i.amount_involved_fen)::float8 as amount, sum(i.refunded_fen)::float8 as refunded
      from assessment_items i join a on a.id = i.assessment_id
      where i.answer = 'problem_found' group by 1
    )
    select s.*, coalesce(p.problems, 0)::float8 as problems, coalesce(p.amount, 0)::float8 as amount, coalesce(p.refunded, 0)::float8 as refunded
    from s left join p using (code) order by s.code`);
}

function rawHotspots(db: Database, campaignId: string, path: string) {
  return db.execute<{ checklist_item_id: string; problems: number; amount: number }>(sql`
    select i.checklist_item_id, count(*)::int as problems, sum(i.amount_involved_fen)::float8 as amount
    from assessment_items i
    join assessments a on a.id = i.assessment_id
    join regions r on r.code = a.region_code
    join checklist_items ci on ci.id = i.checklist_item_id
    where a.campaign_id = ${campaignId} and r.path like ${`${path}%`} and i.answer = 'problem_found'
    group by i.checklist_item_id, ci.position order by problems desc, ci.position limit 50`);
}

type Check = { name: string; ok: boolean; detail?: string };

function compareRegions(name: string, model: Awaited<ReturnType<typeof getRegionOverview>>, raw: RawRegionRow[]): Check {
  const rows = model!.regions.rows;
  const byCode = new Map(raw.map((r) => [r.code, r]));
  const mismatches = rows.filter((m) => {
    const r = byCode.get(m.code);
    return (
      !r ||
      r.target_count !== m.targetCount ||
      r.not_started !== m.notStartedCount ||
      r.in_progress !== m.inProgressCount ||
      r.pending !== m.pendingReviewCount ||
      r.returned !== m.returnedCount ||
      r.accepted !== m.acceptedCount ||
      r.problems !== m.problemCount ||
      r.amount !== m.amountInvolvedFen ||
      r.refunded !== m.refundedFen
    );
  });
  const ok = mismatches.length === 0 && rows.length === raw.length;
  return { name, ok, detail: ok ? `${rows.length} rows equal` : `${mismatches.length} rows differ, ${rows.length} vs ${raw.length} rows` };
}

async function main() {
  console.log(
    `bench:dashboard N=${N} × ${ITEM_COUNT} items · ${RUNS} runs · ${os.cpus().length} cores · node ${process.version} · db ${new URL(DATABASE_URL).pathname.slice(1)}`,
  );
  const results: [string, string][] = [["N (institutions = self-checks)", String(N)]];
  const checks: Check[] = [];
  const today = todayLocal();

  const migrated = await timed(() => recreateDatabase(DATABASE_URL));
  console.log(`database recreated and migrated in ${fmtSeconds(migrated.seconds)} s`);
  const { db, client } = createDatabase(DATABASE_URL, { max: 4 });
  try {
    const base = await timed(() => seedBase(db, N));
    console.log(`seeded regions, checklist, ${N} institutions over ${base.value.countyCount} counties in ${fmtSeconds(base.seconds)} s`);
    results.push(["seed institutions (set-based)", `${fmtSeconds(base.seconds)} s`]);

    const opened = await timed(() => createAndOpen(db, base.value.regulatorId, base.value.versionId, today));
    const { campaignId } = opened.value;
    console.log(`campaign opened (${opened.value.targetCount} self-checks, rollup triggers on) in ${fmtSeconds(opened.seconds)} s`);
    results.push(["create + open campaign (triggers on)", `${fmtSeconds(opened.seconds)} s`]);

    const answered = await timed(() => seedAnswers(db, campaignId, base.value.regulatorId, today, console.log));
    const [{ answers }] = await db.execute<{ answers: number }>(sql`select count(*)::int as answers from assessment_items`);
    console.log(`seeded ${answers} answers (triggers off) in ${fmtSeconds(answered.seconds)} s`);
    results.push([`seed ${answers} answers + states (triggers off)`, `${fmtSeconds(answered.seconds)} s`]);

    const rebuilt = await timed(() => db.execute(sql`select dash_rebuild_rollups(${campaignId}::uuid)`));
    console.log(`rollups rebuilt in ${fmtSeconds(rebuilt.seconds)} s`);
    results.push(["rebuild rollups (dash_rebuild_rollups, one campaign)", `${fmtSeconds(rebuilt.seconds)} s`]);
    await db.execute(sql`vacuum analyze`);

    const scope: RegionScope = { kind: "region", userId: base.value.regulatorId, regionCode: ROOT_REGION };
    const [city] = await db.execute<{ code: string; path: string }>(sql`
      select r.code, r.path from regions r
      join regions c on c.path like r.path || '%'
      join campaign_region_stats s on s.region_code = c.code and s.campaign_id = ${campaignId}
      where r.level = 'city' group by r.code, r.path order by sum(s.target_count) desc, r.code limit 1`);
    const [rootRegion] = await db.execute<{ path: string }>(sql`select path from regions where code = ${ROOT_REGION}`);

    const overview = async () => getRegionOverview(db, await resolveDashboard(db, scope, { campaignId }), {}, today);
    const drill = async () => getRegionOverview(db, await resolveDashboard(db, scope, { campaignId, regionCode: city.code }), {}, today);
    const hot = async () => listHotspots(db, await resolveDashboard(db, scope, { campaignId }), {});
    const overdue = async () => listOverdue(db, await resolveDashboard(db, scope, { campaignId }), {}, today);

    // Same answers?
    const o = await overview();
    checks.push(compareRegions("overview (by city) = raw aggregate", o, await rawRegionAggregate(db, campaignId, rootRegion.path)));
    checks.push(
      compareRegions(
        `drill-down (${city.code} by county) = raw aggregate`,
        await drill(),
        await rawRegionAggregate(db, campaignId, city.path),
      ),
    );
    const h = await hot();
    const rawHot = await rawHotspots(db, campaignId, rootRegion.path);
    const hotOk =
      h.rows.length === rawHot.length &&
      h.rows.every(
        (r, i) =>
          r.checklistItemId === rawHot[i].checklist_item_id &&
          r.problemCount === rawHot[i].problems &&
          r.amountInvolvedFen === rawHot[i].amount,
      );
    checks.push({ name: "hot spots (top 50) = raw aggregate", ok: hotOk, detail: `${h.rows.length} items` });
    checks.push({ name: "answers seeded ≈ N × 95 % × 100", ok: Math.abs(answers - N * 95) < N * 5, detail: String(answers) });
    console.log(
      `overview totals: ${o!.totals.targetCount} self-checks, ${o!.totals.problemCount} problems, ${o!.totals.overdueCount} overdue`,
    );

    console.log(`timing (${RUNS} runs each, after one warm-up):`);
    const timings: [string, { p50: number; p95: number }][] = [
      ["overview loader model (province, by city)", await measure("overview", overview)],
      [
        "plain SQL: same answer from the raw answers",
        await measure("overview raw SQL", () => rawRegionAggregate(db, campaignId, rootRegion.path)),
      ],
      ["drill-down loader model (city, by county)", await measure("drill-down", drill)],
      [
        "plain SQL: same answer from the raw answers",
        await measure("drill-down raw SQL", () => rawRegionAggregate(db, campaignId, city.path)),
      ],
      ["hot spots (province, first page)", await measure("hot spots", hot)],
      [
        "plain SQL: same answer from the raw answers",
        await measure("hot spots raw SQL", () => rawHotspots(db, campaignId, rootRegion.path)),
      ],
      ["overdue list (province, first page)", await measure("overdue", overdue)],
    ];

    console.log("\n| Step | Result |\n|---|---|");
    for (const [k, v] of results) console.log(`| ${k} | ${v} |`);
    console.log("\n| Query | p50 | p95 |\n|---|---|---|");
    for (const [k, v] of timings) console.log(`| ${k} | ${v.p50.toFixed(1)} ms | ${v.p95.toFixed(1)} ms |`);
    console.log("\nchecks:");
    for (const c of checks) console.log(`  ${c.ok ? "ok  " : "FAIL"} ${c.name}${c.detail ? ` (${c.detail})` : ""}`);
    if (checks.some((c) => !c.ok)) process.exitCode = 1;
    else console.log(`bench: all ${checks.length} checks passed`);
  } finally {
    await client.end();
  }
}

await main();
