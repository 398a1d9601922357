import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  createLocalStorage,
  createS3Storage,
  getEvidenceStorage,
  StoredHashMismatchError,
  StoredObjectMissingError,
  type EvidenceStorage,
} from "~/utils/storage.server";
import { startS3Server, type TestS3Server } from "../setup/s3-server";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Every file under dir, as paths relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)));
}

let workDir: string;
let uploadsDir: string;
beforeEach(async () => {
  workDir = await fs.mkdtemp(path.join(os.tmpdir(), "zicha-storage-test-"));
  uploadsDir = path.join(workDir, "uploads");
  await fs.mkdir(uploadsDir);
});
afterEach(async () => {
  await fs.rm(workDir, { recursive: true, force: true });
});

async function writeTemp(bytes: Uint8Array): Promise<string> {
  const tempPath = path.join(uploadsDir, `${randomBytes(8).toString("hex")}.part`);
  await fs.writeFile(tempPath, bytes);
  return tempPath;
}

/** The contract both backends keep. */
async function expectRoundTrip(storage: EvidenceStorage, bytes: Buffer) {
  const hash = sha256(bytes);
  expect(await storage.exists(hash)).toBe(false);

  const tempPath = await writeTemp(bytes);
  await storage.putFile(tempPath, hash, "application/pdf");
  await expect(fs.access(tempPath)).rejects.toThrow(); // consumed
  expect(await storage.exists(hash)).toBe(true);

  const { stream, sizeBytes } = await storage.getStream(hash);
  expect(sizeBytes).toBe(bytes.length);
  expect((await readAll(stream)).equals(bytes)).toBe(true);

  // Idempotent: the same content again is accepted and still consumes its temp file.
  const again = await writeTemp(bytes);
  await storage.putFile(again, hash, "application/pdf");
  await expect(fs.access(again)).rejects.toThrow();
  const second = await storage.getStream(hash);
  second.stream.destroy(); // not read: release the file handle or connection
  expect(second.sizeBytes).toBe(bytes.length);

  await storage.delete(hash);
  expect(await storage.exists(hash)).toBe(false);
  await expect(storage.getStream(hash)).rejects.toBeInstanceOf(StoredObjectMissingError);
  await storage.delete(hash); // absent: no error
}

describe("local evidence storage", () => {
  it("puts, reads back, dedupes and deletes by sha256", async () => {
    const storage = createLocalStorage(path.join(workDir, "evidence"));
    await expectRoundTrip(storage, randomBytes(300_000));
  });

  it("lays files out as <aa>/<bb>/<sha256>, read-only, with nothing left in staging", async () => {
    const root = path.join(workDir, "evidence");
    const storage = createLocalStorage(root);
    const bytes = Buffer.from("%PDF-1.4\n整改报告\n%%EOF\n");
    const hash = sha256(bytes);
    await storage.putFile(await writeTemp(bytes), hash, "application/pdf");

    expect(await listFiles(root)).toEqual([path.join(hash.slice(0, 2), hash.slice(2, 4), hash)]);
    const { mode } = await fs.stat(path.join(root, hash.slice(0, 2), hash.slice(2, 4), hash));
    expect(mode & 0o222).toBe(0);
    expect(await listFiles(uploadsDir)).toEqual([]);
  });

  it("refuses anything but 64 lowercase hex before building a path", async () => {
    const root = path.join(workDir, "evidence");
    const storage = createLocalStorage(root);
    const tempPath = await writeTemp(Buffer.from("x"));
    const bad = ["../../x", "../".repeat(20) + "etc/passwd", "A".repeat(64), "a".repeat(63), `${"a".repeat(62)}/x`, ""];
    for (const key of bad) {
      await expect(storage.putFile(tempPath, key, "application/pdf")).rejects.toThrow(TypeError);
      await expect(storage.getStream(key)).rejects.toThrow(TypeError);
      await expect(storage.exists(key)).rejects.toThrow(TypeError);
      await expect(storage.delete(key)).rejects.toThrow(TypeError);
    }
    // Nothing was created anywhere and the temp file was left alone.
    expect((await fs.readdir(workDir)).sort()).toEqual(["uploads"]);
    expect(await fs.readFile(tempPath, "utf8")).toBe("x");
  });

  it("refuses a temp file whose bytes do not hash to the given sha256", async () => {
    const root = path.join(workDir, "evidence");
    const storage = createLocalStorage(root);
    const claimed = sha256(Buffer.from("the real evidence"));
    const tempPath = await writeTemp(Buffer.from("something else"));

    await expect(storage.putFile(tempPath, claimed, "application/pdf")).rejects.toBeInstanceOf(StoredHashMismatchError);
    expect(await storage.exists(claimed)).toBe(false);
    await fs.mkdir(root, { recursive: true });
    expect(await listFiles(root)).toEqual([]);
  });

  it("getEvidenceStorage builds one instance from the environment", () => {
    expect(getEvidenceStorage()).toBe(getEvidenceStorage());
  });
});

describe("S3 evidence storage (against a local s3rver)", () => {
  let server: TestS3Server;
  let storage: EvidenceStorage;
  beforeAll(async () => {
    server = await startS3Server();
    storage = createS3Storage({
      endpoint: server.endpoint,
      region: "us-east-1",
      bucket: server.bucket,
      accessKeyId: server.accessKeyId,
      secretAccessKey: server.secretAccessKey,
      forcePathStyle: true,
    });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("round-trips a 7 MB file (above lib-storage's 5 MB part: a multipart upload) with its bytes and size", async () => {
    await expectRoundTrip(storage, randomBytes(7 * 1024 * 1024));
  });

  it.each([
    ["a single PUT", 10_000],
    ["a multipart upload", 6 * 1024 * 1024],
  ])("stores under evidence/<sha256> with the content type and a sha256 metadata entry (%s)", async (_label, size) => {
    const bytes = randomBytes(size);
    const hash = sha256(bytes);
    await storage.putFile(await writeTemp(bytes), hash, "image/jpeg");

    const client = new S3Client({
      endpoint: server.endpoint,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    });
    const head = await client.send(new HeadObjectCommand({ Bucket: server.bucket, Key: `evidence/${hash}` }));
    client.destroy();
    expect(head.ContentType).toBe("image/jpeg");
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.Metadata).toEqual({ sha256: hash });
  });

  it("reports a missing key as StoredObjectMissingError, and refuses bad keys and mismatched bytes", async () => {
    const absent = sha256(Buffer.from("never stored"));
    expect(await storage.exists(absent)).toBe(false);
    await expect(storage.getStream(absent)).rejects.toBeInstanceOf(StoredObjectMissingError);
    await storage.delete(absent);

    await expect(storage.getStream("../../x")).rejects.toThrow(TypeError);
    const tempPath = await writeTemp(Buffer.from("other bytes"));
    await expect(storage.putFile(tempPath, absent, "application/pdf")).rejects.toBeInstanceOf(StoredHashMismatchError);
    expect(await storage.exists(absent)).toBe(false);
  });
});
