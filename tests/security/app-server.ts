// The built app served by server.js, as production runs it, on a free port against this test
// worker's database; plus raw HTTP clients for what fetch() will not send (a 600 MB body that is
// never built, a malformed Host header).
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import { freePort } from "../local";

export type App = {
  url: string;
  port: number;
  pid: number;
  /** Everything the server printed. */
  output: () => string;
  /** Resident set size of the server process, in MiB (Linux). */
  rssMb: () => number;
  stop: () => Promise<void>;
};

/** `env` values of undefined remove the variable (e.g. NODE_ENV, to run as an operator might). */
export async function startApp(env: Record<string, string | undefined> = {}): Promise<App> {
  if (!fs.existsSync("build/index.js")) throw new Error("build/index.js is missing: run `npx remix build` (npm test does)");
  const port = await freePort();
  const url = `http://localhost:${port}`;
  const childEnv: Record<string, string> = {};
  const merged = {
    ...process.env,
    PORT: String(port),
    NODE_ENV: "production",
    APP_URL: url,
    SESSION_SECRET: "security-session-secret-0123456789",
    MFA_SECRET_KEY: "5e".repeat(32),
    PII_SECRET_KEY: "6f".repeat(32),
    ...env,
  };
  for (const [key, value] of Object.entries(merged)) if (value !== undefined) childEnv[key] = value;
  const child = spawn(process.execPath, ["server.js"], { env: childEnv as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    url,
    port,
    pid: child.pid!,
    output: () => output,
    rssMb: () => {
      const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
    },
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
    },
  };
}

/** Run `during` while sampling the server's RSS every 10 ms; the peak growth over `baseline`. */
export async function peakRssGrowth<T>(app: App, during: () => Promise<T>): Promise<{ result: T; growthMb: number; baselineMb: number }> {
  const baselineMb = app.rssMb();
  let peak = baselineMb;
  const sampler = setInterval(() => (peak = Math.max(peak, app.rssMb())), 10);
  try {
    const result = await during();
    peak = Math.max(peak, app.rssMb());
    return { result, growthMb: peak - baselineMb, baselineMb };
  } finally {
    clearInterval(sampler);
  }
}

export type StreamedPost = { status: number | null; body: string; sentBeforeAnswer: number; error?: string };

/**
 * POST `totalBytes` of filler without ever holding them: with a Content-Length (or chunked), or
 * asking first (Expect: 100-continue). Stops sending as soon as an answer arrives.
 */
export function streamPost(
  app: App,
  path: string,
  opts: { totalBytes: number; mode: "length" | "chunked" | "expect"; headers?: Record<string, string> },
): Promise<StreamedPost> {
  return new Promise((resolve) => {
    let sent = 0;
    let answered = false;
    const headers: Record<string, string | number> = {
      Host: `localhost:${app.port}`,
      Origin: app.url,
      "Content-Type": "application/x-www-form-urlencoded",
      ...opts.headers,
    };
    if (opts.mode !== "chunked") headers["Content-Length"] = opts.totalBytes;
    if (opts.mode === "expect") headers.Expect = "100-continue";
    const req = http.request({ host: "127.0.0.1", port: app.port, path, method: "POST", headers });
    const block = Buffer.alloc(64 * 1024, "a");
    const pump = () => {
      while (!answered && sent < opts.totalBytes) {
        const n = Math.min(block.length, opts.totalBytes - sent);
        sent += n;
        if (!req.write(n === block.length ? block : block.subarray(0, n))) return void req.once("drain", pump);
      }
      if (!answered) req.end();
    };
    req.on("response", (res) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d) => (body += d));
      res.on("end", () => {
        resolve({ status: res.statusCode ?? null, body, sentBeforeAnswer });
        req.destroy();
      });
    });
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (!answered) resolve({ status: null, body: "", sentBeforeAnswer: sent, error: error.code ?? error.message });
    });
    if (opts.mode === "expect") req.once("continue", pump);
    else pump();
    if (opts.mode === "expect") req.flushHeaders();
  });
}

/** Send `head` (request line and headers, CRLF-separated) as raw bytes; the whole answer as text. */
export function rawRequest(app: App, head: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(app.port, "127.0.0.1", () => socket.end(`${head}\r\nConnection: close\r\n\r\n`));
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (d) => (text += d));
    socket.on("end", () => resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), text }));
    socket.on("error", reject);
  });
}
