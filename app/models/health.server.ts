// Readiness (/readyz): can this process serve requests? PostgreSQL answers, Redis answers (the
// queues), and evidence storage is reachable and writable. Each check has its own time limit,
// so a hung dependency makes the answer "not ready", never a hung probe.
import type postgres from "postgres";
import type { RedisConnection } from "~jobs/connection";
import type { EvidenceStorage } from "~/utils/storage.server";

export type ReadinessCheck = { ok: boolean; ms: number; error?: string };
export type Readiness = { ok: boolean; checks: { database: ReadinessCheck; redis: ReadinessCheck; storage: ReadinessCheck } };

export const READINESS_TIMEOUT_MS = 2_000;

async function timedCheck(run: () => Promise<unknown>, timeoutMs: number): Promise<ReadinessCheck> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      run(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { ok: true, ms: Math.round(performance.now() - started) };
  } catch (error) {
    return { ok: false, ms: Math.round(performance.now() - started), error: String((error as Error)?.message ?? error).slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export async function checkReadiness(
  deps: { sql: postgres.Sql; redis: () => Promise<RedisConnection>; storage: EvidenceStorage },
  timeoutMs = READINESS_TIMEOUT_MS,
): Promise<Readiness> {
  const [database, redis, storage] = await Promise.all([
    timedCheck(() => deps.sql`select 1`, timeoutMs),
    timedCheck(async () => {
      const redis = await deps.redis();
      // The producer connection refuses commands until connected (no offline queue): give a
      // connection that is still being made the same time limit to get there.
      if (redis.status !== "ready")
        await new Promise<void>((resolve, reject) => {
          redis.once("ready", resolve);
          if (redis.status === "end") reject(new Error("connection closed"));
        });
      const pong = await redis.ping();
      if (pong !== "PONG") throw new Error(`unexpected answer ${pong}`);
    }, timeoutMs),
    timedCheck(() => deps.storage.check(), timeoutMs),
  ]);
  return { ok: database.ok && redis.ok && storage.ok, checks: { database, redis, storage } };
}
