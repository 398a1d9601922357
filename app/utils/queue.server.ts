// The web process's handle on the job queues (it only produces; the worker consumes).
import { createRedisConnection, type RedisConnection } from "~jobs/connection";
import { createQueues, type Queues } from "~jobs/queues";
import "~/utils/env.server";

const globalForQueues = globalThis as unknown as { __zichaQueues?: Queues };

export function getQueues(): Queues {
  if (!globalForQueues.__zichaQueues) {
    // A producer fails fast when Redis is away instead of holding the request. The deployment's
    // Redis: the cluster when REDIS_CLUSTER_NODES is set, else REDIS_URL (checked by env.server).
    const connection = createRedisConnection(undefined, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
    globalForQueues.__zichaQueues = createQueues(connection);
  }
  return globalForQueues.__zichaQueues;
}

/**
 * Run a producer of jobs/producers.ts against the web's queues, after the transaction whose
 * change it announces has committed. It never holds the request for Redis: after a few seconds
 * (or on any error) it gives up, logs, and answers false. The change stands either way, and what
 * the database still owes is caught up by the worker (the daily sweep for notices, the 5-minute
 * outbox flush for e-mails and invitations); a roster import is reverted by its caller.
 */
export async function enqueue<A extends unknown[]>(
  produce: (queues: Queues, ...args: A) => Promise<unknown>,
  ...args: A
): Promise<boolean> {
  const timeoutMs = 3_000;
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      produce(getQueues(), ...args),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`Redis did not answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return true;
  } catch (error) {
    console.error(`could not enqueue (${produce.name})`, error);
    return false;
  } finally {
    clearTimeout(timer);
  }
}

/** The Redis connection the web's queues share (a single node or the cluster): for /readyz. */
export function getQueueConnection(): RedisConnection {
  return getQueues().email.opts.connection as RedisConnection;
}

// The producers the web uses; routes reach jobs/ only through this module.
export {
  enqueueAssessmentDecided,
  enqueueCampaignOpened,
  enqueueClueImport,
  enqueueClueValidate,
  enqueueInvitations,
  enqueueRosterImport,
} from "~jobs/producers";

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
  const connection = queues.email.opts.connection as RedisConnection;
  if (connection.status === "ready") await connection.quit();
  else connection.disconnect();
}
