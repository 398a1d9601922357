// `npm run worker`: the job worker, a process of its own beside the web server.
import { Worker } from "bullmq";
import { createDatabase } from "~db/client";
import { createMailer } from "~/utils/mail.server";
import { createRedisConnection } from "./connection";
import { processEmailJob } from "./handlers/send-email";
import { processReminderJob } from "./handlers/reminders";
import { processOnboardingJob } from "./handlers/onboarding";
import type { JobDeps } from "./handlers/deps";
import { createQueues, QUEUE_NAMES, queuePrefix, type EmailJob, type OnboardingJob, type ReminderJob } from "./queues";
import { upsertSchedulers } from "./producers";

export type WorkerOptions = {
  concurrency?: { reminders?: number; email?: number; onboarding?: number };
  schedule?: boolean;
  /** Outbox flush interval (default 5 minutes). */
  outboxFlushMs?: number;
};

/** Start both workers on the given dependencies; returns a function that shuts them down cleanly. */
export async function startWorkers(deps: JobDeps, redisUrl: string, options: WorkerOptions = {}) {
  const prefix = queuePrefix();
  const connections = [createRedisConnection(redisUrl), createRedisConnection(redisUrl), createRedisConnection(redisUrl)];
  const reminders = new Worker<ReminderJob>(QUEUE_NAMES.reminders, (job) => processReminderJob(job, deps), {
    connection: connections[0],
    prefix,
    concurrency: options.concurrency?.reminders ?? 1,
  });
  const email = new Worker<EmailJob>(QUEUE_NAMES.email, (job) => processEmailJob(job, deps), {
    connection: connections[1],
    prefix,
    concurrency: options.concurrency?.email ?? 5,
  });
  const onboarding = new Worker<OnboardingJob>(QUEUE_NAMES.onboarding, (job) => processOnboardingJob(job, deps), {
    connection: connections[2],
    prefix,
    concurrency: options.concurrency?.onboarding ?? 5,
  });
  for (const worker of [reminders, email, onboarding]) {
    worker.on("failed", (job, error) =>
      console.error(`[${worker.name}] job ${job?.id} failed (attempt ${job?.attemptsMade}):`, error.message),
    );
    worker.on("error", (error) => console.error(`[${worker.name}]`, error.message));
  }
  if (options.schedule !== false) await upsertSchedulers(deps.queues, { outboxFlushMs: options.outboxFlushMs });
  return async function close() {
    // Stop taking jobs and let the ones in hand finish; BullMQ leaves connections it was given open.
    await Promise.all([reminders.close(), email.close(), onboarding.close()]);
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
  const redisUrl = env.REDIS_URL;
  const { db, client } = createDatabase(env.DATABASE_URL, { max: 10 });
  if (!(await checkDatabaseRoleAtStart(client, (level, message) => log[level](message)))) {
    log.fatal("refusing to start: connect as the application role (see README, Production)");
    await client.end();
    process.exit(1);
  }
  const queueConnection = createRedisConnection(redisUrl);
  const queues = createQueues(queueConnection);
  const mailer = createMailer(env.SMTP_URL);
  const deps: JobDeps = {
    db,
    queues,
    mailer,
    appUrl: env.APP_URL,
    mailFrom: process.env.MAIL_FROM ?? "医保基金使用自查自纠平台 <no-reply@zicha.local>",
    leaseSeconds: Number(process.env.NOTIFY_LEASE_SECONDS ?? 300),
    mailRetry: mailRetryFromEnv(),
  };
  const outboxFlushSeconds = Number(process.env.OUTBOX_FLUSH_SECONDS ?? 0);
  const close = await startWorkers(deps, redisUrl, { outboxFlushMs: outboxFlushSeconds > 0 ? outboxFlushSeconds * 1000 : undefined });
  log.info(
    { queues: Object.values(QUEUE_NAMES), prefix: queuePrefix() },
    `worker started (queues: ${Object.values(QUEUE_NAMES).join(", ")}; prefix ${queuePrefix()})`,
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
    process.exit(0);
  };
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
  process.once("SIGINT", () => void shutdown("SIGINT"));
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop()!)) {
  await main();
}
