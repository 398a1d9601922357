// Importing notices as bureaus publish them (issue 16), through the real import route with a
// real session: every text encoding Windows and WPS save, .doc and PDF files, the regulator's
// change of marker levels without uploading again, new-group and merge-groups edits, and the
// bounds (500 items, 5 MB in under 2 s).
import fs from "node:fs";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import iconv from "iconv-lite";
import { like } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { checklists } from "~db/schema";
import * as importRoute from "~/routes/reg.checklists_.import";
import { MAX_IMPORT_FILE_BYTES, packSourceText, readImportSource, unpackSourceText } from "~/models/checklist-import.server";
import { decodeText, readNoticeText } from "~/models/notice-text.server";
import type { PreviewTree } from "~/schemas/checklist-import";
import { db } from "~/utils/db.server";
import { createUser } from "../factories";
import { BASE_URL, callAction, sessionCookieFor, type RouteResult } from "../helpers";

const corpus = (name: string) => fs.readFileSync(path.resolve("checklists/fixtures/corpus", name), "utf8");
const pdfFixture = (name: string) => new Uint8Array(fs.readFileSync(path.resolve("checklists/fixtures/pdf", name)));
const META = { title: "欺诈骗取医保基金行为", issuer: "某市医疗保障局", docNumber: "某医保发〔2024〕1号", year: "2024" };
const counts = (tree: PreviewTree) => tree.groups.filter((g) => g.isIncluded).map((g) => g.items.length);
type Answer = { tree: PreviewTree; message: string | null; fieldErrors: Record<string, string> | null };

beforeEach(async () => {
  await db.delete(checklists).where(like(checklists.code, "import-%"));
});

async function upload(
  user: { id: string },
  name: string,
  bytes: Uint8Array,
  fields: Record<string, string> = {},
): Promise<RouteResult & { data: Answer }> {
  const body = new FormData();
  for (const [k, v] of Object.entries({ intent: "parse", ...META, text: "", startAt: "", ...fields })) body.append(k, v);
  body.append("file", new Blob([new Uint8Array(bytes)]), name);
  const request = new Request(new URL("/reg/checklists/import", BASE_URL), {
    method: "POST",
    headers: { Cookie: await sessionCookieFor(user.id), Origin: BASE_URL },
    body,
  });
  const out = (await importRoute.action({ request, params: {}, context: { requestId: "test", clientIp: "127.0.0.1" } })) as {
    data: Answer;
    init?: { status?: number };
  };
  return { status: out.init?.status ?? 200, data: out.data, headers: new Headers(), location: null };
}

const paste = (user: { id: string }, text: string) =>
  callAction(importRoute.action, "/reg/checklists/import", { user, form: { intent: "parse", ...META, text, startAt: "" } });
const post = (user: { id: string }, tree: PreviewTree, intent: string, fields: Record<string, string | string[]> = {}) =>
  callAction(importRoute.action, "/reg/checklists/import", { user, form: { tree: JSON.stringify(tree), intent, ...fields } });

describe("text encodings", () => {
  const text = corpus("01-shenyang-qa.txt");
  const utf16 = (le: boolean, bom: boolean) => {
    const body = Buffer.from(text, "utf16le");
    if (!le) body.swap16();
    return new Uint8Array(bom ? Buffer.concat([Buffer.from(le ? [0xff, 0xfe] : [0xfe, 0xff]), body]) : body);
  };
  const variants: [string, Uint8Array][] = [
    ["UTF-8", new TextEncoder().encode(text)],
    ["UTF-8 with BOM", new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)])],
    ["GB18030", new Uint8Array(iconv.encode(text, "gb18030"))],
    ["UTF-16 LE with BOM (Notepad's “Unicode”)", utf16(true, true)],
    ["UTF-16 BE with BOM", utf16(false, true)],
    ["UTF-16 LE without BOM", utf16(true, false)],
    ["UTF-16 BE without BOM", utf16(false, false)],
  ];

  it.each(variants)("%s: the same text, the same preview", async (_, bytes) => {
    expect(decodeText(bytes)).toBe(text);
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const r = await upload(regulator, "沈阳.txt", bytes);
    expect(r.status).toBe(200);
    expect(counts(r.data.tree)).toEqual([8, 5, 4]);
  });

  it("a binary file named .txt is refused with a clear message", async () => {
    const noise = new Uint8Array(4096).map((_, i) => (i * 7919) % 32);
    expect(decodeText(noise)).toBeNull();
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const r = await upload(regulator, "x.txt", noise);
    expect(r.status).toBe(400);
    expect(r.data.fieldErrors!.file).toContain("UTF-8");
  });
});

describe("Word and PDF files", () => {
  const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

  it("a legacy .doc (also one renamed .docx) gets a clear “save as .docx” message", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const doc = new Uint8Array([...OLE, ...new Uint8Array(504)]);
    for (const name of ["负面清单.doc", "负面清单.docx"]) {
      const r = await upload(regulator, name, doc);
      expect(r.status).toBe(400);
      expect(r.data.fieldErrors!.file).toContain("另存为”.docx");
    }
  });

  it("a PDF with a text layer is read (pdf.js) and gives the notice's hand counts", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const r = await upload(regulator, "沈阳.pdf", pdfFixture("text.pdf"));
    expect(r.status).toBe(200);
    const tree = r.data.tree;
    expect(counts(tree)).toEqual([8, 5, 4]);
    // CJK fonts map 金 and 行 to Kangxi radicals in the text layer; the text reads as printed.
    expect(tree.groups[0].items[0].title).toBe("虚构医药服务,伪造医疗文书和票据,骗取医疗保障基金的");
    expect(tree.groups[2].items[3].title).toBe("涉及参保人员的其他欺诈骗保行为");
    expect(tree.meta.source).toBe("import:沈阳.pdf");
  });

  it("a scanned PDF (no text layer) gets a clear message", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const r = await upload(regulator, "扫描件.pdf", pdfFixture("scanned.pdf"));
    expect(r.status).toBe(400);
    expect(r.data.fieldErrors!.file).toContain("扫描件");
  });

  it("PDF work is bounded: too many pages are refused before reading, and a time budget stops the rest", async () => {
    const bytes = pdfFixture("text.pdf");
    expect(await readNoticeText(bytes, "x.pdf", { pdfPages: 0, pdfMillis: 15_000 })).toEqual({
      ok: false,
      message: expect.stringContaining("超过 0 页"),
    });
    expect(await readNoticeText(bytes, "x.pdf", { pdfPages: 100, pdfMillis: 0 })).toEqual({
      ok: false,
      message: expect.stringContaining("超时"),
    });
    expect(await readNoticeText(bytes, "x.pdf")).toMatchObject({ ok: true, format: "pdf" });
  });
});

describe("changing the marker levels without uploading again", () => {
  // Group names in (1), the behaviours below them unnumbered, one per line.
  const text = [
    "医保基金使用负面清单",
    "(1)定点医疗机构",
    "分解住院、挂床住院；",
    "串换药品、医用耗材；",
    "(2)定点药店",
    "空刷医保凭证；",
    "来源：某市医疗保障局",
  ].join("\n");

  it("the preview shows which marker was taken for which level; “(1) is the group level” re-reads the same text", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const first = await paste(regulator, text);
    expect(first.status).toBe(200);
    let tree: PreviewTree = first.data.tree;
    expect(tree.structure).toEqual([{ kind: "paren-num", example: "(1)", count: 2, role: "item", isForced: false }]);
    expect(tree.groups.map((g) => g.items.length)).toEqual([2]);
    expect(tree.skipped).toEqual([{ line: 7, text: "来源：某市医疗保障局" }]);

    // Only the preview form is posted: the tree (with the text inside it) and the chosen levels.
    const reread = await post(regulator, tree, "reparse", { "role.paren-num": "heading", "meta.title": "改过的清单名称" });
    expect(reread.status).toBe(200);
    expect(reread.data.message).toContain("重新识别");
    tree = reread.data.tree;
    expect(tree.groups.map((g) => [g.heading, g.section, g.items.map((i) => i.title)])).toEqual([
      ["定点医疗机构", "定点医疗机构", ["分解住院、挂床住院", "串换药品、医用耗材"]],
      ["定点药店", "定点药店", ["空刷医保凭证"]],
    ]);
    expect(tree.structure).toEqual([{ kind: "paren-num", example: "(1)", count: 2, role: "heading", isForced: true }]);
    expect(tree.meta.title).toBe("改过的清单名称");

    // And back.
    const back = await post(regulator, tree, "reparse", { "role.paren-num": "item" });
    expect(back.data.tree.groups.map((g: PreviewTree["groups"][number]) => g.items.length)).toEqual([2]);

    const saved = await post(regulator, tree, "save");
    expect(saved.status).toBe(302);
  });

  it("a tree without its text, or with a tampered one, or an unknown level, is answered, not guessed", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const tree: PreviewTree = (await paste(regulator, text)).data.tree;
    const noSource = await post(regulator, { ...tree, source: undefined }, "reparse", { "role.paren-num": "heading" });
    expect(noSource.status).toBe(400);
    expect(noSource.data.message).toContain("重新开始导入");
    const tampered = await post(regulator, { ...tree, source: { ...tree.source!, text: "not-deflate" } }, "reparse", {
      "role.paren-num": "heading",
    });
    expect(tampered.status).toBe(400);
    // A deflate bomb in the text field: 20 MB of zeros packed into a few KB is not unpacked.
    const bomb = deflateRawSync(Buffer.alloc(20 * 1024 * 1024)).toString("base64url");
    expect(bomb.length).toBeLessThan(100_000);
    expect(unpackSourceText(bomb)).toBeNull();
    expect(unpackSourceText(packSourceText("一、定点药店"))).toBe("一、定点药店");
    const bombed = await post(regulator, { ...tree, source: { ...tree.source!, text: bomb } }, "reparse", { "role.paren-num": "heading" });
    expect(bombed.status).toBe(400);
    const badRole = await post(regulator, tree, "reparse", { "role.paren-num": "section" });
    expect(badRole.status).toBe(400);
    expect(badRole.data.fieldErrors._form).toContain("预览数据无效");
  });
});

describe("new-group and merge-groups edits", () => {
  it("splits a group at an item under a typed heading, and merges a group into the one above", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const first = await paste(regulator, corpus("04-meizhou-inline-missing-dots.txt"));
    let tree: PreviewTree = first.data.tree;
    expect(counts(tree)).toEqual([8]);

    const split = await post(regulator, tree, "newgroup:0:4");
    expect(split.status).toBe(200);
    tree = split.data.tree;
    expect(tree.groups.map((g) => [g.heading, g.items.length])).toEqual([
      [tree.groups[0].heading, 4],
      ["新分组", 4],
    ]);
    expect(tree.groups[1].items[0].title).toBe("重复收费、超标准收费、分解项目收费");

    // The new group's heading and section are typed in the same post as the next operation.
    const renamed = await post(regulator, tree, "apply", { "g.1.heading": "收费和结算", "g.1.section": "定点药店" });
    tree = renamed.data.tree;
    expect(tree.groups[1]).toMatchObject({ heading: "收费和结算", section: "定点药店", appliesTo: ["pharmacy"] });

    const merged = await post(regulator, tree, "mergegroup:1");
    tree = merged.data.tree;
    expect(tree.groups).toHaveLength(1);
    expect(tree.groups[0].items).toHaveLength(8);
    expect(tree.groups[0].items.every((i) => i.section === "定点医疗机构")).toBe(true);

    expect((await post(regulator, tree, "mergegroup:0")).status).toBe(400);
    expect((await post(regulator, tree, "newgroup:0:0")).status).toBe(400);
  });
});

describe("bounds", () => {
  const numbered = (n: number) =>
    [
      "一、定点医疗机构",
      ...Array.from({ length: n }, (_, i) => `（${i + 1}）将不属于医疗保障基金支付范围的医药费用纳入医疗保障基金结算；`),
    ].join("\n");

  it("more items than a list may hold (500) are refused with a clear message; 500 are accepted", async () => {
    const regulator = await createUser(db, "regulator", { regionCode: "420112" });
    const tooMany = await paste(regulator, numbered(501));
    expect(tooMany.status).toBe(400);
    expect(tooMany.data.fieldErrors.text).toBe(
      "识别出 501 条，超过一个清单最多 500 条的上限。请用“从此处开始”只导入清单部分，或把文件拆开分别导入。",
    );
    const ok = await paste(regulator, numbered(500));
    expect(ok.status).toBe(200);
    expect(counts(ok.data.tree)).toEqual([500]);
    // Splitting in the preview cannot take a list past the limit at save either.
    const over = await post(regulator, ok.data.tree, "save", { "i.0.0.title": "甲||乙" });
    expect(over.status).toBe(400);
    expect(over.data.fieldErrors._form).toContain("超过一个清单最多 500 条");
  });

  // The issue demands this bound. Timed: what the route does with an uploaded file once the form
  // is read (decode, parse, preview, pack the text into the page), as this process's CPU time so
  // that other work on a shared 2-core machine cannot make it fail; about 0.3–0.6 s here.
  it("a 5 MB text file is read, parsed and previewed in under 2 s, as is a 5 MB file with 40,000 items (refused)", async () => {
    const list = fs.readFileSync("checklists/fixtures/nmg-wsq-2025-negative-list.txt", "utf8");
    const chrome = "公示显示，2021年5月1日至2022年12月31日期间，某医院共有13项未执行价格政策的结算行为；违反了《条例》第十五条相关规定。\n";
    const big = new TextEncoder().encode(list + "\n" + chrome.repeat(Math.ceil(5_000_000 / Buffer.byteLength(chrome))));
    const bytes = big.subarray(0, MAX_IMPORT_FILE_BYTES - 100);
    expect(bytes.byteLength).toBeGreaterThan(5_000_000);
    const meta = { ...META, year: 2025 };
    const cpuMs = (since: NodeJS.CpuUsage) => {
      const used = process.cpuUsage(since);
      return (used.user + used.system) / 1000;
    };
    let started = process.cpuUsage();
    const read = await readImportSource({ meta, file: { name: "负面清单.txt", bytes } });
    expect(cpuMs(started)).toBeLessThan(2_000);
    expect(read.ok && counts(read.value)).toEqual([26, 27, 6, 4, 5]);
    expect(read.ok && read.value.skippedCount).toBeGreaterThan(25_000);

    const many = new TextEncoder().encode(numbered(40_000));
    expect(many.byteLength).toBeGreaterThan(3_000_000);
    started = process.cpuUsage();
    const refused = await readImportSource({ meta, file: { name: "很多条.txt", bytes: many } });
    expect(cpuMs(started)).toBeLessThan(2_000);
    expect(refused).toEqual({ ok: false, fieldErrors: { file: expect.stringContaining("识别出 40000 条") } });

    // Through the route, the same file is answered next to the file field.
    const regulator = await createUser(db, "regulator", { regionCode: "150626" });
    const r = await upload(regulator, "负面清单.txt", bytes);
    expect(r.status).toBe(200);
    expect(counts(r.data.tree)).toEqual([26, 27, 6, 4, 5]);
  });
});
