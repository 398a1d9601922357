// Builders for valid rows. The demo seed uses these too, so demo data and test data agree.
import { sql } from "drizzle-orm";
import { institutions, users } from "~db/schema";
import type { Executor } from "~db/client";
import { creditCodeCheckChar } from "~/domain/codes";
import type { InstitutionGrade, InstitutionKind, Ownership, Role } from "~/domain/vocabulary";
import { hashPassword } from "~/utils/password.server";

let sequence = 0;
const next = () => ++sequence;

/** A unified social credit code with a correct GB 32100 check character. */
export function makeCreditCode(regionCode: string, serial: number, isEnterprise = false): string {
  const head = isEnterprise ? "91" : "12";
  const body = String(serial).padStart(8, "0") + String(serial % 10);
  const first17 = `${head}${regionCode}${body}`.slice(0, 17);
  return first17 + creditCodeCheckChar(first17);
}

export function makeNhsaCode(kind: InstitutionKind, regionCode: string, serial: number): string {
  return `${kind === "pharmacy" ? "P" : "H"}${regionCode}${String(serial).padStart(5, "0")}`;
}

export type InstitutionOverrides = Partial<{
  name: string;
  kind: InstitutionKind;
  grade: InstitutionGrade;
  ownership: Ownership;
  regionCode: string;
  serial: number;
  contactName: string;
  contactPhone: string;
}>;

export async function createInstitution(exec: Executor, o: InstitutionOverrides = {}) {
  const kind = o.kind ?? "hospital";
  const regionCode = o.regionCode ?? "411303";
  const serial = o.serial ?? 10000 + next();
  const [row] = await exec
    .insert(institutions)
    .values({
      name: o.name ?? `测试医疗机构${serial}`,
      kind,
      grade: o.grade ?? (kind === "hospital" ? "secondary" : "ungraded"),
      ownership: o.ownership ?? (kind === "pharmacy" ? "private" : "public"),
      regionCode,
      nhsaCode: makeNhsaCode(kind, regionCode, serial),
      creditCode: makeCreditCode(regionCode, serial, kind === "pharmacy" || o.ownership === "private"),
      contactName: o.contactName ?? null,
      contactPhone: o.contactPhone ?? null,
    })
    .returning();
  return row;
}

const hashCache = new Map<string, Promise<string>>();
function cachedHash(password: string) {
  if (!hashCache.has(password)) hashCache.set(password, hashPassword(password));
  return hashCache.get(password)!;
}

export const DEFAULT_PASSWORD = "Zicha@2026";

export type UserOverrides = Partial<{
  email: string;
  name: string;
  password: string;
  institutionId: string;
  regionCode: string;
  isActive: boolean;
}>;

export async function createUser(exec: Executor, role: Role, o: UserOverrides = {}) {
  const n = next();
  const [row] = await exec
    .insert(users)
    .values({
      email: (o.email ?? `${role}${n}@example.test`).toLowerCase(),
      name: o.name ?? `用户${n}`,
      passwordHash: await cachedHash(o.password ?? DEFAULT_PASSWORD),
      role,
      institutionId: role === "officer" || role === "staff" ? (o.institutionId ?? null) : null,
      regionCode: role === "regulator" ? (o.regionCode ?? "411300") : null,
      isActive: o.isActive ?? true,
    })
    .returning();
  return row;
}

/** The newest published version of a shipped checklist, by its file code. */
export async function getChecklistVersionId(exec: Executor, code: string): Promise<string> {
  const rows = await exec.execute<{ id: string }>(sql`
    select v.id from checklist_versions v join checklists c on c.id = v.checklist_id
    where c.code = ${code} and v.status = 'published' order by v.version desc limit 1`);
  if (!rows[0]) throw new Error(`checklist ${code} is not imported`);
  return rows[0].id;
}
