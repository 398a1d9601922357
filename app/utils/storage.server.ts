// Evidence files (整改佐证材料) are kept by the SHA-256 of their bytes: the key says what the
// content is, so a stored object can be checked against its key at any time, the same file
// uploaded twice is stored once, and no user-supplied name ever reaches a path or an object key.
import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import { env } from "~/utils/env.server";
import { holdTempFile, releaseTempFile } from "~/utils/temp-files.server";

export interface EvidenceStorage {
  /**
   * Move a fully written temp file into storage under its sha256 (idempotent: the same hash
   * twice is fine). The bytes are hashed again first and a mismatch throws
   * StoredHashMismatchError. On success the temp file is consumed (removed); on failure it may
   * still exist, so callers clean up with `discardUploads` either way.
   */
  putFile(tempPath: string, sha256: string, contentType: string): Promise<void>;
  /** A readable stream of the stored bytes, plus its size; throws StoredObjectMissingError when absent. */
  getStream(sha256: string): Promise<{ stream: Readable; sizeBytes: number }>;
  exists(sha256: string): Promise<boolean>;
  /** No error when absent. */
  delete(sha256: string): Promise<void>;
  /** Every stored object, in no particular order (backups, the orphan sweep). */
  list(): AsyncIterable<StoredObject>;
  /** Throws when the storage cannot be reached or written (readiness). */
  check(): Promise<void>;
}

export type StoredObject = { sha256: string; sizeBytes: number; modifiedAt: Date };

export class StoredObjectMissingError extends Error {
  readonly status = 404;
  constructor(readonly sha256: string) {
    super(`Stored evidence ${sha256} not found`);
    this.name = "StoredObjectMissingError";
  }
}

export class StoredHashMismatchError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`File content hashes to ${actual}, not ${expected}; not stored`);
    this.name = "StoredHashMismatchError";
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** Checked before any path or key is built from the value, so "../../x" never reaches the disk. */
export function assertSha256(sha256: string): void {
  if (typeof sha256 !== "string" || !SHA256_HEX.test(sha256)) {
    throw new TypeError(`Not a lowercase hex SHA-256: ${JSON.stringify(String(sha256).slice(0, 80))}`);
  }
}

/** SHA-256 of a file, read through one reused 1 MiB buffer (never whole, and no garbage). */
export async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  const buffer = Buffer.allocUnsafe(1024 * 1024);
  const handle = await fs.open(filePath, "r");
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest("hex");
}

async function assertFileHash(filePath: string, sha256: string) {
  const actual = await sha256OfFile(filePath);
  if (actual !== sha256) throw new StoredHashMismatchError(sha256, actual);
}

function isErrnoCode(error: unknown, code: string): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === code;
}

// ---------------------------------------------------------------------------------------------
// Local directory: <root>/<aa>/<bb>/<sha256>, staged in <root>/tmp/ and renamed into place.

export function createLocalStorage(rootDir: string): EvidenceStorage {
  const root = path.resolve(rootDir);
  const stagingDir = path.join(root, "tmp");
  const objectPath = (sha256: string) => {
    assertSha256(sha256);
    return path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };

  async function exists(sha256: string) {
    try {
      await fs.access(objectPath(sha256));
      return true;
    } catch (error) {
      if (isErrnoCode(error, "ENOENT")) return false;
      throw error;
    }
  }

  return {
    async putFile(tempPath, sha256) {
      const finalPath = objectPath(sha256);
      await assertFileHash(tempPath, sha256);
      if (await exists(sha256)) {
        await fs.rm(tempPath, { force: true });
        return;
      }
      // Stage inside the root so the last step is a rename on one filesystem, which is atomic:
      // a crash leaves at most a stray file in tmp/, never a partial file at the final path.
      await fs.mkdir(stagingDir, { recursive: true });
      const stagingPath = path.join(stagingDir, randomUUID());
      holdTempFile(stagingPath);
      try {
        try {
          await fs.rename(tempPath, stagingPath);
        } catch (error) {
          // The upload temp dir is often another filesystem (tmpfs); copyFile streams in the kernel.
          if (!isErrnoCode(error, "EXDEV")) throw error;
          await fs.copyFile(tempPath, stagingPath);
        }
        // Flush to disk before the rename, so after a power cut the final path has all the bytes.
        const handle = await fs.open(stagingPath, "r");
        try {
          await handle.sync();
        } finally {
          await handle.close();
        }
        await fs.chmod(stagingPath, 0o444); // evidence is never rewritten in place
        await fs.mkdir(path.dirname(finalPath), { recursive: true });
        await fs.rename(stagingPath, finalPath);
      } catch (error) {
        await fs.rm(stagingPath, { force: true });
        throw error;
      } finally {
        releaseTempFile(stagingPath);
      }
      await fs.rm(tempPath, { force: true });
    },

    async getStream(sha256) {
      let handle: fs.FileHandle;
      try {
        handle = await fs.open(objectPath(sha256), "r");
      } catch (error) {
        if (isErrnoCode(error, "ENOENT")) throw new StoredObjectMissingError(sha256);
        throw error;
      }
      try {
        const { size } = await handle.stat();
        return { stream: handle.createReadStream(), sizeBytes: size }; // closes the handle at end
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    exists,

    async delete(sha256) {
      await fs.rm(objectPath(sha256), { force: true });
    },

    async *list() {
      // <root>/<aa>/<bb>/<sha256>; tmp/ and anything else that is not an object is skipped.
      const dirs = async (dir: string) =>
        (await fs.readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name));
      for (const a of await dirs(root)) {
        for (const b of await dirs(path.join(root, a.name))) {
          const dir = path.join(root, a.name, b.name);
          for (const name of await fs.readdir(dir)) {
            if (!SHA256_HEX.test(name) || !name.startsWith(a.name + b.name)) continue;
            const stat = await fs.stat(path.join(dir, name));
            yield { sha256: name, sizeBytes: stat.size, modifiedAt: stat.mtime };
          }
        }
      }
    },

    async check() {
      await fs.mkdir(stagingDir, { recursive: true });
      await fs.access(stagingDir, fs.constants.W_OK);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// S3-compatible bucket: key evidence/<sha256>.

export type S3StorageOptions = {
  endpoint?: string;
  region: string;
  bucket: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle: boolean;
};

// A missing bucket must not pass for a missing object, or a misconfiguration would look like
// lost evidence. (HEAD answers have no body to tell the two apart; GET answers do.)
function isS3NotFound(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as Partial<S3ServiceException>;
  if (name === "NoSuchKey" || name === "NotFound") return true;
  return $metadata?.httpStatusCode === 404 && name !== "NoSuchBucket";
}

export function createS3Storage(opts: S3StorageOptions): EvidenceStorage {
  const client = new S3Client({
    endpoint: opts.endpoint,
    region: opts.region,
    forcePathStyle: opts.forcePathStyle,
    // Without keys the SDK's default chain applies (env vars, instance role, …).
    credentials:
      opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    // Since 3.729 the SDK adds CRC32 checksums, sent as aws-chunked trailers on streamed
    // bodies, to every upload. Servers that predate that reject them or, like s3rver, store
    // the chunk framing as if it were content. Only send checksums where S3 requires them.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const Bucket = opts.bucket;
  const keyOf = (sha256: string) => {
    assertSha256(sha256);
    return `evidence/${sha256}`;
  };

  async function exists(sha256: string) {
    try {
      await client.send(new HeadObjectCommand({ Bucket, Key: keyOf(sha256) }));
      return true;
    } catch (error) {
      if (isS3NotFound(error)) return false;
      throw error;
    }
  }

  return {
    async putFile(tempPath, sha256, contentType) {
      const Key = keyOf(sha256);
      await assertFileHash(tempPath, sha256);
      if (!(await exists(sha256))) {
        // Streams from disk; lib-storage switches to a multipart upload above one part (5 MB)
        // and holds at most queueSize × partSize bytes in memory.
        const upload = new Upload({
          client,
          queueSize: 2,
          params: {
            Bucket,
            Key,
            Body: createReadStream(tempPath),
            ContentType: contentType,
            Metadata: { sha256 },
          },
        });
        await upload.done();
      }
      await fs.rm(tempPath, { force: true });
    },

    async getStream(sha256) {
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: keyOf(sha256) }));
        // In Node the SDK's Body is an http.IncomingMessage, i.e. a node Readable.
        return { stream: result.Body as Readable, sizeBytes: result.ContentLength ?? 0 };
      } catch (error) {
        if (isS3NotFound(error)) throw new StoredObjectMissingError(sha256);
        throw error;
      }
    },

    exists,

    async delete(sha256) {
      // S3 answers 204 whether or not the key existed.
      await client.send(new DeleteObjectCommand({ Bucket, Key: keyOf(sha256) }));
    },

    async *list() {
      let ContinuationToken: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket, Prefix: "evidence/", ContinuationToken }));
        for (const object of page.Contents ?? []) {
          const sha256 = object.Key?.slice("evidence/".length) ?? "";
          if (SHA256_HEX.test(sha256)) yield { sha256, sizeBytes: object.Size ?? 0, modifiedAt: object.LastModified ?? new Date(0) };
        }
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
    },

    async check() {
      await client.send(new HeadBucketCommand({ Bucket }));
    },
  };
}

// ---------------------------------------------------------------------------------------------

let configured: EvidenceStorage | undefined;

/** The storage named by the environment, built on first use (not at import). */
export function getEvidenceStorage(): EvidenceStorage {
  if (!configured) {
    configured =
      env.STORAGE_DRIVER === "s3"
        ? createS3Storage({
            endpoint: env.S3_ENDPOINT,
            region: env.S3_REGION,
            bucket: env.S3_BUCKET,
            accessKeyId: env.S3_ACCESS_KEY_ID,
            secretAccessKey: env.S3_SECRET_ACCESS_KEY,
            forcePathStyle: env.S3_FORCE_PATH_STYLE === "true",
          })
        : createLocalStorage(env.STORAGE_DIR);
  }
  return configured;
}
