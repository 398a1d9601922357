// Production web server: malformed requests refused, static assets, request ids, security
// headers, body limits per route, a same-origin check for every state-changing request, then
// Remix. The guards come from the build (app/utils/http-guards.server.ts).
import crypto from "node:crypto";
import { broadcastDevReady } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { verifyRequestOrigin } from "lucia";

const BUILD_PATH = "./build/index.js";
// Importing the build validates the environment (app/utils/env.server.ts): in production a
// missing SESSION_SECRET or MFA_SECRET_KEY stops the process here, naming the variable.
const build = await import(BUILD_PATH);
const guards = build.entry.module.httpGuards;
const { createLogger, routeConsoleToLogger, runWebStartupChecks } = build.entry.module;

// One JSON object per line on stdout (docs/decisions/016); console.* goes the same way.
const log = createLogger("web");
if (process.env.NODE_ENV === "production") routeConsoleToLogger(log);

// Least privilege: production refuses a superuser or table-owning database role.
if (!(await runWebStartupChecks((level, message) => log[level](message)))) {
  log.fatal("refusing to start: connect as the application role (see README, Production)");
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
app.set("trust proxy", process.env.TRUST_PROXY === "true");
app.use(guards.rejectMalformedRequest);
app.use(compression());
app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
// Files in public/ all have an extension: a page path (no dot in its last segment) skips the
// file-system lookup that would only miss.
const publicFiles = express.static("public", { maxAge: "1h" });
app.use((req, res, next) => (/\.[^/]*$/.test(req.path) ? publicFiles(req, res, next) : next()));

app.use((req, res, next) => {
  const incoming = req.get("x-request-id");
  req.requestId = incoming && /^[\w-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
  res.set("X-Request-Id", req.requestId);
  const started = process.hrtime.bigint();
  res.on("finish", () => {
    log.info(
      {
        requestId: req.requestId,
        method: req.method,
        path: redactPath(req.path),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        bytes: Number(res.get("content-length") ?? 0) || undefined,
        ip: req.ip,
      },
      "request",
    );
  });
  next();
});
app.use(guards.securityHeaders);
app.use(guards.rejectOversizedBody);

// Liveness: the process answers. Readiness (database, Redis, storage) is /readyz, in the app.
app.get("/healthz", (_req, res) => res.type("text/plain").send("ok"));

// Cross-site request forgery: a state-changing request must come from our own pages.
app.use((req, res, next) => {
  if (["GET", "HEAD", "OPTIONS"].includes(req.method)) return next();
  const origin = req.get("origin");
  const host = req.get("x-forwarded-host") && app.get("trust proxy") ? req.get("x-forwarded-host") : req.get("host");
  if (!origin || !host || !verifyRequestOrigin(origin, [host])) {
    res.status(403).type("text/plain; charset=utf-8").send("请求来源无效，请刷新页面后重试。");
    return;
  }
  next();
});

app.all(
  "*",
  guards.createRemixHandler({
    build,
    getLoadContext: (req) => ({ requestId: req.requestId, clientIp: req.ip ?? "unknown" }),
  }),
);
app.use(guards.handleServerError);

const port = Number(process.env.PORT ?? 3000);
const server = app.listen(port, () => {
  log.info({ port }, `Zicha listening on http://localhost:${port}`);
  if (process.env.NODE_ENV === "development") broadcastDevReady(build);
});
server.on("checkContinue", guards.answerExpectContinue(app));
// Node's default, written down because nginx relies on it: nginx closes an idle upstream
// connection at 4 s (keepalive_timeout in deploy/), before node closes it here, so nginx never
// sends a request on a connection node is closing. Raise nginx's only above this.
server.keepAliveTimeout = 5_000;

for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    log.info({ signal }, "shutting down: finishing requests in hand");
    server.close(() => process.exit(0));
    // Idle keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections();
  });
}

/** One-time tokens in paths (invitation and reset links) never reach the log. */
function redactPath(path) {
  return path
    .split("/")
    .map((part) => (/^[A-Za-z0-9_-]{32,}$/.test(part) && !/^[0-9a-f]{8}-[0-9a-f]{4}-/.test(part) ? ":token" : part))
    .join("/");
}
