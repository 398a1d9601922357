// Shared by the security tests: a running worker with a real SMTP server, TOTP codes, links
// read from mails, and sign-in through the real /login action.
import { generateHOTP } from "@oslojs/otp";
import { eq } from "drizzle-orm";
import { userTotp } from "~db/schema";
import * as loginRoute from "~/routes/login";
import { db } from "~/utils/db.server";
import { newTotpKey, sealSecret, totpStep } from "~/utils/mfa.server";
import { DEFAULT_PASSWORD } from "../factories";
import { callAction } from "../helpers";

export { startMailWorker, waitFor } from "../worker-harness";

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
