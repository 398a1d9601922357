import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createLocalStorage } from "~/utils/storage.server";
import { discardUploads, receiveUploads, sanitizeFileName, UploadRequestError, type ReceivedFile } from "~/utils/upload.server";

const MiB = 1024 * 1024;
const URL_ = "http://localhost:3000/inst/evidence";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const sizeAndHash = (bytes: Uint8Array) => ({ sizeBytes: bytes.length, sha256: sha256(bytes) });

// Smallest real files of each kind, by their magic numbers.
const PNG_1x1 = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
const JPEG = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), // SOI, APP0 of 16 bytes
  Buffer.from("JFIF\0"),
  Buffer.from([0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]),
  Buffer.alloc(64),
  Buffer.from([0xff, 0xd9]),
]);
const PDF = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]), Buffer.alloc(120)]);
// DOS header whose e_lfanew (offset 60) points at a PE signature at 0x80.
const MZ_PE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from("PE\0\0")]);
// An OLE compound file, the container of legacy .doc and .xls (and of .msi installers).
const CFB = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);

const pdfOfSize = (size: number) => Buffer.concat([PDF, Buffer.alloc(size - PDF.length, 0x20)]);

function formRequest(entries: [string, string | File][]): Request {
  const form = new FormData();
  for (const [name, value] of entries) form.append(name, value);
  return new Request(URL_, { method: "POST", body: form });
}

const file = (bytes: Uint8Array<ArrayBuffer>, name: string, type = "application/octet-stream") => new File([bytes], name, { type });

// ---------------------------------------------------------------------------------------------
// A multipart body generated on the fly, so a test can send hundreds of megabytes while holding
// one 64 KiB block; each file's SHA-256 is computed as it is generated.

const BLOCK = randomBytes(64 * 1024);

type RawPart =
  { field: string; value: string } | { field: string; filename: string; contentType?: string; size: number; head?: Uint8Array };

function* generateMultipart(boundary: string, parts: RawPart[], digests: string[]): Generator<Buffer> {
  const text = (s: string) => Buffer.from(s, "utf8");
  for (const part of parts) {
    if ("value" in part) {
      yield text(`--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"\r\n\r\n${part.value}\r\n`);
      continue;
    }
    yield text(
      `--${boundary}\r\nContent-Disposition: form-data; name="${part.field}"; filename="${part.filename}"\r\n` +
        `Content-Type: ${part.contentType ?? "application/octet-stream"}\r\n\r\n`,
    );
    const hash = createHash("sha256");
    for (let offset = 0; offset < part.size; offset += BLOCK.length) {
      const length = Math.min(BLOCK.length, part.size - offset);
      const source = offset === 0 && part.head ? Buffer.concat([part.head, BLOCK]) : BLOCK;
      const chunk = source.subarray(0, length);
      hash.update(chunk);
      yield chunk;
    }
    digests.push(hash.digest("hex"));
    yield text("\r\n");
  }
  yield text(`--${boundary}--\r\n`);
}

function streamedRequest(parts: RawPart[], opts: { stopAfterBytes?: number; failAfterBytes?: number } = {}) {
  const boundary = `----zichaTest${randomBytes(12).toString("hex")}`;
  const digests: string[] = [];
  const chunks = generateMultipart(boundary, parts, digests);
  let sentBytes = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks.next();
      if (next.done) return controller.close();
      sentBytes += next.value.length;
      if (opts.failAfterBytes !== undefined && sentBytes > opts.failAfterBytes) {
        return controller.error(new Error("client went away"));
      }
      if (opts.stopAfterBytes !== undefined && sentBytes > opts.stopAfterBytes) {
        controller.enqueue(next.value.subarray(0, next.value.length - (sentBytes - opts.stopAfterBytes)));
        return controller.close();
      }
      controller.enqueue(next.value);
    },
  });
  const init = {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half", // required by fetch for a streamed request body
  };
  return { request: new Request(URL_, init as RequestInit), digests };
}

/** Runs `work` while sampling RSS every few ms; returns its result and the peak growth in MiB. */
async function withPeakRss<T>(work: () => Promise<T>): Promise<{ result: T; growthMiB: number }> {
  globalThis.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().rss));
  const timer = setInterval(sample, 5);
  try {
    const result = await work();
    sample();
    return { result, growthMiB: (peak - baseline) / MiB };
  } finally {
    clearInterval(timer);
  }
}

/** Every file under dir, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

let sandbox: string;
let tempDir: string;
let storageDir: string;
beforeEach(async () => {
  sandbox = await fs.mkdtemp(path.join(os.tmpdir(), "zicha-upload-test-"));
  tempDir = path.join(sandbox, "uploads");
  storageDir = path.join(sandbox, "storage");
});
afterEach(async () => {
  await fs.rm(sandbox, { recursive: true, force: true });
});

async function expectTempFile(received: ReceivedFile, bytes: Uint8Array) {
  expect(path.dirname(received.tempPath)).toBe(tempDir);
  expect((await fs.readFile(received.tempPath)).equals(Buffer.from(bytes))).toBe(true);
}

describe("type sniffing", () => {
  it("accepts photos, PDFs and spreadsheets by their bytes, whatever the browser declared", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("整改台账").addRow(["问题编号", "整改措施"]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());

    const request = formRequest([
      ["note", "已按要求整改"],
      ["files", file(PNG_1x1, "现场照片.png", "text/plain")],
      ["files", file(JPEG, "盖章扫描件.jpg", "application/octet-stream")],
      ["files", file(PDF, "整改报告.pdf", "text/plain")],
      ["files", file(xlsx, "退费台账.xlsx", "application/zip")],
      ["itemCode", "A-01"],
    ]);
    const { fields, files, rejected } = await receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });

    expect(rejected).toEqual([]);
    expect(fields).toEqual({ note: "已按要求整改", itemCode: "A-01" });
    expect(files.map(({ tempPath: _, ...rest }) => rest)).toEqual([
      { originalName: "现场照片.png", contentType: "image/png", extension: "png", ...sizeAndHash(PNG_1x1) },
      { originalName: "盖章扫描件.jpg", contentType: "image/jpeg", extension: "jpg", ...sizeAndHash(JPEG) },
      { originalName: "整改报告.pdf", contentType: "application/pdf", extension: "pdf", ...sizeAndHash(PDF) },
      {
        originalName: "退费台账.xlsx",
        contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        extension: "xlsx",
        ...sizeAndHash(xlsx),
      },
    ]);
    await expectTempFile(files[0], PNG_1x1);
    await expectTempFile(files[3], xlsx);

    await discardUploads(files);
    expect(await listFiles(tempDir)).toEqual([]);
  });

  it("rejects renamed executables and unrecognised content as 'type', keeping nothing", async () => {
    const request = formRequest([
      ["files", file(ELF, "发票.pdf", "application/pdf")],
      ["files", file(MZ_PE, "整改方案.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")],
      ["files", file(Buffer.from("just some text"), "说明.pdf", "application/pdf")],
    ]);
    const { files, rejected } = await receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });

    expect(files).toEqual([]);
    expect(rejected.map((r) => [r.originalName, r.reason])).toEqual([
      ["发票.pdf", "type"],
      ["整改方案.docx", "type"],
      ["说明.pdf", "type"],
    ]);
    expect(rejected[0].message).toMatch(/^“发票\.pdf” 不是支持的文件类型，未保存。支持：.*PDF/);
    expect(await listFiles(tempDir)).toEqual([]);
  });

  it("accepts an OLE compound file only as .doc or .xls, labelled by that name", async () => {
    const request = formRequest([
      ["files", file(CFB, "整改通知.doc")],
      ["files", file(CFB, "明细.XLS")],
      ["files", file(CFB, "setup.msi")],
      ["files", file(CFB, "报告.pdf")],
    ]);
    const { files, rejected } = await receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });

    expect(files.map((f) => [f.originalName, f.contentType, f.extension])).toEqual([
      ["整改通知.doc", "application/msword", "doc"],
      ["明细.XLS", "application/vnd.ms-excel", "xls"],
    ]);
    expect(rejected.map((r) => [r.originalName, r.reason])).toEqual([
      ["setup.msi", "type"],
      ["报告.pdf", "type"],
    ]);
    await discardUploads(files);
  });
});

describe("limits", () => {
  it("rejects an empty file and ignores a file input left empty", async () => {
    const request = formRequest([
      ["files", file(new Uint8Array(), "空白.pdf", "application/pdf")],
      ["files", file(new Uint8Array(), "")],
    ]);
    const { files, rejected } = await receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });

    expect(files).toEqual([]);
    expect(rejected).toEqual([{ originalName: "空白.pdf", reason: "empty", message: "“空白.pdf” 是空文件，未保存" }]);
    expect(await listFiles(tempDir)).toEqual([]);
  });

  it("accepts a file of exactly maxFileBytes; one byte more is too_large and the next file still arrives", async () => {
    const request = formRequest([
      ["files", file(pdfOfSize(1024), "刚好.pdf")],
      ["files", file(pdfOfSize(1025), "超出.pdf")],
      ["files", file(PNG_1x1, "之后.png")],
    ]);
    const { files, rejected } = await receiveUploads(request, { maxFileBytes: 1024, maxFiles: 10, tempDir });

    expect(files.map((f) => [f.originalName, f.sizeBytes])).toEqual([
      ["刚好.pdf", 1024],
      ["之后.png", PNG_1x1.length],
    ]);
    expect(rejected).toEqual([{ originalName: "超出.pdf", reason: "too_large", message: "“超出.pdf” 超过 1 KB 的上限，未保存" }]);
    expect((await listFiles(tempDir)).length).toBe(2);
    await discardUploads(files);
  });

  it("rejects files beyond maxFiles as too_many and still reads the fields after them", async () => {
    const request = formRequest([
      ["files", file(PDF, "一.pdf")],
      ["files", file(PDF, "二.pdf")],
      ["files", file(PDF, "三.pdf")],
      ["files", file(PNG_1x1, "四.png")],
      ["note", "末尾字段"],
    ]);
    const { fields, files, rejected } = await receiveUploads(request, { maxFileBytes: MiB, maxFiles: 2, tempDir });

    expect(files.map((f) => f.originalName)).toEqual(["一.pdf", "二.pdf"]);
    expect(rejected).toEqual([
      { originalName: "三.pdf", reason: "too_many", message: "一次最多上传 2 个文件，“三.pdf” 未保存" },
      { originalName: "四.png", reason: "too_many", message: "一次最多上传 2 个文件，“四.png” 未保存" },
    ]);
    expect(fields).toEqual({ note: "末尾字段" });
    await discardUploads(files);
  });
});

describe("malformed requests", () => {
  it.each([
    ["a urlencoded form", "application/x-www-form-urlencoded", "note=1"],
    ["JSON", "application/json", "{}"],
    ["multipart without a boundary", "multipart/form-data", "--x--"],
  ])("refuses %s before reading it", async (_label, contentType, body) => {
    const request = new Request(URL_, { method: "POST", headers: { "Content-Type": contentType }, body });
    await expect(receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir })).rejects.toThrow(
      new UploadRequestError("请求不是文件上传表单（multipart/form-data）"),
    );
  });

  it("a control character in a raw part header makes the whole request malformed", async () => {
    const { request } = streamedRequest([{ field: "files", filename: "整改\u0001报告.pdf", size: 2000, head: PDF }]);
    const failure = receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });
    await expect(failure).rejects.toBeInstanceOf(UploadRequestError);
    expect(await listFiles(tempDir)).toEqual([]);
  });

  it.each([
    ["ends early", { stopAfterBytes: 150_000 }],
    ["errors (client went away)", { failAfterBytes: 150_000 }],
  ])("a body that %s is an UploadRequestError and leaves no temp files", async (_label, cut) => {
    const { request } = streamedRequest(
      [
        { field: "files", filename: "完整.pdf", size: 100_000, head: PDF },
        { field: "files", filename: "断开.pdf", size: 200_000, head: PDF },
      ],
      cut,
    );
    const failure = receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });
    await expect(failure).rejects.toBeInstanceOf(UploadRequestError);
    await expect(failure).rejects.toThrow("上传未完成或内容不完整，请重新上传");
    expect(await listFiles(tempDir)).toEqual([]);
  });
});

describe("file names", () => {
  it("are cleaned of paths, control and bidi characters, and capped at 200 characters", () => {
    expect(sanitizeFileName("..\\..\\windows\\x.pdf")).toBe("x.pdf");
    expect(sanitizeFileName("../../etc/passwd")).toBe("passwd");
    expect(sanitizeFileName("C:\\Users\\张三\\Desktop\\整改报告.pdf")).toBe("整改报告.pdf");
    expect(sanitizeFileName("整改\u0000报\r\n告\u007f.pdf")).toBe("整改报告.pdf");
    expect(sanitizeFileName("发票\u202Efdp.exe")).toBe("发票fdp.exe");
    expect(sanitizeFileName("..")).toBe("未命名文件");
    expect(sanitizeFileName("\u0001\u0002")).toBe("未命名文件");
    const long = sanitizeFileName(`${"长".repeat(300)}.pdf`);
    expect(Array.from(long)).toHaveLength(200);
    expect(long.endsWith("长.pdf")).toBe(true);
    expect(sanitizeFileName(`${"😀".repeat(250)}`)).toBe("😀".repeat(200)); // not cut inside a surrogate pair
  });

  it("from a hostile request only ever land as metadata: files go to the temp dir and storage by hash", async () => {
    const names = ["..\\..\\windows\\x.pdf", "../../etc/passwd", `../${"..%2F".repeat(3)}整改\t报告\u202E.pdf`, `${"长".repeat(300)}.pdf`];
    const { request } = streamedRequest(names.map((filename) => ({ field: "files", filename, size: 2000, head: PDF })));
    const { files, rejected } = await receiveUploads(request, { maxFileBytes: MiB, maxFiles: 10, tempDir });

    expect(rejected).toEqual([]);
    expect(files.map((f) => f.originalName)).toEqual(["x.pdf", "passwd", "..%2F..%2F..%2F整改报告.pdf", `${"长".repeat(196)}.pdf`]);
    for (const received of files) expect(path.dirname(received.tempPath)).toBe(tempDir);

    const storage = createLocalStorage(storageDir);
    for (const received of files) await storage.putFile(received.tempPath, received.sha256, received.contentType);
    // Everything written is under the two roots, and the stored files are named by hash alone.
    expect((await fs.readdir(sandbox)).sort()).toEqual(["storage", "uploads"]);
    expect(await listFiles(tempDir)).toEqual([]);
    for (const stored of await listFiles(storageDir)) expect(stored).toMatch(/^[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{64}$/);
  });
});

describe("memory stays flat for large uploads (50 MB limit)", () => {
  const maxFileBytes = 50 * MiB;

  const slow = { timeout: 180_000 };

  it("a 300 MB file is refused as too_large, nothing is kept, and the file after it still arrives", slow, async () => {
    const { request } = streamedRequest([
      { field: "files", filename: "全院扫描件.pdf", size: 300 * MiB, head: PDF },
      { field: "files", filename: "现场照片.png", size: PNG_1x1.length, head: PNG_1x1 },
      { field: "note", value: "大文件之后" },
    ]);
    const upload = () => receiveUploads(request, { maxFileBytes, maxFiles: 10, tempDir });
    const { result, growthMiB } = await withPeakRss(upload);
    console.info(`[upload] 300 MB over the limit: peak RSS growth ${growthMiB.toFixed(1)} MiB`);

    expect(result.rejected).toEqual([
      { originalName: "全院扫描件.pdf", reason: "too_large", message: "“全院扫描件.pdf” 超过 50 MB 的上限，未保存" },
    ]);
    expect(result.files.map((f) => [f.originalName, f.contentType])).toEqual([["现场照片.png", "image/png"]]);
    expect(result.fields).toEqual({ note: "大文件之后" });
    expect(await listFiles(tempDir)).toEqual([path.basename(result.files[0].tempPath)]);
    await expect(fs.access(storageDir)).rejects.toThrow();
    expect(growthMiB).toBeLessThan(60);

    await discardUploads(result.files);
    expect(await listFiles(tempDir)).toEqual([]);
  });

  it("a file one byte under the limit arrives whole, with the right size and sha256, and is stored", slow, async () => {
    const size = maxFileBytes - 1;
    const { request, digests } = streamedRequest([{ field: "files", filename: "病历复印件（盖章）.pdf", size, head: PDF }]);
    const received = await withPeakRss(() => receiveUploads(request, { maxFileBytes, maxFiles: 10, tempDir }));
    console.info(`[upload] 50 MB − 1 byte received: peak RSS growth ${received.growthMiB.toFixed(1)} MiB`);

    const { files, rejected } = received.result;
    expect(rejected).toEqual([]);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      originalName: "病历复印件（盖章）.pdf",
      contentType: "application/pdf",
      sizeBytes: size,
      sha256: digests[0],
    });
    expect((await fs.stat(files[0].tempPath)).size).toBe(size);
    expect(received.growthMiB).toBeLessThan(60);

    const storage = createLocalStorage(storageDir);
    const stored = await withPeakRss(() => storage.putFile(files[0].tempPath, files[0].sha256, files[0].contentType));
    console.info(`[upload] 50 MB − 1 byte stored: peak RSS growth ${stored.growthMiB.toFixed(1)} MiB`);
    expect(stored.growthMiB).toBeLessThan(60);
    expect(await listFiles(tempDir)).toEqual([]);
    const { stream, sizeBytes } = await storage.getStream(digests[0]);
    stream.destroy();
    expect(sizeBytes).toBe(size);
  });
});
