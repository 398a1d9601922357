// Helpers for the benchmark scripts: a counting SMTP sink, timing and Redis clean-up.
import { fork } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import type { Database } from "~db/client";
import { ensureDatabase, migrateDatabase } from "~db/migrate";
import { deleteKeysMatching, type RedisConnection } from "~jobs/connection";
import { SMTPServer } from "smtp-server";

/**
 * An SMTP server that only counts: it keeps each message's Message-ID and recipients and drops
 * the rest as it streams in. tests/setup/smtp.ts keeps every raw message, which at 100,000
 * mails is hundreds of megabytes in the benchmark's own process.
 */
export async function startCountingSmtpSink(port = 0) {
  const messageIds = new Set<string>();
  const recipients = new Set<string>();
  const stats = { received: 0, withoutMessageId: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    // nodemailer's pool keeps its connections open between messages; do not drop them early.
    socketTimeout: 120_000,
    onData(stream, session, callback) {
      let head = "";
      let isHeadDone = false;
      stream.on("data", (chunk: Buffer) => {
        if (isHeadDone) return;
        head += chunk.toString("latin1");
        const end = head.indexOf("\r\n\r\n");
        if (end >= 0) {
          head = head.slice(0, end);
          isHeadDone = true;
        }
      });
      stream.on("end", () => {
        stats.received++;
        const messageId = /^Message-ID:[ \t]*(.*)$/im.exec(head)?.[1]?.trim();
        if (messageId) messageIds.add(messageId);
        else stats.withoutMessageId++;
        for (const r of session.envelope.rcptTo) recipients.add(r.address);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = (server.server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${address}`,
    stats,
    messageIds,
    recipients,
    counts: async (): Promise<SinkCounts> => ({ ...stats, distinctMessageIds: messageIds.size, distinctRecipients: recipients.size }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SinkCounts = { received: number; withoutMessageId: number; distinctMessageIds: number; distinctRecipients: number };
type SinkMessage = { type: "ready"; url: string } | { type: "counts"; counts: SinkCounts };

const SINK_CHILD_FLAG = "--bench-smtp-sink";

/**
 * The counting sink in a child process of its own, as a real mail server would be: the
 * benchmark's Node process is CPU-bound, and receiving mail should not be charged to it.
 * The child inherits tsx through execArgv.
 */
export async function startSmtpSinkProcess() {
  const child = fork(fileURLToPath(import.meta.url), [SINK_CHILD_FLAG], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = <T extends SinkMessage["type"]>(type: T) =>
    new Promise<Extract<SinkMessage, { type: T }>>((resolve, reject) => {
      const onMessage = (message: SinkMessage) => {
        if (message.type !== type) return;
        child.off("message", onMessage);
        child.off("exit", onExit);
        resolve(message as Extract<SinkMessage, { type: T }>);
      };
      const onExit = (code: number | null) => reject(new Error(`SMTP sink process exited (${code})`));
      child.on("message", onMessage);
      child.once("exit", onExit);
    });
  const { url } = await next("ready");
  return {
    url,
    counts: async () => {
      const reply = next("counts");
      child.send("counts");
      return (await reply).counts;
    },
    close: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.send("close");
      await exited;
    },
  };
}

async function runSinkChild() {
  const sink = await startCountingSmtpSink();
  const send = (message: SinkMessage) => process.send!(message);
  process.on("message", async (command) => {
    if (command === "counts") {
      send({ type: "counts", counts: await sink.counts() });
    } else if (command === "close") {
      await sink.close();
      process.exit(0);
    }
  });
  // Ctrl-C reaches the whole process group; the parent decides when the sink stops.
  process.on("SIGINT", () => {});
  // The parent died without saying goodbye: do not linger.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", url: sink.url });
}

if (process.argv.includes(SINK_CHILD_FLAG) && process.send) await runSinkChild();

/** Run `fn` and return its result with the elapsed wall-clock seconds. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, seconds: (performance.now() - started) / 1000 };
}

export const perSecond = (count: number, seconds: number) => (seconds > 0 ? Math.round(count / seconds) : 0);

export const fmtSeconds = (seconds: number) => seconds.toFixed(seconds < 10 ? 2 : 1);

/** Delete every key under a BullMQ prefix (SCAN, so a big Redis is not blocked; a cluster node by node). */
export async function deleteKeysWithPrefix(redis: RedisConnection, prefix: string): Promise<number> {
  return deleteKeysMatching(redis, `${prefix}:*`);
}

/**
 * Poll `read` until it reaches `target`, printing progress; fails when nothing moves for
 * `stallSeconds` (a stuck benchmark should stop, not hang).
 */
export async function waitForCount(
  label: string,
  target: number,
  read: () => Promise<number>,
  { intervalMs = 500, stallSeconds = 60, isStopped = (): boolean => false } = {},
): Promise<{ reached: boolean; last: number }> {
  const started = performance.now();
  const isTty = process.stdout.isTTY;
  let last = -1;
  let lastMoveAt = started;
  let lastPrintAt = 0;
  for (;;) {
    const count = await read();
    const now = performance.now();
    if (count !== last) lastMoveAt = now;
    last = count;
    const elapsed = (now - started) / 1000;
    const line = `  ${label}: ${count}/${target} (${perSecond(count, elapsed)}/s, ${fmtSeconds(elapsed)} s)`;
    // A terminal gets a live line; a log gets one line every 5 s.
    if (isTty) process.stdout.write(`\r${line}   `);
    else if (count >= target || now - lastPrintAt >= 5_000) {
      console.log(line);
      lastPrintAt = now;
    }
    if (count >= target) {
      if (isTty) process.stdout.write("\n");
      return { reached: true, last: count };
    }
    if (now - lastMoveAt > stallSeconds * 1000 || isStopped()) {
      if (isTty) process.stdout.write("\n");
      console.error(isStopped() ? `  ${label}: interrupted` : `  ${label}: no progress for ${stallSeconds} s, giving up`);
      return { reached: false, last: count };
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** N from the first argument or BENCH_N (underscores allowed: 200_000), else the default. */
export function readCount(defaultN: number): number {
  const raw = process.argv[2] ?? process.env.BENCH_N ?? String(defaultN);
  const n = Number(raw.replace(/_/g, ""));
  if (!Number.isInteger(n) || n < 1) {
    console.error(`N must be a positive whole number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

/** Drop and recreate the bench database, migrated. Refuses names that do not say "bench". */
export async function recreateDatabase(url: string) {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!/bench/i.test(name)) throw new Error(`refusing to drop database "${name}": the bench database's name must contain "bench"`);
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  try {
    await client.unsafe(`drop database if exists "${name.replace(/"/g, '""')}" with (force)`);
  } finally {
    await client.end();
  }
  await ensureDatabase(url);
  await migrateDatabase(url);
}

/** Henan's prefecture-level cities (GB/T 2260); the shipped reference regions hold only Nanyang's. */
const HENAN_CITIES: [string, string][] = [
  ["410100", "郑州市"],
  ["410200", "开封市"],
  ["410300", "洛阳市"],
  ["410400", "平顶山市"],
  ["410500", "安阳市"],
  ["410600", "鹤壁市"],
  ["410700", "新乡市"],
  ["410800", "焦作市"],
  ["410900", "濮阳市"],
  ["411000", "许昌市"],
  ["411100", "漯河市"],
  ["411200", "三门峡市"],
  ["411300", "南阳市"],
  ["411400", "商丘市"],
  ["411500", "信阳市"],
  ["411600", "周口市"],
  ["411700", "驻马店市"],
];
const BENCH_COUNTIES_PER_CITY = 9;

/**
 * A province of real shape: the 17 cities, and in each 9 county-level regions made up for
 * the benchmark (codes ending 91…99, names marked 基准) besides the real ones shipped, about
 * as many as Henan's 157. Only in the bench database.
 */
export async function addBenchCounties(db: Database, rootRegion = "410000") {
  for (const [code, name] of HENAN_CITIES) {
    await db.execute(sql`
      insert into regions (code, name, level, parent_code, path)
      values (${code}, ${name}, 'city', ${rootRegion}, ${`/${rootRegion}/${code}/`}) on conflict do nothing`);
    await db.execute(sql`
      insert into regions (code, name, level, parent_code, path)
      select ${code.slice(0, 4)} || (90 + g)::text, ${name} || '基准县区' || g, 'county', ${code}, ${`/${rootRegion}/${code}/`} || ${code.slice(0, 4)} || (90 + g)::text || '/'
      from generate_series(1, ${BENCH_COUNTIES_PER_CITY}::int) g on conflict do nothing`);
  }
}

/**
 * N institutions round-robin over the counties under the root region, kind by serial; NHSA codes
 * H/P + county + 5-digit serial, credit codes to match. Set-based, one statement.
 */
export async function insertBenchInstitutions(db: Database, n: number, rootRegion: string) {
  // As bench-reminders: round-robin over the counties, kind by serial.
  await db.execute(sql`
    with counties as (
      select code, (row_number() over (order by code) - 1)::int as idx, (count(*) over ())::int as n
      from regions where level = 'county' and path like ${`/${rootRegion}/%`}
    ),
    kinds(idx, kind, grade, ownership) as (
      values (0, 'hospital', 'secondary', 'public'), (1, 'primary_care', 'primary', 'public'),
             (2, 'village_clinic', 'ungraded', 'public'), (3, 'pharmacy', 'ungraded', 'private'),
             (4, 'elderly_care_clinic', 'ungraded', 'private'), (5, 'other', 'ungraded', 'private')
    ),
    numbered as (
      select g, c.code, g / c.n + 1 as serial from generate_series(0, ${n - 1}::int) g join counties c on c.idx = g % c.n
    )
    insert into institutions (name, kind, grade, ownership, region_code, nhsa_code, credit_code)
    select '基准测试机构' || (x.g + 1), k.kind, k.grade, k.ownership, x.code,
           (case when k.kind = 'pharmacy' then 'P' else 'H' end) || x.code || lpad(x.serial::text, 5, '0'),
           (case when k.ownership = 'private' then '91' else '12' end) || x.code || lpad(x.serial::text, 9, '0')
             || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', x.g % 31 + 1, 1)
    from numbered x join kinds k on k.idx = x.serial % 6`);
}
