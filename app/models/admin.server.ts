import { asc, eq, sql } from "drizzle-orm";
import { getMailHealth } from "~/models/mail-outage.server";
import { regions, users } from "~db/schema";
import type { Executor } from "~/utils/db.server";

/** Regions with their institution and regulator counts, for the system overview. */
async function listRegionOverview(exec: Executor) {
  return exec
    .select({
      code: regions.code,
      name: regions.name,
      level: regions.level,
      depth: sql<number>`cardinality(string_to_array(trim(both '/' from ${regions.path}), '/')) - 1`,
      institutionCount: sql<number>`(select count(*)::int from institutions i where i.region_code = ${regions.code})`,
      regulatorCount: sql<number>`(select count(*)::int from users u where u.region_code = ${regions.code} and u.role = 'regulator')`,
    })
    .from(regions)
    .orderBy(asc(regions.path));
}

async function listRegulators(exec: Executor) {
  return exec
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      regionName: regions.name,
      regionCode: users.regionCode,
      isActive: users.isActive,
    })
    .from(users)
    .innerJoin(regions, eq(regions.code, users.regionCode))
    .where(eq(users.role, "regulator"))
    .orderBy(asc(regions.path), asc(users.name));
}

/** The admin's home page: regions with their accounts, the regulators, and mail health. */
export async function getAdminHomePage(exec: Executor) {
  const [regions, regulators, mailHealth] = await Promise.all([listRegionOverview(exec), listRegulators(exec), getMailHealth(exec)]);
  return { regions, regulators, mailHealth };
}
