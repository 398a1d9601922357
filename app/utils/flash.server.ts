import { createCookieSessionStorage, redirect } from "@remix-run/node";
import { env, isSecureCookie } from "~/utils/env.server";

// A signed cookie that carries one message across a redirect ("已保存").
const storage = createCookieSessionStorage<Record<string, never>, { message: string }>({
  cookie: {
    name: "zicha_flash",
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isSecureCookie,
    secrets: [env.SESSION_SECRET],
  },
});

export async function redirectWithFlash(to: string, message: string, init: { headers?: HeadersInit } = {}) {
  const session = await storage.getSession();
  session.flash("message", message);
  const headers = new Headers(init.headers);
  headers.append("Set-Cookie", await storage.commitSession(session));
  return redirect(to, { headers });
}

/** Read (and clear) the pending message. */
export async function takeFlash(request: Request): Promise<{ message: string | null; setCookie: string | null }> {
  const cookie = request.headers.get("Cookie");
  if (!cookie?.includes("zicha_flash=")) return { message: null, setCookie: null };
  const session = await storage.getSession(cookie);
  const message = (session.get("message") as string | undefined) ?? null;
  return { message, setCookie: await storage.commitSession(session) };
}
