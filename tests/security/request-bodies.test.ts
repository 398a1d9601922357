// Issue 13, point 2: a 600 MB form posted to /login without a session answered 500. Every body
// over its route's limit must get 413 with a Chinese page before it is read, with or without a
// Content-Length, and multipart forms must be bounded in parts and fields.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import { FORM_BODY_LIMIT } from "~/utils/http-guards.server";
import { createUser } from "../factories";
import { sessionCookieFor } from "../helpers";
import { peakRssGrowth, startApp, streamPost, type App } from "./app-server";

const MiB = 1024 * 1024;
const TOO_LARGE_PAGE = "提交的内容过大";
let app: App;

beforeAll(async () => {
  app = await startApp();
});

afterAll(async () => {
  await app?.stop();
});

describe("bodies over the route's limit", () => {
  it("a 600 MB form to /login (no session) with its Content-Length: 413 with the Chinese page, before the body is read", async () => {
    const answer = await streamPost(app, "/login", { totalBytes: 600 * MiB, mode: "length" });
    expect(answer.status).toBe(413);
    expect(answer.body).toContain(TOO_LARGE_PAGE);
    expect(answer.body).toContain("128 KB");
    // What the client got into its socket buffers before the answer came; nowhere near 600 MB.
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * MiB);
  });

  it("the same form sent chunked (no Content-Length): counted as it streams, 413 past 128 KB, no buffering", async () => {
    const { result: answer, growthMb } = await peakRssGrowth(app, () =>
      streamPost(app, "/login", { totalBytes: 600 * MiB, mode: "chunked" }),
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toContain(TOO_LARGE_PAGE);
    expect(answer.sentBeforeAnswer).toBeLessThan(16 * MiB);
    expect(growthMb).toBeLessThan(64);
    // The server is unharmed and the refusal was not logged as an error.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
    expect(app.output()).not.toMatch(/Error|at /);
  });

  it("a client that asks first (Expect: 100-continue) is refused without sending a byte; so is Remix's .data path", async () => {
    const asked = await streamPost(app, "/login", { totalBytes: 600 * MiB, mode: "expect" });
    expect(asked.status).toBe(413);
    expect(asked.sentBeforeAnswer).toBe(0);
    const singleFetch = await streamPost(app, "/login.data", { totalBytes: 2 * MiB, mode: "length" });
    expect(singleFetch.status).toBe(413);
  });

  it("upload routes allow large bodies only as multipart, and only up to files × UPLOAD_MAX_FILE_MB", async () => {
    const evidence = "/inst/assessments/00000000-0000-0000-0000-000000000000/items/MI-01/evidence";
    // Urlencoded to an upload route: the ordinary 128 KB.
    expect((await streamPost(app, evidence, { totalBytes: 1 * MiB, mode: "length" })).status).toBe(413);
    // Multipart over 20 files × 50 MB (+1 MB of form): refused before a byte is read.
    const multipart = { "Content-Type": "multipart/form-data; boundary=x" };
    const over = await streamPost(app, evidence, { totalBytes: 1002 * MiB, mode: "length", headers: multipart });
    expect(over.status).toBe(413);
    expect(over.body).toContain("1001 MB");
    // Under the limit the request goes on to the route (which, without a session, sends to sign-in).
    const under = await streamPost(app, evidence, { totalBytes: 64 * 1024, mode: "length", headers: multipart });
    expect(under.status).toBe(302);
  });

  it("ordinary forms under the limit are untouched: a wrong password is still a 400 with its message", async () => {
    const body = new URLSearchParams({ email: "nobody@example.test", password: "x".repeat(10), filler: "中".repeat(10_000) });
    expect(body.toString().length).toBeLessThan(FORM_BODY_LIMIT);
    const response = await fetch(`${app.url}/login`, { method: "POST", body, headers: { Origin: app.url }, redirect: "manual" });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("邮箱或密码不正确");
  });
});

describe("multipart parts and fields are bounded", () => {
  it("roster upload: thousands of fields are refused with a message, not parsed", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300" });
    const cookie = await sessionCookieFor(regulator.id);
    const form = new FormData();
    for (let i = 0; i < 5_000; i++) form.append(`f${i}`, "x");
    form.append("file", new Blob(["机构名称\n"]), "名单.csv");
    const response = await fetch(`${app.url}/reg/institutions/import/upload`, {
      method: "POST",
      body: form,
      headers: { Cookie: cookie, Origin: app.url },
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toBe("表单中的字段或文件过多，系统没有接收");
  });

  it("checklist import: a second file or an over-long field is refused beside the file field", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "411300" });
    const cookie = await sessionCookieFor(regulator.id);
    const fields = {
      intent: "parse",
      title: "测试清单",
      issuer: "南阳市医疗保障局",
      docNumber: "宛医保〔2026〕1号",
      year: "2026",
      startAt: "",
    };
    const twoFiles = new FormData();
    for (const [k, v] of Object.entries(fields)) twoFiles.append(k, v);
    twoFiles.append("file", new Blob(["一、问题"]), "a.txt");
    twoFiles.append("file", new Blob(["一、问题"]), "b.txt");
    const first = await fetch(`${app.url}/reg/checklists/import`, {
      method: "POST",
      body: twoFiles,
      headers: { Cookie: cookie, Origin: app.url },
    });
    expect(first.status).toBe(413);
    expect(await first.text()).toContain("表单中的字段或文件过多");

    const longField = new FormData();
    for (const [k, v] of Object.entries(fields)) longField.append(k, v);
    longField.append("text", "问".repeat(800_000)); // 2.4 MB of UTF-8, over the 2 MB a field may hold
    const second = await fetch(`${app.url}/reg/checklists/import`, {
      method: "POST",
      body: longField,
      headers: { Cookie: cookie, Origin: app.url },
    });
    expect(second.status).toBe(413);
    expect(await second.text()).toContain("表单中有字段内容过长");
  });
});
