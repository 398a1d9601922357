// The only module that knows about lucia: moving to hand-written sessions touches this file alone.
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { Lucia, TimeSpan } from "lucia";
import { sessions, users } from "../../db/schema";
import { db } from "./db.server";
import { isSecureCookie } from "./env.server";
import type { Role } from "./domain";

const adapter = new DrizzlePostgreSQLAdapter(db, sessions, users);

export const lucia = new Lucia(adapter, {
  // Sliding 12-hour sessions; the cookie itself ends with the browser (shared hospital PCs).
  sessionExpiresIn: new TimeSpan(12, "h"),
  sessionCookie: {
    name: "zicha_session",
    expires: false,
    attributes: { secure: isSecureCookie, sameSite: "lax" },
  },
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    name: attributes.name,
    role: attributes.role,
    institutionId: attributes.institutionId,
    regionCode: attributes.regionCode,
    isActive: attributes.isActive,
  }),
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    UserId: string;
    DatabaseUserAttributes: {
      email: string;
      name: string;
      role: Role;
      institutionId: string | null;
      regionCode: string | null;
      isActive: boolean;
    };
  }
}

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: Role;
  institutionId: string | null;
  regionCode: string | null;
  isActive: boolean;
};

/** The signed-in user of this request, or null. */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (!sessionId) return null;
  const { user } = await lucia.validateSession(sessionId);
  if (!user || !user.isActive) return null;
  return user;
}

/** Start a session and return the Set-Cookie header value. */
export async function createUserSession(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

/** End this request's session; returns the Set-Cookie header that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const sessionId = lucia.readSessionCookie(request.headers.get("Cookie") ?? "");
  if (sessionId) await lucia.invalidateSession(sessionId);
  return lucia.createBlankSessionCookie().serialize();
}
