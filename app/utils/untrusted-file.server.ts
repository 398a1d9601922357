// Reading files that people upload (.xlsx, .docx, .csv) without letting one of them take the
// web process down: a decompression bomb, a sheet of a million rows or a file crafted to make a
// parser spin. Every read runs in a worker thread of its own with a heap limit and a time limit;
// zip-based files are checked entry by entry, counting the bytes actually inflated against a cap,
// before any parser sees them (see untrusted-file.worker.mjs), and rows are read as a stream with
// a cap. A refusal comes back as a Chinese message for the field, never as an exception.
//
// One module for every importer: the roster and checklist imports use it today; later readers
// (PDF notices, 200,000-row ledgers) add a task kind here and in the worker.
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { t } from "~/utils/i18n";
import { defaultUploadTempDir, holdTempFile, releaseTempFile } from "~/utils/temp-files.server";

export type UntrustedSource = { path: string } | { bytes: Uint8Array };

export type UntrustedTask =
  /** Non-empty rows of every sheet (or the first), each cell as displayed text. */
  | { kind: "xlsx-rows"; maxRows: number; firstSheetOnly?: boolean }
  /** Non-empty records of a CSV in UTF-8 (BOM or not) or GB18030/GBK. */
  | { kind: "csv-rows"; maxRows: number }
  /** The raw text of a Word document. */
  | { kind: "docx-text"; maxChars: number }
  /** The text layer of a PDF, one string per page (a scan has next to none). */
  | { kind: "pdf-text"; maxPages: number; maxChars: number };

export type FileRow = { row: number; cells: string[] };
export type SheetRows = { name: string; rows: FileRow[] };

type Values = {
  "xlsx-rows": { kind: "xlsx-rows"; sheets: SheetRows[] };
  "csv-rows": { kind: "csv-rows"; rows: FileRow[] };
  "docx-text": { kind: "docx-text"; text: string };
  "pdf-text": { kind: "pdf-text"; pages: string[] };
};

export type RefusalReason =
  | "unpacked_too_large"
  | "too_many_entries"
  | "encrypted"
  | "too_many_rows"
  | "too_much_text"
  | "too_many_pages"
  | "timeout"
  | "memory"
  | "unreadable";

export type UntrustedOutcome<K extends UntrustedTask["kind"]> =
  ({ ok: true } & Values[K]) | { ok: false; reason: RefusalReason; message: string };

export type UntrustedLimits = {
  /** Entries in a zip's central directory. */
  maxEntries: number;
  /** Sum of the inflated sizes of all entries, declared and actual. */
  maxUnpackedBytes: number;
  /** Wall-clock time of the whole read, worker start included. */
  timeoutMs: number;
  /** V8 old-generation heap of the worker thread. */
  maxHeapMb: number;
};

export const DEFAULT_UNTRUSTED_LIMITS: UntrustedLimits = {
  maxEntries: 1_000,
  maxUnpackedBytes: 50 * 1024 * 1024,
  timeoutMs: 30_000,
  maxHeapMb: 256,
};

/** Reads running at once in this process; more wait their turn (each worker may use maxHeapMb). */
const MAX_CONCURRENT_READS = 2;

const workerFile = (() => {
  // Beside this module in the sources; from the Remix build (build/index.js) it is ../app/utils/.
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, "untrusted-file.worker.mjs"), path.join(here, "..", "app", "utils", "untrusted-file.worker.mjs")];
  return candidates.find((file) => existsSync(file)) ?? candidates[0];
})();

let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(run: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT_READS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await run();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** The message for a refusal, for the form field that took the file. */
export function refusalMessage(reason: RefusalReason, task: UntrustedTask, limits: UntrustedLimits = DEFAULT_UNTRUSTED_LIMITS): string {
  switch (reason) {
    case "unpacked_too_large":
      return t("limits.file.unpackedTooLarge", { mb: Math.round(limits.maxUnpackedBytes / (1024 * 1024)) });
    case "too_many_entries":
      return t("limits.file.tooManyEntries", { max: limits.maxEntries });
    case "encrypted":
      return t("limits.file.encrypted");
    case "too_many_rows":
      return t("limits.file.tooManyRows", { max: "maxRows" in task ? task.maxRows : 0 });
    case "too_much_text":
      return t("limits.file.tooMuchText", { max: "maxChars" in task ? task.maxChars : 0 });
    case "too_many_pages":
      return t("limits.file.tooManyPages", { max: "maxPages" in task ? task.maxPages : 0 });
    case "timeout":
      return t("limits.file.timeout", { seconds: Math.round(limits.timeoutMs / 1000) });
    case "memory":
      return t("limits.file.memory");
    case "unreadable":
      return t("limits.file.unreadable");
  }
}

/**
 * Read an untrusted file in a worker thread. Never throws for anything the file does; a
 * refusal names its reason and carries the Chinese message.
 */
export async function readUntrustedFile<T extends UntrustedTask>(
  source: UntrustedSource,
  task: T,
  overrides: Partial<UntrustedLimits> = {},
): Promise<UntrustedOutcome<T["kind"]>> {
  const limits = { ...DEFAULT_UNTRUSTED_LIMITS, ...overrides };
  return withSlot(async () => {
    const tempDir = defaultUploadTempDir();
    await fs.mkdir(tempDir, { recursive: true, mode: 0o700 });
    // The checked copy of a zip; in the upload temp dir, so a crash leaves it to the sweeper.
    const scratchPath = path.join(tempDir, `${randomUUID()}.unpacked`);
    holdTempFile(scratchPath);
    try {
      const outcome = await runWorker(source, task, limits, scratchPath);
      if (outcome.ok) return outcome as UntrustedOutcome<T["kind"]>;
      return { ok: false, reason: outcome.reason, message: refusalMessage(outcome.reason, task, limits) };
    } finally {
      await fs.rm(scratchPath, { force: true });
      releaseTempFile(scratchPath);
    }
  });
}

type WorkerAnswer = ({ ok: true } & Values[keyof Values]) | { ok: false; reason: RefusalReason };

function runWorker(source: UntrustedSource, task: UntrustedTask, limits: UntrustedLimits, scratchPath: string): Promise<WorkerAnswer> {
  return new Promise((resolve) => {
    let settled = false;
    const worker = new Worker(workerFile, {
      workerData: { source, task, limits: { maxEntries: limits.maxEntries, maxUnpackedBytes: limits.maxUnpackedBytes }, scratchPath },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true, // a parser's console chatter stays out of the server log
    });
    const finish = (answer: WorkerAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(answer);
      void worker.terminate();
    };
    const timer = setTimeout(() => finish({ ok: false, reason: "timeout" }), limits.timeoutMs);
    worker.once("message", (answer: WorkerAnswer) => finish(answer));
    worker.once("error", (error: NodeJS.ErrnoException) =>
      finish({ ok: false, reason: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "unreadable" }),
    );
    worker.once("exit", () => finish({ ok: false, reason: "unreadable" }));
  });
}
