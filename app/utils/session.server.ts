// The only module that knows about lucia: moving to hand-written sessions touches this file alone.
import { DrizzlePostgreSQLAdapter } from "@lucia-auth/adapter-drizzle";
import { and, asc, eq, ne } from "drizzle-orm";
import { Lucia, TimeSpan, type Session } from "lucia";
import { sessions, users } from "~db/schema";
import { db, type Executor } from "~/utils/db.server";
import { isSecureCookie } from "~/utils/env.server";
import type { Role } from "~/domain/vocabulary";

const adapter = new DrizzlePostgreSQLAdapter(db, sessions, users);

/** Idle timeout: lucia slides the expiry (a request in its second half extends it). */
export const IDLE_TIMEOUT_HOURS = 2;
/** Absolute lifetime of a session, however active (decision 011). */
export const ABSOLUTE_LIFETIME_MS = 12 * 60 * 60 * 1000;
/** A session that still owes its second factor has this long to get it. */
export const SECOND_FACTOR_WINDOW_MS = 10 * 60 * 1000;

export const lucia = new Lucia(adapter, {
  sessionExpiresIn: new TimeSpan(IDLE_TIMEOUT_HOURS, "h"),
  // The cookie itself ends with the browser (shared hospital PCs).
  sessionCookie: {
    name: "zicha_session",
    expires: false,
    attributes: { secure: isSecureCookie, sameSite: "lax" },
  },
  getSessionAttributes: (attributes) => ({
    createdAt: attributes.createdAt,
    absoluteExpiresAt: attributes.absoluteExpiresAt,
    isMfaPending: attributes.isMfaPending,
  }),
  getUserAttributes: (attributes) => ({
    email: attributes.email,
    name: attributes.name,
    role: attributes.role,
    institutionId: attributes.institutionId,
    regionCode: attributes.regionCode,
    provinceCode: attributes.provinceCode,
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
      provinceCode: string;
      isActive: boolean;
    };
    DatabaseSessionAttributes: {
      createdAt: Date;
      absoluteExpiresAt: Date;
      ip: string | null;
      userAgent: string | null;
      isMfaPending: boolean;
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
  /** The distribution key of the user's rows (docs/decisions/029). */
  provinceCode: string;
  isActive: boolean;
};

/** Where a session starts: shown on the "signed-in devices" page. */
export type SessionOrigin = { ip?: string | null; userAgent?: string | null };

const readSessionId = (request: Request) => lucia.readSessionCookie(request.headers.get("Cookie") ?? "");

type Validated = { session: Session; user: SessionUser } | null;

/**
 * One validation per request: Remix runs the root's, the layout's and the page's loaders for
 * one request with the same Request object, and each asks who is signed in. The answer is kept
 * with the request (and dies with it), so a page costs one session read, not three.
 * Revocation and both expiries are checked by that read as before.
 */
const validatedByRequest = new WeakMap<Request, Promise<Validated>>();

/** A live session of an active user, past its idle and absolute ends checked; null otherwise. */
function validate(request: Request): Promise<Validated> {
  // Only reads are memoized: a POST's action may end or replace sessions before the loaders run.
  if (request.method !== "GET" && request.method !== "HEAD") return validateUncached(request);
  let found = validatedByRequest.get(request);
  if (!found) {
    found = validateUncached(request);
    validatedByRequest.set(request, found);
  }
  return found;
}

async function validateUncached(request: Request): Promise<Validated> {
  const sessionId = readSessionId(request);
  if (!sessionId) return null;
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session || !user) return null;
  if (new Date(session.absoluteExpiresAt).getTime() <= Date.now()) {
    await lucia.invalidateSession(session.id);
    return null;
  }
  if (!user.isActive) return null;
  return { session, user };
}

/** The signed-in user of this request, or null (a session still owing its second factor is not signed in). */
export async function getSessionUser(request: Request): Promise<SessionUser | null> {
  const found = await validate(request);
  if (!found || found.session.isMfaPending) return null;
  return found.user;
}

/** The signed-in user and the id of this request's session (for "this device"). */
export async function getSessionUserAndId(request: Request): Promise<{ user: SessionUser; sessionId: string } | null> {
  const found = await validate(request);
  if (!found || found.session.isMfaPending) return null;
  return { user: found.user, sessionId: found.session.id };
}

/** The user whose password was right but whose second factor is still owed, or null. */
export async function getSecondFactorUser(request: Request): Promise<SessionUser | null> {
  const found = await validate(request);
  if (!found || !found.session.isMfaPending) return null;
  return found.user;
}

/**
 * Start a session and return the Set-Cookie header value. `isMfaPending`: only the
 * second-factor page opens with it, for a few minutes.
 */
export async function createUserSession(
  userId: string,
  origin: SessionOrigin = {},
  options: { isMfaPending?: boolean } = {},
): Promise<string> {
  const now = Date.now();
  const isMfaPending = options.isMfaPending ?? false;
  const session = await lucia.createSession(userId, {
    createdAt: new Date(now),
    absoluteExpiresAt: new Date(now + (isMfaPending ? SECOND_FACTOR_WINDOW_MS : ABSOLUTE_LIFETIME_MS)),
    ip: origin.ip ?? null,
    userAgent: origin.userAgent?.slice(0, 300) ?? null,
    isMfaPending,
  });
  return lucia.createSessionCookie(session.id).serialize();
}

/**
 * The second factor was given: the half-signed-in session is replaced by a full one with a new
 * id (an id seen before the second factor never becomes a signed-in one).
 */
export async function completeSecondFactor(request: Request, userId: string, origin: SessionOrigin = {}): Promise<string> {
  const sessionId = readSessionId(request);
  if (sessionId) await lucia.invalidateSession(sessionId);
  return createUserSession(userId, origin);
}

/** End this request's session; returns the Set-Cookie header that clears the cookie. */
export async function destroyUserSession(request: Request): Promise<string> {
  const sessionId = readSessionId(request);
  if (sessionId) await lucia.invalidateSession(sessionId);
  return blankSessionCookie();
}

export function blankSessionCookie(): string {
  return lucia.createBlankSessionCookie().serialize();
}

/** End every session of a user (deactivation, password reset), or all but one (password change). */
export async function destroyAllSessionsOf(exec: Executor, userId: string, options: { exceptSessionId?: string } = {}): Promise<number> {
  const where = options.exceptSessionId
    ? and(eq(sessions.userId, userId), ne(sessions.id, options.exceptSessionId))
    : eq(sessions.userId, userId);
  const ended = await exec.delete(sessions).where(where).returning({ id: sessions.id });
  return ended.length;
}

/** End one session of this user (a device on the list); false if it is not theirs or already over. */
export async function destroySessionOf(exec: Executor, userId: string, sessionId: string): Promise<boolean> {
  const ended = await exec
    .delete(sessions)
    .where(and(eq(sessions.userId, userId), eq(sessions.id, sessionId)))
    .returning({ id: sessions.id });
  return ended.length === 1;
}

export type DeviceSession = {
  id: string;
  createdAt: Date;
  expiresAt: Date;
  absoluteExpiresAt: Date;
  ip: string | null;
  userAgent: string | null;
};

/** The user's live signed-in sessions, oldest first. */
export async function listSessionsOf(exec: Executor, userId: string, now: Date = new Date()): Promise<DeviceSession[]> {
  const rows = await exec
    .select({
      id: sessions.id,
      createdAt: sessions.createdAt,
      expiresAt: sessions.expiresAt,
      absoluteExpiresAt: sessions.absoluteExpiresAt,
      ip: sessions.ip,
      userAgent: sessions.userAgent,
      isMfaPending: sessions.isMfaPending,
    })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(asc(sessions.createdAt));
  return rows.filter((r) => !r.isMfaPending && r.expiresAt > now && r.absoluteExpiresAt > now).map(({ isMfaPending: _pending, ...r }) => r);
}
