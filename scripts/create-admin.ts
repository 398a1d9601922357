// `npm run admin:create -- <e-mail> <name>`: the first system admin of a new installation
// (the demo seed never runs in production). Prints a random password once (it is stored only
// as its argon2id hash). Refuses an e-mail that already has an account. Audited.
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { createDatabase, type Database } from "~db/client";
import { users } from "~db/schema";
import { recordAudit } from "~/models/audit.server";
import { hashPassword } from "~/utils/password.server";

const inputSchema = z.object({ email: z.string().trim().toLowerCase().pipe(z.email()), name: z.string().trim().min(1).max(50) });

export async function createAdmin(db: Database, input: { email: string; name: string }, password = randomBytes(12).toString("base64url")) {
  const { email, name } = inputSchema.parse(input);
  return db.transaction(async (tx) => {
    const [existing] = await tx.select({ id: users.id }).from(users).where(eq(users.email, email));
    if (existing) throw new Error(`${email} already has an account`);
    const [row] = await tx
      .insert(users)
      .values({ email, name, passwordHash: await hashPassword(password), role: "admin" })
      .returning({ id: users.id });
    await recordAudit(tx, {
      actorUserId: null,
      action: "user.admin_created",
      entityType: "user",
      entityId: row.id,
      after: { email, name, role: "admin", via: "admin:create" },
    });
    return { id: row.id, email, password };
  });
}

const isEntry = process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1]);
if (isEntry) {
  const [email, ...nameParts] = process.argv.slice(2);
  if (!email || nameParts.length === 0) {
    console.error("usage: npm run admin:create -- <e-mail> <name>");
    process.exit(2);
  }
  const { db, client } = createDatabase(process.env.DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5432/zicha", { max: 1 });
  try {
    const admin = await createAdmin(db, { email, name: nameParts.join(" ") });
    console.log(`admin ${admin.email} created; one-time password: ${admin.password}`);
  } catch (error) {
    console.error(`admin:create: ${(error as Error).message}`);
    process.exitCode = 1;
  } finally {
    await client.end();
  }
}
