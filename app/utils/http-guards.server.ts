// What the web server (server.js) puts in front of Remix: malformed requests answered 400,
// request bodies bounded per route before they are read (413 with a Chinese page), security
// headers with a per-request CSP nonce, the Remix adapter that streams the bounded body in, and
// a last error handler that never shows a stack trace (docs/decisions/013-abusive-input.md).
//
// It lives in the app (and reaches server.js through the build, see entry.server.tsx) so that
// its limits come from the same constants and its text from the same message module.
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Transform } from "node:stream";
import {
  createReadableStreamFromReadable,
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import type { ErrorRequestHandler, NextFunction, Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import { MAX_IMPORT_FILE_BYTES } from "~/models/checklist-import.server";
import { MAX_ROSTER_FILE_MB } from "~/models/roster.server";
import stylesUrl from "~/styles/app.css";
import { env } from "~/utils/env.server";
import { t } from "~/utils/i18n";
import { rememberWritePosition } from "~/utils/read-db.server";

const KiB = 1024;
const MiB = 1024 * KiB;

/**
 * Every ordinary form: twice the largest one the schemas allow (≈ 60 KB when each field holds its
 * maximum of Chinese text, percent-encoded at 9 bytes a character), so that a text over its
 * length still gets its field message rather than this refusal.
 */
export const FORM_BODY_LIMIT = 128 * KiB;
/** Room for the other fields and the multipart framing beside the files. */
const MULTIPART_OVERHEAD = 1 * MiB;

type UploadRoute = { pattern: RegExp; limit: () => number; multipartOnly: boolean };

// `.data` is where Remix's single fetch posts the same forms when JavaScript runs.
const UPLOAD_ROUTES: UploadRoute[] = [
  {
    pattern: /^\/inst\/assessments\/[^/]+\/items\/[^/]+\/evidence(?:\.data)?$/,
    limit: () => env.UPLOAD_MAX_FILE_MB * MiB * env.UPLOAD_MAX_FILES + MULTIPART_OVERHEAD,
    multipartOnly: true,
  },
  {
    pattern: /^\/reg\/inspections\/[^/]+\/attachments(?:\.data)?$/,
    limit: () => env.UPLOAD_MAX_FILE_MB * MiB * env.UPLOAD_MAX_FILES + MULTIPART_OVERHEAD,
    multipartOnly: true,
  },
  {
    pattern: /^\/reg\/institutions\/import(?:\/upload)?(?:\.data)?$/,
    limit: () => MAX_ROSTER_FILE_MB * MiB + MULTIPART_OVERHEAD,
    multipartOnly: true,
  },
  // The preview steps post the whole tree back (urlencoded), up to 500 items.
  { pattern: /^\/reg\/checklists\/import(?:\.data)?$/, limit: () => MAX_IMPORT_FILE_BYTES + MULTIPART_OVERHEAD, multipartOnly: false },
];

/** The most bytes a request to this path may carry. Uploads may be large only as multipart. */
export function bodyLimitFor(pathname: string, contentType: string | undefined): number {
  const isMultipart = (contentType ?? "").toLowerCase().startsWith("multipart/form-data");
  const route = UPLOAD_ROUTES.find((r) => r.pattern.test(pathname));
  if (route && (isMultipart || !route.multipartOnly)) return route.limit();
  return FORM_BODY_LIMIT;
}

const formatLimit = (bytes: number) => (bytes >= MiB ? `${Number((bytes / MiB).toFixed(1))} MB` : `${Math.round(bytes / KiB)} KB`);

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The app's error page, without Remix (the request never reaches it). */
function tooLargePage(limit: number): string {
  const title = escapeHtml(t("limits.body.title"));
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${title} · ${escapeHtml(t("app.fullName"))}</title><link rel="stylesheet" href="${stylesUrl}"></head>` +
    `<body><main id="main" class="page"><section class="card error-card" role="alert"><h1>${title}</h1>` +
    `<p>${escapeHtml(t("limits.body.tooLarge", { limit: formatLimit(limit) }))}</p>` +
    `<p><a class="button" href="/">${escapeHtml(t("limits.body.backHome"))}</a></p></section></main></body></html>`
  );
}

/**
 * After a 413 the rest of the body is read and dropped (never buffered) until the client stops
 * sending: a client that has taken the answer in stops within moments. The connection is closed
 * when nothing arrives for LINGER_IDLE_MS, or at the latest after LINGER_MAX_MS or LINGER_BYTES.
 * Closing earlier, while the client is still sending, makes the kernel reset the connection, and a
 * client that has not yet read the answer (a busy phone, a loaded proxy) loses the 413 page.
 */
const LINGER_IDLE_MS = 1_000;
const LINGER_MAX_MS = 10_000;
const LINGER_BYTES = 256 * MiB;

/** Stop reading a body the answer no longer needs; the body's end keeps the connection usable. */
function drainOrClose(req: IncomingMessage) {
  if (req.complete || req.destroyed) return;
  req.unpipe();
  let dropped = 0;
  const close = () => {
    clearTimeout(idle);
    clearTimeout(deadline);
    req.socket?.destroy();
  };
  let idle = setTimeout(close, LINGER_IDLE_MS);
  const deadline = setTimeout(close, LINGER_MAX_MS);
  idle.unref();
  deadline.unref();
  req.on("data", (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > LINGER_BYTES) return close();
    clearTimeout(idle);
    idle = setTimeout(close, LINGER_IDLE_MS);
    idle.unref();
  });
  req.once("end", () => {
    clearTimeout(idle);
    clearTimeout(deadline);
  });
  req.resume();
}

/** 413 at once, then stop reading. */
function refuseBody(req: IncomingMessage, res: ServerResponse, limit: number) {
  if (!res.headersSent) {
    res.writeHead(413, {
      "Content-Type": "text/html; charset=utf-8",
      "Content-Security-Policy": "default-src 'none'; style-src 'self'",
      "Cache-Control": "no-store",
    });
    res.end(tooLargePage(limit));
  }
  drainOrClose(req);
}

const plainText = (res: ExpressResponse, status: number, text: string) => {
  res.status(status).set({ "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" }).send(text);
};

// Host names (letters, digits, '-', '_' and dots) or an IPv6 literal, with an optional port.
const HOST_PATTERN =
  /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*\.?|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/** The URL Remix will see, or null when the request cannot name one (bad Host, absolute-form target). */
function requestUrl(req: ExpressRequest): URL | null {
  const target = req.originalUrl;
  if (!target.startsWith("/")) return null;
  const forwarded = req.app.get("trust proxy") ? req.get("X-Forwarded-Host")?.split(",")[0].trim() : undefined;
  const host = forwarded || req.get("Host");
  if (!host || !HOST_PATTERN.test(host)) return null;
  try {
    return new URL(`${req.protocol}://${host}${target}`);
  } catch {
    return null;
  }
}

/** First of all: a request whose Host or target is not a URL gets 400 and nothing else runs. */
export const rejectMalformedRequest: RequestHandler = (req, res, next) => {
  if (!requestUrl(req)) return plainText(res, 400, t("limits.badHost"));
  next();
};

/** Content-Length over the route's limit → 413 before a byte of the body is read. */
export const rejectOversizedBody: RequestHandler = (req, res, next) => {
  const limit = bodyLimitFor(req.path, req.get("Content-Type"));
  res.locals.bodyLimit = limit;
  const declared = Number(req.get("Content-Length") ?? 0);
  if (Number.isFinite(declared) && declared > limit) return refuseBody(req, res, limit);
  next();
};

/**
 * For the http server's 'checkContinue' event: a client that asks before sending
 * (Expect: 100-continue) an over-limit body gets the 413 instead of the go-ahead, and sends nothing.
 */
export function answerExpectContinue(app: (req: IncomingMessage, res: ServerResponse) => void) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const pathname = (req.url ?? "/").split("?")[0];
    const limit = bodyLimitFor(pathname, req.headers["content-type"]);
    if (Number(req.headers["content-length"] ?? 0) > limit) return refuseBody(req, res, limit);
    res.writeContinue();
    app(req, res);
  };
}

export const PERMISSIONS_POLICY =
  "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), interest-cohort=()";

/**
 * The policy for HTML pages. Scripts only from this origin or inline with this request's nonce
 * (Remix's <Scripts>, <ScrollRestoration> and streamed data carry it); style sheets only from
 * this origin; style attributes allowed (React renders a few computed widths and heights as
 * style="…"; an attribute cannot load script). See docs/decisions/013-abusive-input.md.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Headers on every answer, and a fresh CSP nonce for the page this request may render. */
export const securityHeaders: RequestHandler = (req, res, next) => {
  res.locals.cspNonce = randomBytes(16).toString("base64");
  res.set({
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": PERMISSIONS_POLICY,
  });
  // Only over https (req.secure honours X-Forwarded-Proto when TRUST_PROXY=true).
  if (req.secure) res.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  next();
};

/** The request body as Remix reads it: counted as it streams, cut off with a 413 past the limit. */
function boundedBody(req: ExpressRequest, res: ExpressResponse, limit: number, onRefused: () => void) {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= limit) return done(null, chunk);
      if (!counter.destroyed) {
        refuseBody(req, res, limit);
        onRefused();
        counter.destroy(new Error(`request body over ${limit} bytes`));
      }
      done();
    },
  });
  // The reader (Remix) sees the error; a late one after it stopped listening must not crash us.
  counter.on("error", () => {});
  req.once("error", (error) => counter.destroy(error));
  return req.pipe(counter);
}

type LoadContextOf = (req: ExpressRequest, res: ExpressResponse) => Pick<AppLoadContext, "requestId" | "clientIp">;

/**
 * The Remix request handler (in place of @remix-run/express's, which hands Remix the raw,
 * unbounded request stream): the body comes through boundedBody, the load context gets the
 * CSP nonce, and an HTML answer gets the policy that names it.
 */
export function createRemixHandler({ build, getLoadContext }: { build: ServerBuild; getLoadContext: LoadContextOf }): RequestHandler {
  const handle = createRequestHandler(build, build.mode);
  return async (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => {
    try {
      const url = requestUrl(req);
      if (!url) return plainText(res, 400, t("limits.badHost"));
      const controller = new AbortController();
      res.on("close", () => {
        if (!res.writableFinished) controller.abort();
      });
      // A route that answered without reading the whole body (a refused form) leaves the rest
      // unread; it must not stall the connection's next request.
      res.once("finish", () => drainOrClose(req));
      const headers = new Headers();
      for (const [key, value] of Object.entries(req.headers)) {
        if (Array.isArray(value)) for (const v of value) headers.append(key, v);
        else if (value !== undefined) headers.set(key, value);
      }
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      const limit = (res.locals.bodyLimit as number | undefined) ?? bodyLimitFor(req.path, req.get("Content-Type"));
      const request = new Request(url.href, {
        method: req.method,
        headers,
        signal: controller.signal,
        // Aborting tells Remix the answer no longer matters (no error log for a refused body).
        ...(hasBody
          ? { body: createReadableStreamFromReadable(boundedBody(req, res, limit, () => controller.abort())), duplex: "half" }
          : {}),
      } as RequestInit);
      const nonce = res.locals.cspNonce as string;
      const response = await handle(request, { ...getLoadContext(req, res), cspNonce: nonce });
      if (res.headersSent) return; // the body went over its limit and was answered with 413
      // Read-your-writes with a read replica: this browser's last write position (read-db.server.ts).
      await rememberWritePosition(request, response);
      if (/^text\/html/i.test(response.headers.get("Content-Type") ?? "") && !response.headers.has("Content-Security-Policy")) {
        response.headers.set("Content-Security-Policy", contentSecurityPolicy(nonce));
      }
      res.statusMessage = response.statusText;
      res.status(response.status);
      for (const [key, value] of response.headers.entries()) res.append(key, value);
      if (response.body) await writeReadableStreamToWritable(response.body, res);
      else res.end();
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The last handler: whatever went wrong, no stack trace reaches the client (Express's own
 * handler shows one unless NODE_ENV=production). 4xx errors of the plumbing (a path that does
 * not decode) keep their status; anything else is logged with the request id and answered 500.
 */
export const handleServerError: ErrorRequestHandler = (error, req, res, _next) => {
  const status = Number((error as { status?: number; statusCode?: number })?.status ?? (error as { statusCode?: number })?.statusCode);
  const requestId = (req as { requestId?: string }).requestId ?? "-";
  if (res.headersSent) {
    console.error(`[${requestId}] ${req.method} ${req.path} failed after the answer began:`, error);
    req.socket.destroy();
    return;
  }
  if (status >= 400 && status < 500) return plainText(res, status, t("limits.badRequest"));
  console.error(`[${requestId}] ${req.method} ${req.path}`, error);
  plainText(res, 500, t("limits.unexpected", { requestId }));
};
