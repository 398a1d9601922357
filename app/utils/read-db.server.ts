// Which database serves a read that may lag: dashboards, exports and reports call
// `readDbFor(request)` and pass the result to their model function; everything else uses `db`
// (the primary). The rule (docs/decisions/023): after every state-changing request the web
// process remembers, in a cookie of that browser, the primary's WAL position once the request's
// transaction committed; a later read goes to the replica only if the replica has replayed up
// to that position, else to the primary. So a user always sees their own writes, while other
// users' dashboards may trail the primary by the replica's lag.
import { createCookie } from "@remix-run/node";
import { currentWalLsn, hasReplayed, LSN_PATTERN } from "~db/replica";
import { db, replicaDb, type Database } from "~/utils/db.server";
import { isSecureCookie } from "~/utils/env.server";

/** Not secret and not signed: a forged value only makes its own browser read from the primary (or see itself lag). */
export const writePositionCookie = createCookie("zicha_wlsn", { path: "/", httpOnly: true, sameSite: "lax", secure: isSecureCookie });

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** The primary, or the replica once it holds this browser's last write. */
export async function readDbFor(request: Request): Promise<Database> {
  if (!replicaDb) return db;
  let lsn: string | null = null;
  const header = request.headers.get("Cookie");
  if (header?.includes("zicha_wlsn=")) {
    const value: unknown = await writePositionCookie.parse(header);
    // A cookie that cannot be read is treated as a write we cannot place: the primary.
    if (typeof value !== "string" || !LSN_PATTERN.test(value)) return db;
    lsn = value;
  }
  return (await hasReplayed(replicaDb, lsn)) ? replicaDb : db;
}

/**
 * After a state-changing request has been handled (its transaction committed): remember the
 * primary's WAL position in the response's cookie. Without a replica there is nothing to do.
 */
export async function rememberWritePosition(request: Request, response: Response) {
  if (!replicaDb || SAFE_METHODS.has(request.method)) return;
  let lsn: string;
  try {
    lsn = await currentWalLsn(db);
  } catch (error) {
    // Unknown position: the highest there is, so this browser reads from the primary until
    // its next state-changing request succeeds in recording a real one.
    console.error("could not read the primary's WAL position", error);
    lsn = "FFFFFFFF/FFFFFFFF";
  }
  response.headers.append("Set-Cookie", await writePositionCookie.serialize(lsn));
}
