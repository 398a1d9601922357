// The worker's dependencies as a test builds them: queues under this test's Redis prefix, a
// mailer for the test's SMTP sink, and one `close` that empties and closes what it opened.
import type { JobsOptions } from "bullmq";
import { createRedisConnection } from "~jobs/connection";
import type { JobDeps } from "~jobs/handlers/deps";
import { createQueues, queuePrefix } from "~jobs/queues";
import { db } from "~/utils/db.server";
import { createMailer } from "~/utils/mail.server";

export type TestJobDepsOptions = {
  redisUrl?: string;
  jobOptions?: JobsOptions;
  leaseSeconds?: number;
  mailRetry?: JobDeps["mailRetry"];
};

/** `smtpUrl` as the mailer takes it (add `?pool=false` for a sink that is stopped and started). */
export function createTestJobDeps(smtpUrl: string, opts: TestJobDepsOptions = {}) {
  const connection = createRedisConnection(opts.redisUrl);
  const queues = createQueues(connection, queuePrefix(), opts.jobOptions);
  const mailer = createMailer(smtpUrl);
  const deps: JobDeps = {
    db,
    queues,
    mailer,
    appUrl: "http://localhost:3000",
    mailFrom: "自查 <no-reply@zicha.test>",
    leaseSeconds: opts.leaseSeconds ?? 300,
    ...(opts.mailRetry ? { mailRetry: opts.mailRetry } : {}),
  };
  const close = async () => {
    for (const queue of Object.values(queues)) await queue.obliterate({ force: true }).catch(() => {});
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    connection.disconnect();
    mailer.close();
  };
  return { deps, queues, close };
}
