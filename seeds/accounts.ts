// Demo: one more account, with two-factor sign-in already set up, so the second step can be
// tried with any authenticator app. Idempotent: an existing account keeps its secret (re-made
// only if MFA_SECRET_KEY changed and the stored one no longer opens).
import { eq } from "drizzle-orm";
import type { Executor } from "~db/client";
import { users, userTotp } from "~db/schema";
import { formatTotpKey, newTotpKey, openSecret, sealSecret, totpUri } from "~/utils/mfa.server";
import { createUser } from "../tests/factories";

export const MFA_DEMO = { email: "mfa-demo@demo.zicha.cn", name: "韩立新", region: "411300" };

export async function seedTwoFactorDemo(db: Executor): Promise<{ email: string; secret: string; uri: string }> {
  let [user] = await db.select({ id: users.id }).from(users).where(eq(users.email, MFA_DEMO.email));
  if (!user) user = await createUser(db, "regulator", { email: MFA_DEMO.email, name: MFA_DEMO.name, regionCode: MFA_DEMO.region });
  const [stored] = await db.select().from(userTotp).where(eq(userTotp.userId, user.id));
  let key: Uint8Array | null = null;
  if (stored?.confirmedAt) {
    try {
      key = openSecret(stored.secretEnc, user.id);
    } catch {
      key = null;
    }
  }
  if (!key) {
    key = newTotpKey();
    await db.delete(userTotp).where(eq(userTotp.userId, user.id));
    await db.insert(userTotp).values({ userId: user.id, secretEnc: sealSecret(key, user.id), confirmedAt: new Date() });
  }
  return {
    email: MFA_DEMO.email,
    secret: formatTotpKey(key).replace(/ /g, ""),
    uri: totpUri(key, "医保基金使用自查自纠平台", MFA_DEMO.email),
  };
}
