// `npm run worker`: the job worker, a process of its own beside the web server.
import { Worker } from "bullmq";
import { createDatabase } from "../db/client";
import { createMailer } from "../app/utils/mail.server";
import { createRedisConnection } from "./connection";
import { processEmailJob } from "./handlers/send-email";
import { processReminderJob } from "./handlers/reminders";
import { processOnboardingJob } from "./handlers/onboarding";
import type { JobDeps } from "./handlers/deps";
import { createQueues, QUEUE_NAMES, queuePrefix, type EmailJob, type OnboardingJob, type ReminderJob } from "./queues";
import { upsertSchedulers } from "./schedulers";

export type WorkerOptions = { concurrency?: { reminders?: number; email?: number; onboarding?: number }; schedule?: boolean };

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
    worker.on("failed", (job, error) => console.error(`[${worker.name}] job ${job?.id} failed (attempt ${job?.attemptsMade}):`, error.message));
    worker.on("error", (error) => console.error(`[${worker.name}]`, error.message));
  }
  if (options.schedule !== false) await upsertSchedulers(deps.queues);
  return async function close() {
    // Stop taking jobs and let the ones in hand finish; BullMQ leaves connections it was given open.
    await Promise.all([reminders.close(), email.close(), onboarding.close()]);
    for (const connection of connections) connection.disconnect();
  };
}

async function main() {
  const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
  const { db, client } = createDatabase(process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha", { max: 10 });
  const queueConnection = createRedisConnection(redisUrl);
  const queues = createQueues(queueConnection);
  const mailer = createMailer(process.env.SMTP_URL ?? "smtp://127.0.0.1:1025");
  const deps: JobDeps = {
    db,
    queues,
    mailer,
    appUrl: process.env.APP_URL ?? "http://localhost:3000",
    mailFrom: process.env.MAIL_FROM ?? "医保基金使用自查自纠平台 <no-reply@zicha.local>",
    leaseSeconds: Number(process.env.NOTIFY_LEASE_SECONDS ?? 300),
  };
  const close = await startWorkers(deps, redisUrl);
  console.log(`worker started (queues: ${Object.values(QUEUE_NAMES).join(", ")}; prefix ${queuePrefix()})`);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`worker: ${signal}, finishing jobs in hand…`);
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
