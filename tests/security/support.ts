// Shared by the security tests: a running worker with a real SMTP server, TOTP codes, links
// read from mails, and sign-in through the real /login action.
import { generateHOTP } from "@oslojs/otp";
import { eq } from "drizzle-orm";
import { afterEach } from "vitest";
import { userTotp } from "~db/schema";
import { createRedisConnection } from "~jobs/connection";
import type { JobDeps } from "~jobs/handlers/deps";
import { createQueues, DEFAULT_JOB_OPTIONS, queuePrefix } from "~jobs/queues";
import { startWorkers } from "~jobs/worker";
import * as loginRoute from "~/routes/login";
import { db } from "~/utils/db.server";
import { createMailer } from "~/utils/mail.server";
import { newTotpKey, sealSecret, totpStep } from "~/utils/mfa.server";
import { closeQueues } from "~/utils/queue.server";
import { DEFAULT_PASSWORD } from "../factories";
import { callAction } from "../helpers";
import { startSmtpSink } from "../setup/smtp";

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

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("condition not met in time");
}

/** The token of the first `/path/<token>` link in a raw (quoted-printable) mail. */
export function linkTokenOf(raw: string, path: "invite" | "reset-password"): string {
  const text = raw.replace(/=\r\n/g, "").replace(/=3D/g, "=");
  const match = new RegExp(`/${path}/([A-Za-z0-9_-]{43})`).exec(text);
  if (!match) throw new Error(`no /${path}/ link in:\n${raw.slice(0, 2000)}`);
  return match[1];
}

/** The text part of a mail, decoded. */
export function mailText(raw: string): string {
  const part = /Content-Type: text\/plain[^]*?\r\n\r\n([^-]+)/.exec(raw)![1];
  return /Content-Transfer-Encoding: base64/i.test(raw) ? Buffer.from(part.replace(/\s/g, ""), "base64").toString("utf8") : part;
}

/** Enrol a TOTP authenticator for a user directly (as the setup page would), returning its key. */
export async function enrolTotp(userId: string, lastUsedStep: number | null = null): Promise<Uint8Array> {
  const key = newTotpKey();
  await db.insert(userTotp).values({ userId, secretEnc: sealSecret(key, userId), confirmedAt: new Date(), lastUsedStep });
  return key;
}

export async function totpRow(userId: string) {
  const [row] = await db.select().from(userTotp).where(eq(userTotp.userId, userId));
  return row;
}

/** The code an authenticator shows at `at` (or `steps` time steps from now). */
export function totpCode(key: Uint8Array, at: Date = new Date()): string {
  return generateHOTP(key, BigInt(totpStep(at)), 6);
}

/** POST /login as a browser would; returns the route result (cookie in Set-Cookie). */
export function postLogin(email: string, password = DEFAULT_PASSWORD, options: { redirectTo?: string; ip?: string } = {}) {
  return callAction(loginRoute.action, "/login", {
    form: { email, password, ...(options.redirectTo !== undefined ? { redirectTo: options.redirectTo } : {}) },
    ip: options.ip,
  });
}

export const cookieOf = (result: { headers: Headers }) => result.headers.get("Set-Cookie")!.split(";")[0];
