// A running worker for tests that need one: queues on this test's Redis prefix (the web's
// producers enqueue there too), a real SMTP server, everything closed after each test.
import { afterEach } from "vitest";
import { createRedisConnection } from "~jobs/connection";
import type { JobDeps } from "~jobs/handlers/deps";
import { createQueues, DEFAULT_JOB_OPTIONS, queuePrefix } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import { db } from "~/utils/db.server";
import { createMailer } from "~/utils/mail.server";
import { closeQueues } from "~/utils/queue.server";
import { startSmtpSink } from "./setup/smtp";

// Unset in scripts/test-cluster.sh: then the Redis Cluster of REDIS_CLUSTER_NODES.
const REDIS_URL = process.env.REDIS_URL;
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
  await closeQueues();
});

/** Queues, mailer and a running worker against this test's Redis prefix and a real SMTP server. */
export async function startMailWorker() {
  const smtp = await startSmtpSink();
  const connection = createRedisConnection(REDIS_URL);
  const queues = createQueues(connection, queuePrefix(), { ...DEFAULT_JOB_OPTIONS, attempts: 3, backoff: { type: "fixed", delay: 200 } });
  const mailer = createMailer(`${smtp.url}?pool=false`);
  const deps: JobDeps = { db, queues, mailer, appUrl: "http://localhost:3000", mailFrom: "自查 <no-reply@zicha.test>", leaseSeconds: 300 };
  const stop = await startWorkers(deps, REDIS_URL, { schedule: false });
  cleanups.push(async () => {
    await stop();
    for (const q of Object.values(queues)) await q.obliterate({ force: true }).catch(() => {});
    await Promise.all(Object.values(queues).map((q) => q.close()));
    connection.disconnect();
    mailer.close();
    await smtp.close();
  });
  return { smtp, queues, deps };
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}
