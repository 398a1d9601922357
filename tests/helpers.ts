// Call loaders and actions the way Remix does: a real Request carrying a real session cookie.
import type { ActionFunction, LoaderFunction } from "@remix-run/node";
import { createUserSession } from "~/utils/session.server";

export const BASE_URL = "http://localhost:3000";

export async function sessionCookieFor(userId: string): Promise<string> {
  const setCookie = await createUserSession(userId);
  return setCookie.split(";")[0];
}

type CallOptions = {
  user?: { id: string } | null;
  params?: Record<string, string>;
  form?: Record<string, string | string[]>;
  cookie?: string;
  ip?: string;
  requestId?: string;
  headers?: Record<string, string>;
};

export type RouteResult = {
  status: number;
  data: any;
  headers: Headers;
  /** Location of a redirect, if the route redirected. */
  location: string | null;
};

async function buildRequest(path: string, method: string, options: CallOptions) {
  const headers = new Headers({ Origin: BASE_URL, ...options.headers });
  const cookies = [options.cookie, options.user ? await sessionCookieFor(options.user.id) : null].filter(Boolean);
  if (cookies.length) headers.set("Cookie", cookies.join("; "));
  let body: URLSearchParams | undefined;
  if (options.form) {
    body = new URLSearchParams();
    for (const [key, value] of Object.entries(options.form)) {
      for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
    }
    headers.set("Content-Type", "application/x-www-form-urlencoded");
  }
  return new Request(new URL(path, BASE_URL), { method, headers, body });
}

async function settle(run: () => Promise<unknown>): Promise<RouteResult> {
  let outcome: unknown;
  try {
    outcome = await run();
  } catch (thrown) {
    outcome = thrown;
    if (!(thrown instanceof Response) && !isDataWithInit(thrown)) throw thrown;
  }
  if (outcome instanceof Response) {
    const text = await outcome.text();
    return { status: outcome.status, data: text, headers: outcome.headers, location: outcome.headers.get("Location") };
  }
  if (isDataWithInit(outcome)) {
    const init = outcome.init ?? {};
    return { status: init.status ?? 200, data: outcome.data, headers: new Headers(init.headers), location: null };
  }
  return { status: 200, data: outcome, headers: new Headers(), location: null };
}

function isDataWithInit(value: unknown): value is { data: unknown; init?: { status?: number; headers?: HeadersInit } } {
  return !!value && typeof value === "object" && (value as { type?: string }).type === "DataWithResponseInit";
}

export async function callLoader(loader: LoaderFunction, path: string, options: CallOptions = {}): Promise<RouteResult> {
  const request = await buildRequest(path, "GET", options);
  return settle(() =>
    Promise.resolve(
      loader({
        request,
        params: options.params ?? {},
        context: { requestId: options.requestId ?? "test", clientIp: options.ip ?? "127.0.0.1" },
      }),
    ),
  );
}

export async function callAction(action: ActionFunction, path: string, options: CallOptions = {}): Promise<RouteResult> {
  const request = await buildRequest(path, "POST", options);
  return settle(() =>
    Promise.resolve(
      action({
        request,
        params: options.params ?? {},
        context: { requestId: options.requestId ?? "test", clientIp: options.ip ?? "127.0.0.1" },
      }),
    ),
  );
}
