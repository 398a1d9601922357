// The web process's handle on the job queues (it only produces; the worker consumes).
import type { Redis } from "ioredis";
import { createRedisConnection } from "~jobs/connection";
import { createQueues, jobIds, type Queues } from "~jobs/queues";
import { env } from "~/utils/env.server";

const globalForQueues = globalThis as unknown as { __zichaQueues?: Queues };

export function getQueues(): Queues {
  if (!globalForQueues.__zichaQueues) {
    // A producer fails fast when Redis is away instead of holding the request.
    const connection = createRedisConnection(env.REDIS_URL, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    globalForQueues.__zichaQueues = createQueues(connection);
  }
  return globalForQueues.__zichaQueues;
}

/**
 * Called after the transaction that opened a campaign committed. If Redis is unreachable the
 * change stands and the daily sweep still sends the reminders; the failure is logged.
 */
export async function enqueueCampaignOpened(campaignId: string) {
  await enqueueSafely(() =>
    getQueues().reminders.add("campaign-opened", { type: "campaign-opened", campaignId }, { jobId: jobIds.campaignOpened(campaignId) }),
  );
}

export async function enqueueAssessmentDecided(assessmentId: string, version: number) {
  await enqueueSafely(() =>
    getQueues().reminders.add(
      "assessment-decided",
      { type: "assessment-decided", assessmentId, version },
      { jobId: jobIds.decided(assessmentId, version) },
    ),
  );
}

/** Never hold the request for Redis: give up after a few seconds (the sweep catches up). */
async function enqueueSafely(add: () => Promise<unknown>, timeoutMs = 3_000) {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      add(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    console.error("could not enqueue a notification job", error);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Close the process-wide queues and their shared connection (tests, shutdown); the next
 * getQueues() opens new ones. BullMQ leaves a connection it was handed open, so it is
 * closed here.
 */
export async function closeQueues() {
  const queues = globalForQueues.__zichaQueues;
  if (!queues) return;
  globalForQueues.__zichaQueues = undefined;
  await Promise.all([queues.reminders.close(), queues.email.close(), queues.onboarding.close()]);
  const connection = queues.email.opts.connection as Redis;
  if (connection.status === "ready") await connection.quit();
  else connection.disconnect();
}
