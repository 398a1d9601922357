// `npm run worker`: the job worker, a process of its own beside the web server.
import { Worker } from "bullmq";
import { createDatabase } from "~db/client";
import { createMailer } from "~/utils/mail.server";
import { createRedisConnection, type RedisConnection } from "./connection";
import { processEmailJob } from "./handlers/send-email";
import { processReminderJob } from "./handlers/reminders";
import { processOnboardingJob } from "./handlers/onboarding";
import type { JobDeps } from "./handlers/deps";
import { createQueues, layoutOfQueues, queuePrefix, type EmailJob, type OnboardingJob, type QueueLayout, type ReminderJob } from "./queues";
import { upsertSchedulers } from "./producers";

export type WorkerOptions = {
  concurrency?: { reminders?: number; email?: number; onboarding?: number };
  schedule?: boolean;
  /** Outbox flush interval (default 5 minutes). */
  outboxFlushMs?: number;
};

/**
 * Start the workers on the given dependencies; returns a function that shuts them down cleanly.
 * `redisUrl` names a single node; without it, the deployment's Redis (the cluster when
 * REDIS_CLUSTER_NODES is set). One worker per e-mail shard, each with the e-mail concurrency.
 */
export async function startWorkers(deps: JobDeps, redisUrl?: string, options: WorkerOptions = {}) {
  const layout = layoutOfQueues(deps.queues);
  const connections: RedisConnection[] = [];
  const connect = () => {
    const connection = createRedisConnection(redisUrl);
    connections.push(connection);
    return connection;
  };
  const reminders = new Worker<ReminderJob>(layout.reminders.name, (job) => processReminderJob(job, deps), {
    connection: connect(),
    prefix: layout.reminders.prefix,
    concurrency: options.concurrency?.reminders ?? 1,
  });
  const emailConnection = connect();
  const email = layout.email.map(
    (shard) =>
      new Worker<EmailJob>(shard.name, (job) => processEmailJob(job, deps), {
        connection: emailConnection,
        prefix: shard.prefix,
        concurrency: options.concurrency?.email ?? 5,
      }),
  );
  const onboarding = new Worker<OnboardingJob>(layout.onboarding.name, (job) => processOnboardingJob(job, deps), {
    connection: connect(),
    prefix: layout.onboarding.prefix,
    concurrency: options.concurrency?.onboarding ?? 5,
  });
  const workers = [reminders, ...email, onboarding];
  for (const worker of workers) {
    worker.on("failed", (job, error) =>
      console.error(`[${worker.name}] job ${job?.id} failed (attempt ${job?.attemptsMade}):`, error.message),
    );
    worker.on("error", (error) => console.error(`[${worker.name}]`, error.message));
  }
  if (options.schedule !== false) await upsertSchedulers(deps.queues, { outboxFlushMs: options.outboxFlushMs });
  return async function close() {
    // Stop taking jobs and let the ones in hand finish; BullMQ leaves connections it was given open.
    await Promise.all(workers.map((worker) => worker.close()));
    for (const connection of connections) connection.disconnect();
  };
}

async function main() {
  // The same checks as the web process: the environment (a bad variable stops the process with
  // its name; production needs its secrets), JSON logs, and the least-privilege database role.
  const { env } = await import("~/utils/env.server");
  const { createLogger, routeConsoleToLogger } = await import("~/utils/log.server");
  const { checkDatabaseRoleAtStart } = await import("~/utils/startup.server");
  const { mailRetryFromEnv } = await import("~/models/mail-outage.server");
  const log = createLogger("worker", env.LOG_LEVEL);
  if (env.NODE_ENV === "production") routeConsoleToLogger(log);
  const { db, client } = createDatabase(env.DATABASE_URL, { max: 10 });
  if (!(await checkDatabaseRoleAtStart(client, (level, message) => log[level](message)))) {
    log.fatal("refusing to start: connect as the application role (see README, Production)");
    await client.end();
    process.exit(1);
  }
  // The read replica, if any: the weekly digest reads its counts there (docs/decisions/023).
  const replica = env.DATABASE_READ_URL ? createDatabase(env.DATABASE_READ_URL, { max: 2 }) : null;
  if (replica && !(await checkDatabaseRoleAtStart(replica.client, (level, message) => log[level](message), "DATABASE_READ_URL"))) {
    log.fatal("refusing to start: connect to the read replica as the application role (see README, Production)");
    await Promise.all([client.end(), replica.client.end()]);
    process.exit(1);
  }
  const queueConnection = createRedisConnection();
  const queues = createQueues(queueConnection);
  const mailer = createMailer(env.SMTP_URL);
  const deps: JobDeps = {
    db,
    readDb: replica?.db ?? null,
    queues,
    mailer,
    appUrl: env.APP_URL,
    mailFrom: process.env.MAIL_FROM ?? "医保基金使用自查自纠平台 <no-reply@zicha.local>",
    leaseSeconds: Number(process.env.NOTIFY_LEASE_SECONDS ?? 300),
    mailRetry: mailRetryFromEnv(),
  };
  const outboxFlushSeconds = Number(process.env.OUTBOX_FLUSH_SECONDS ?? 0);
  const close = await startWorkers(deps, undefined, { outboxFlushMs: outboxFlushSeconds > 0 ? outboxFlushSeconds * 1000 : undefined });
  const layout = layoutOfQueues(queues);
  const placements = describeLayout(layout);
  log.info(
    { queues: placements, prefix: queuePrefix(), cluster: layout.isCluster },
    `worker started (queues: ${placements.map((p) => p.queue).join(", ")}; prefix ${queuePrefix()})`,
  );
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, `worker: ${signal}, finishing jobs in hand…`);
    await close();
    await Promise.all([queues.reminders.close(), queues.email.close(), queues.onboarding.close()]);
    queueConnection.disconnect();
    mailer.close();
    await client.end();
    await replica?.client.end();
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  await main();
}

/** Each queue with its key prefix and, in a cluster, its hash slot (logged at start). */
export function describeLayout(layout: QueueLayout) {
  return [...layout.email, layout.reminders, layout.onboarding].map((p) => ({ queue: p.name, prefix: p.prefix, slot: p.slot }));
}
