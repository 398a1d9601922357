// Issue 13, point 3: a Content-Security-Policy with per-request nonces on HTML pages, HSTS over
// https, Referrer-Policy, Permissions-Policy; a malformed Host gets 400 and never a stack trace,
// even when NODE_ENV is unset.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawRequest, startApp, type App } from "./app-server";

const STACK_TRACE = /\bat\s+\S+\s+\(|node_modules|\.js:\d+:\d+|TypeError|URIError|Invalid URL/;

describe("security headers (NODE_ENV=production, behind a proxy)", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ TRUST_PROXY: "true" });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it("an HTML page: CSP whose nonce every inline script carries, no 'unsafe-inline' for scripts; a new nonce each time", async () => {
    const first = await fetch(`${app.url}/login`);
    const policy = first.headers.get("Content-Security-Policy") ?? "";
    const html = await first.text();
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce).toBeTruthy();
    expect(policy).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).toContain("frame-ancestors 'none'");
    const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
    expect(scripts.length).toBeGreaterThan(1);
    for (const attributes of scripts) {
      const isInline = !/\bsrc=/.test(attributes);
      if (isInline) expect(attributes).toContain(`nonce="${nonce}"`);
    }
    const second = await fetch(`${app.url}/login`);
    expect(second.headers.get("Content-Security-Policy")).not.toContain(nonce);
  });

  it("Referrer-Policy, Permissions-Policy, nosniff and no framing on every answer; HSTS only over https", async () => {
    const plain = await fetch(`${app.url}/login`);
    expect(plain.headers.get("Referrer-Policy")).toBe("same-origin");
    expect(plain.headers.get("Permissions-Policy")).toContain("camera=()");
    expect(plain.headers.get("Permissions-Policy")).toContain("geolocation=()");
    expect(plain.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(plain.headers.get("X-Frame-Options")).toBe("DENY");
    expect(plain.headers.get("Strict-Transport-Security")).toBeNull();
    // TLS ends at the proxy, which says so.
    const https = await fetch(`${app.url}/login`, { headers: { "X-Forwarded-Proto": "https" } });
    expect(https.headers.get("Strict-Transport-Security")).toMatch(/^max-age=\d{7,}; includeSubDomains$/);
  });

  it("the page policy goes on HTML answers only (an image keeps whatever it has)", async () => {
    const icon = await fetch(`${app.url}/favicon.svg`);
    expect(icon.headers.get("Content-Security-Policy")).toBeNull();
  });
});

describe("malformed requests with NODE_ENV unset", () => {
  let app: App;
  beforeAll(async () => {
    app = await startApp({ NODE_ENV: undefined });
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each([
    ["a space in Host", "GET /login HTTP/1.1\r\nHost: exa mple.com"],
    ["an unclosed IPv6 literal", "GET /login HTTP/1.1\r\nHost: [::1"],
    ["a path in Host", "GET /login HTTP/1.1\r\nHost: evil.example/x?"],
    ["a port that is not a number", "GET /login HTTP/1.1\r\nHost: localhost:abc"],
    ["an absolute-form target", "GET http://evil.example/login HTTP/1.1\r\nHost: localhost"],
  ])("%s → 400 in Chinese, no stack trace", async (_name, head) => {
    const answer = await rawRequest(app, head);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("请求无效");
    expect(answer.text).not.toMatch(STACK_TRACE);
  });

  it("a path that does not decode → 400 in Chinese, no stack trace", async () => {
    const answer = await rawRequest(app, `GET /%E0%A4%A HTTP/1.1\r\nHost: localhost:${app.port}`);
    expect(answer.status).toBe(400);
    expect(answer.text).toContain("请求无效");
    expect(answer.text).not.toMatch(STACK_TRACE);
  });

  it("the server keeps serving afterwards", async () => {
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });
});
