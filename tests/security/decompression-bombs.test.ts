// Issue 13, point 1: a 1 MB .xlsx that unpacked to 276 MB held the web process for 15 s and grew
// it by 1.3 GB. Each bomb below goes through the real routes of the running server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readUntrustedFile } from "~/utils/untrusted-file.server";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { sessionCookieFor } from "../helpers";
import { startApp, peakRssGrowth, type App } from "./app-server";
import { buildBomb, buildManyEntries, withLyingSize } from "./bombs";

const UNPACKED_MB = 300;
let app: App;
let xlsxBomb: Buffer;
let lyingXlsxBomb: Buffer;
let docxBomb: Buffer;

beforeAll(async () => {
  app = await startApp();
  xlsxBomb = await buildBomb({ kind: "xlsx", unpackedMb: UNPACKED_MB });
  lyingXlsxBomb = withLyingSize(xlsxBomb, "xlsx");
  docxBomb = await buildBomb({ kind: "docx", unpackedMb: UNPACKED_MB, lie: true });
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

function multipart(fields: Record<string, string>, file: { name: string; bytes: Buffer }): FormData {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  form.append("file", new Blob([new Uint8Array(file.bytes)]), file.name);
  return form;
}

async function post(path: string, cookie: string, form: FormData) {
  const started = Date.now();
  const response = await fetch(`${app.url}${path}`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: app.url },
    redirect: "manual",
  });
  const text = await response.text();
  return { status: response.status, text, ms: Date.now() - started };
}

const rosterCsv = Buffer.from("机构名称,机构类型\n南阳测试医院,医院\n");
const noticeTxt = Buffer.from("一、测试\n1.条目一\n2.条目二\n");

/**
 * "Within 1 s" is measured over what an ordinary small file takes on the same route right before:
 * on a loaded machine both grow, and what the test holds is that the bomb costs no more than a
 * second beyond an ordinary upload (unpacking it would take many seconds and hundreds of MB).
 */
async function ordinaryMs(send: () => Promise<{ ms: number }>) {
  return (await send()).ms;
}

async function regulatorCookie() {
  const regulator = await createUser(db, "regulator", { regionCode: "411300" });
  return sessionCookieFor(regulator.id);
}

describe("decompression bombs through the real routes", () => {
  it("sizes: each bomb is under 1 MB on the wire and unpacks to 300 MB", () => {
    for (const bomb of [xlsxBomb, lyingXlsxBomb, docxBomb]) expect(bomb.length).toBeLessThan(1024 * 1024);
  });

  it("roster import: an .xlsx bomb (honest sizes, then lying ones) gets a Chinese error within 1 s; web RSS grows < 64 MB", async () => {
    const cookie = await regulatorCookie();
    // Warm up the route and the worker-thread path once, so the baseline is the steady state.
    await post("/reg/institutions/import/upload", cookie, multipart({}, { name: "名单.csv", bytes: rosterCsv }));
    for (const bomb of [xlsxBomb, lyingXlsxBomb]) {
      const baseline = await ordinaryMs(() =>
        post("/reg/institutions/import/upload", cookie, multipart({}, { name: "名单.csv", bytes: rosterCsv })),
      );
      const { result, growthMb } = await peakRssGrowth(app, () =>
        post("/reg/institutions/import/upload", cookie, multipart({}, { name: "名单.xlsx", bytes: bomb })),
      );
      console.log(`[bomb] ${result.status} in ${result.ms} ms (an ordinary file: ${baseline} ms), RSS +${growthMb.toFixed(1)} MiB`);
      expect(result.status).toBe(400);
      expect(JSON.parse(result.text).error).toBe(
        "文件解压后超过 50 MB（可能是“压缩炸弹”），系统已拒绝读取。请检查文件内容，或拆分后再上传。",
      );
      expect(result.ms).toBeLessThan(1000 + baseline);
      expect(growthMb).toBeLessThan(64);
    }
    // The server still answers at once.
    expect((await fetch(`${app.url}/healthz`)).status).toBe(200);
  });

  it("checklist import: a .docx bomb and an .xlsx bomb get the message beside the file field within 1 s; RSS grows < 64 MB", async () => {
    const cookie = await regulatorCookie();
    const fields = {
      intent: "parse",
      title: "测试清单",
      issuer: "南阳市医疗保障局",
      docNumber: "宛医保〔2026〕1号",
      year: "2026",
      text: "",
      startAt: "",
    };
    for (const [name, bomb] of [
      ["通知.docx", docxBomb],
      ["清单.xlsx", lyingXlsxBomb],
    ] as const) {
      const baseline = await ordinaryMs(() =>
        post("/reg/checklists/import", cookie, multipart(fields, { name: "通知.txt", bytes: noticeTxt })),
      );
      const { result, growthMb } = await peakRssGrowth(app, () =>
        post("/reg/checklists/import", cookie, multipart(fields, { name, bytes: bomb })),
      );
      console.log(`[bomb] ${result.status} in ${result.ms} ms (an ordinary file: ${baseline} ms), RSS +${growthMb.toFixed(1)} MiB`);
      expect(result.status).toBe(400);
      expect(result.text).toContain("文件解压后超过 50 MB（可能是“压缩炸弹”）");
      expect(result.ms).toBeLessThan(1000 + baseline);
      expect(growthMb).toBeLessThan(64);
    }
  });
});

describe("the untrusted-file reader's own limits", () => {
  it("a zip of more entries than the cap is refused before anything is inflated", async () => {
    const result = await readUntrustedFile({ bytes: await buildManyEntries(1_500) }, { kind: "xlsx-rows", maxRows: 10 });
    expect(result).toMatchObject({ ok: false, reason: "too_many_entries" });
  });

  it("a bomb read from a file on disk is refused the same way as one in memory", async () => {
    const fs = await import("node:fs/promises");
    const os = await import("node:os");
    const path = await import("node:path");
    const file = path.join(os.tmpdir(), `bomb-${process.pid}.xlsx`);
    await fs.writeFile(file, lyingXlsxBomb);
    try {
      expect(await readUntrustedFile({ path: file }, { kind: "xlsx-rows", maxRows: 10 })).toMatchObject({
        ok: false,
        reason: "unpacked_too_large",
      });
    } finally {
      await fs.rm(file, { force: true });
    }
  });

  it("rows are capped while streaming, a slow read is stopped at its time limit, a greedy one at its heap limit", async () => {
    const rows = Buffer.from(Array.from({ length: 500 }, (_, i) => `机构${i},医院`).join("\n"));
    expect(await readUntrustedFile({ bytes: rows }, { kind: "csv-rows", maxRows: 100 })).toMatchObject({
      ok: false,
      reason: "too_many_rows",
      message: "文件超过 100 行，请拆分后分批上传。",
    });
    expect(await readUntrustedFile({ bytes: rows }, { kind: "csv-rows", maxRows: 1_000 }, { timeoutMs: 1 })).toMatchObject({
      ok: false,
      reason: "timeout",
    });
    // A 2 MB heap cannot even load the parser.
    expect(await readUntrustedFile({ bytes: rows }, { kind: "csv-rows", maxRows: 1_000 }, { maxHeapMb: 2 })).toMatchObject({
      ok: false,
      reason: "memory",
    });
    expect(await readUntrustedFile({ bytes: rows }, { kind: "csv-rows", maxRows: 1_000 })).toMatchObject({ ok: true });
  });
});
