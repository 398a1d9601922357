// A running worker with a real SMTP server, against this test's Redis prefix; stopped, with its
// queues emptied and the web's queues closed, after each test of the file that uses it.
import { afterEach } from "vitest";
import { DEFAULT_JOB_OPTIONS } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import { closeQueues } from "~/utils/queue.server";
import { createTestJobDeps } from "./job-deps";
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
  const { deps, queues, close } = createTestJobDeps(`${smtp.url}?pool=false`, {
    redisUrl: REDIS_URL,
    jobOptions: { ...DEFAULT_JOB_OPTIONS, attempts: 3, backoff: { type: "fixed", delay: 200 } },
  });
  const stop = await startWorkers(deps, REDIS_URL, { schedule: false });
  cleanups.push(async () => {
    await stop();
    await close();
    await smtp.close();
  });
  return { smtp, queues, deps };
}
