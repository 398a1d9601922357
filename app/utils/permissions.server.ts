import { redirect } from "@remix-run/node";
import { getSessionUser, type SessionUser } from "~/utils/session.server";

/** Who is acting and on what: every model function that touches tenant data takes one. */
export type InstitutionScope = {
  kind: "institution";
  userId: string;
  role: "officer" | "staff";
  institutionId: string;
  /** The institution's province (the distribution key, decision 029); looked up when absent. */
  provinceCode?: string;
};
export type RegionScope = { kind: "region"; userId: string; regionCode: string };
export type Scope = InstitutionScope | RegionScope;

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

export function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await getSessionUser(request);
  if (!user) {
    const url = new URL(request.url);
    const redirectTo = url.pathname + url.search;
    throw redirect(`/login?redirectTo=${encodeURIComponent(redirectTo)}`);
  }
  return user;
}

export async function requireInstitutionUser(request: Request): Promise<{ user: SessionUser; scope: InstitutionScope }> {
  const user = await requireUser(request);
  if ((user.role !== "officer" && user.role !== "staff") || !user.institutionId) forbidden();
  return {
    user,
    scope: { kind: "institution", userId: user.id, role: user.role, institutionId: user.institutionId, provinceCode: user.provinceCode },
  };
}

export async function requireOfficer(request: Request) {
  const result = await requireInstitutionUser(request);
  if (result.scope.role !== "officer") forbidden();
  return result;
}

export async function requireRegulator(request: Request): Promise<{ user: SessionUser; scope: RegionScope }> {
  const user = await requireUser(request);
  if (user.role !== "regulator" || !user.regionCode) forbidden();
  return { user, scope: { kind: "region", userId: user.id, regionCode: user.regionCode } };
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") forbidden();
  return user;
}

/** Where a user lands after signing in. */
export function homePathFor(user: Pick<SessionUser, "role">): string {
  switch (user.role) {
    case "admin":
      return "/admin";
    case "regulator":
      return "/reg";
    default:
      return "/inst";
  }
}

/** Institution users and regulators (not admins), with the scope their queries filter by. */
export async function requireScope(request: Request): Promise<{ user: SessionUser; scope: Scope }> {
  const user = await requireUser(request);
  if ((user.role === "officer" || user.role === "staff") && user.institutionId) {
    return {
      user,
      scope: { kind: "institution", userId: user.id, role: user.role, institutionId: user.institutionId, provinceCode: user.provinceCode },
    };
  }
  if (user.role === "regulator" && user.regionCode) {
    return { user, scope: { kind: "region", userId: user.id, regionCode: user.regionCode } };
  }
  forbidden();
}
