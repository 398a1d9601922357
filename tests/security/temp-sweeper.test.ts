// Issue 13, point 11 (promised by issue 3): upload temp files left by a crash are swept by a
// scheduled job; files a live upload holds, however long it stalls, are not.
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisConnection } from "~jobs/connection";
import { createQueues, queuePrefix } from "~jobs/queues";
import { upsertSchedulers } from "~jobs/producers";
import { startWorkers } from "~jobs/worker";
import { touchHeldTempFiles, uploadTempDirs } from "~/utils/temp-files.server";
import { discardUploads, receiveUploads } from "~/utils/upload.server";
import { createTestJobDeps } from "../job-deps";

// Unset in scripts/test-cluster.sh: then the Redis Cluster of REDIS_CLUSTER_NODES.
const REDIS_URL = process.env.REDIS_URL;
const HOUR = 60 * 60 * 1000;
const uploadDir = path.join(os.tmpdir(), `zicha-sweep-test-${process.pid}`);
let previousTmpDir: string | undefined;

beforeAll(async () => {
  previousTmpDir = process.env.UPLOAD_TMP_DIR;
  process.env.UPLOAD_TMP_DIR = uploadDir;
  await fs.mkdir(uploadDir, { recursive: true });
});

afterAll(async () => {
  if (previousTmpDir === undefined) delete process.env.UPLOAD_TMP_DIR;
  else process.env.UPLOAD_TMP_DIR = previousTmpDir;
  await fs.rm(uploadDir, { recursive: true, force: true });
});

async function writeAged(file: string, ageMs: number) {
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, "left over");
  const then = new Date(Date.now() - ageMs);
  await fs.utimes(file, then, then);
}

const exists = (file: string) =>
  fs.access(file).then(
    () => true,
    () => false,
  );

/** A multipart upload whose body the test feeds by hand, so it can stall mid-file. */
function stalledUpload() {
  const boundary = "----zicha-sweep";
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="整改照片.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
  );
  const content = Buffer.concat([Buffer.from("%PDF-1.4\n"), Buffer.alloc(256 * 1024, 0x20), Buffer.from("\n%%EOF\n")]);
  let feed!: ReadableStreamDefaultController<Uint8Array>;
  const body = new ReadableStream<Uint8Array>({ start: (controller) => void (feed = controller) });
  const request = new Request("http://localhost:3000/inst/evidence", {
    method: "POST",
    headers: { "Content-Type": `multipart/form-data; boundary=${boundary}` },
    body,
    duplex: "half",
  } as RequestInit);
  const received = receiveUploads(request, { maxFileBytes: 10 * 1024 * 1024, maxFiles: 1 });
  return {
    received,
    sha256: createHash("sha256").update(content).digest("hex"),
    sendFirstHalf: () => feed.enqueue(new Uint8Array(Buffer.concat([head, content.subarray(0, content.length / 2)]))),
    finish: () => {
      feed.enqueue(new Uint8Array(Buffer.concat([content.subarray(content.length / 2), Buffer.from(`\r\n--${boundary}--\r\n`)])));
      feed.close();
    },
  };
}

describe("sweeping orphaned upload temp files", () => {
  it("the worker schedules the sweep hourly with upsertJobScheduler", async () => {
    const connection = createRedisConnection(REDIS_URL);
    const queues = createQueues(connection, queuePrefix());
    try {
      await upsertSchedulers(queues);
      await upsertSchedulers(queues); // idempotent on every start
      const sweeps = (await queues.reminders.getJobSchedulers()).filter((j) => j.key === "temp-sweep");
      expect(sweeps).toHaveLength(1);
      expect(sweeps[0]).toMatchObject({ every: HOUR });
    } finally {
      await queues.reminders.obliterate({ force: true }).catch(() => {});
      await Promise.all([queues.reminders.close(), queues.email.close(), queues.onboarding.close()]);
      connection.disconnect();
    }
  });

  it("the job removes files untouched for an hour, keeps fresh ones, other entries and a stalled live upload", async () => {
    const [tempDir, stagingDir] = uploadTempDirs();
    expect(tempDir).toBe(uploadDir);
    const orphan = path.join(tempDir, "crashed-upload.part");
    const stagedOrphan = path.join(stagingDir, "crashed-staging");
    const fresh = path.join(tempDir, "just-started.part");
    const subdir = path.join(tempDir, "not-a-file");
    await writeAged(orphan, 2 * HOUR);
    await writeAged(stagedOrphan, 2 * HOUR);
    await writeAged(fresh, 5 * 60 * 1000);
    await fs.mkdir(subdir, { recursive: true });
    await fs.utimes(subdir, new Date(Date.now() - 3 * HOUR), new Date(Date.now() - 3 * HOUR));

    // A live upload stalls halfway; time passes; its process's heartbeat touches what it holds.
    const upload = stalledUpload();
    upload.sendFirstHalf();
    let liveFile: string | undefined;
    for (let i = 0; i < 100 && !liveFile; i++) {
      await new Promise((r) => setTimeout(r, 20));
      liveFile = (await fs.readdir(tempDir))
        .filter((f) => f.endsWith(".part") && !["crashed-upload.part", "just-started.part"].includes(f))
        .map((f) => path.join(tempDir, f))[0];
    }
    expect(liveFile).toBeDefined();
    const longAgo = new Date(Date.now() - 3 * HOUR);
    await fs.utimes(liveFile!, longAgo, longAgo);
    await touchHeldTempFiles();

    // The sweep runs as the worker runs it: a job on the reminders queue.
    const { deps, queues, close } = createTestJobDeps("smtp://127.0.0.1:1", { redisUrl: REDIS_URL });
    const stopWorkers = await startWorkers(deps, REDIS_URL, { schedule: false });
    try {
      const job = await queues.reminders.add("temp-sweep", { type: "temp-sweep" });
      let state = "";
      for (let i = 0; i < 300 && state !== "completed" && state !== "failed"; i++) {
        await new Promise((r) => setTimeout(r, 50));
        state = await job.getState();
      }
      expect(state).toBe("completed");
      expect((await queues.reminders.getJob(job.id!))?.returnvalue).toMatchObject({ removed: 2 });
    } finally {
      await stopWorkers();
      await close();
    }

    expect(await exists(orphan)).toBe(false);
    expect(await exists(stagedOrphan)).toBe(false);
    expect(await exists(fresh)).toBe(true);
    expect(await exists(subdir)).toBe(true);
    expect(await exists(liveFile!)).toBe(true);

    // The stalled upload resumes and completes with every byte.
    upload.finish();
    const { files, rejected } = await upload.received;
    expect(rejected).toEqual([]);
    expect(files).toHaveLength(1);
    expect(files[0].sha256).toBe(upload.sha256);
    await discardUploads(files);
    expect(await exists(liveFile!)).toBe(false);
  });
});
