// Worker-thread entry of app/utils/untrusted-file.server.ts: reads one untrusted file (an
// uploaded .xlsx, .docx, .csv or .pdf) off the request thread, under the memory limit the caller gave
// this thread and the time limit it enforces from outside.
//
// Plain JavaScript on purpose: a worker thread is started from a file that Node runs as is, both
// from the sources (tests, `npm run worker`) and next to the Remix build (`npm start`).
//
// Zip-based files (.xlsx, .docx) are never handed to their parser as uploaded. The central
// directory is inspected first (entry count, encryption, the sum of the declared sizes), then
// every entry is inflated here while its actual bytes are counted — declared sizes lie — and
// written into a fresh zip of exactly the entries that passed, in an order that lets the
// streaming .xlsx reader work without temp files. Only that copy reaches exceljs or mammoth, so
// whatever the parser's own zip reader makes of a crafted archive (hidden local entries,
// overlapping entries, a second central directory), it never inflates anything unchecked.
import fs from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parentPort, workerData } from "node:worker_threads";
import yauzl from "yauzl";
import yazl from "yazl";

/** Columns kept per row; a cell at XFD1048576 must not make a 16,384-slot array. */
const MAX_COLUMNS = 256;

class Refusal extends Error {
  /** @param {string} reason */
  constructor(reason) {
    super(reason);
    this.reason = reason;
  }
}

/** @param {{ path?: string, bytes?: Uint8Array }} source */
function openZip(source) {
  const options = { lazyEntries: true, autoClose: false, validateEntrySizes: false, decodeStrings: true };
  return new Promise((resolve, reject) => {
    const done = (error, zipfile) => (error ? reject(error) : resolve(zipfile));
    if (source.path) yauzl.open(source.path, options, done);
    else yauzl.fromBuffer(Buffer.from(source.bytes.buffer, source.bytes.byteOffset, source.bytes.byteLength), options, done);
  });
}

/** Every entry of the central directory, refused as soon as a limit is passed. */
function listEntries(zipfile, limits) {
  if (zipfile.entryCount > limits.maxEntries) throw new Refusal("too_many_entries");
  return new Promise((resolve, reject) => {
    const entries = [];
    let declared = 0;
    zipfile.on("entry", (entry) => {
      if (entries.length >= limits.maxEntries) return reject(new Refusal("too_many_entries"));
      if (entry.isEncrypted()) return reject(new Refusal("encrypted"));
      declared += entry.uncompressedSize;
      if (declared > limits.maxUnpackedBytes) return reject(new Refusal("unpacked_too_large"));
      entries.push(entry);
      zipfile.readEntry();
    });
    zipfile.once("end", () => resolve(entries));
    zipfile.once("error", reject);
    zipfile.readEntry();
  });
}

/** Workbook parts before the sheets, sheets in their number order (sheet1, sheet2, … sheet10). */
function xlsxOrder(a, b) {
  const rank = (name) => {
    const sheet = /^xl\/worksheets\/sheet(\d+)\.xml$/.exec(name);
    return sheet ? 1 + Number(sheet[1]) : name.startsWith("xl/worksheets/") ? 1e9 : 0;
  };
  return rank(a.fileName) - rank(b.fileName);
}

/**
 * Inflate every entry, counting real bytes against its declared size and the total against the
 * cap, into a new zip at `target`. Throws a Refusal the moment a count is passed.
 */
async function repackZip(source, target, limits, order) {
  const zipfile = await openZip(source).catch(() => {
    throw new Refusal("unreadable");
  });
  try {
    const entries = (await listEntries(zipfile, limits)).filter((e) => !e.fileName.endsWith("/"));
    if (order) entries.sort(order);
    let total = 0;
    let failure;
    const out = new yazl.ZipFile();
    const written = pipeline(out.outputStream, fs.createWriteStream(target, { flags: "wx", mode: 0o600 }));
    for (const entry of entries) {
      out.addReadStreamLazy(entry.fileName, { compressionLevel: 1, mtime: new Date(0) }, (callback) => {
        zipfile.openReadStream(entry, (error, stream) => {
          if (error) {
            failure ??= new Refusal("unreadable");
            return callback(failure);
          }
          let inEntry = 0;
          const meter = new Transform({
            transform(chunk, _encoding, next) {
              inEntry += chunk.length;
              total += chunk.length;
              if (inEntry > entry.uncompressedSize || total > limits.maxUnpackedBytes) {
                failure ??= new Refusal("unpacked_too_large");
                stream.destroy();
                return next(failure);
              }
              next(null, chunk);
            },
          });
          stream.once("error", (e) => {
            failure ??= e instanceof Refusal ? e : new Refusal("unreadable");
            meter.destroy(failure);
          });
          meter.once("error", (e) => {
            failure ??= e instanceof Refusal ? e : new Refusal("unreadable");
            out.outputStream.destroy(failure);
          });
          callback(null, stream.pipe(meter));
        });
      });
    }
    out.once("error", (e) => {
      failure ??= e instanceof Refusal ? e : new Refusal("unreadable");
      out.outputStream.destroy(failure);
    });
    out.end();
    try {
      await written;
    } catch (error) {
      throw failure ?? (error instanceof Refusal ? error : new Refusal("unreadable"));
    }
    if (failure) throw failure;
  } finally {
    zipfile.close();
  }
}

/** One cell as the text a person sees (formulas by their cached result). */
function cellText(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number") return Number.isInteger(value) ? value.toFixed(0) : String(value);
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if (Array.isArray(value.richText)) return value.richText.map((r) => r.text ?? "").join("");
    if (typeof value.text === "string") return value.text; // hyperlinks
    if ("result" in value) return cellText(value.result);
    if ("error" in value) return "";
  }
  return String(value);
}

/** exceljs row values are 1-based and sparse; the result is dense from column A. */
function denseCells(values) {
  const cells = [];
  const last = Math.min(values.length - 1, MAX_COLUMNS);
  for (let i = 1; i <= last; i++) cells.push(cellText(values[i]));
  return cells;
}

async function readXlsxRows(file, task) {
  const { default: ExcelJS } = await import("exceljs");
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(file, {
    sharedStrings: "cache",
    styles: "cache", // dates are numbers with a date format
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const sheets = [];
  let count = 0;
  for await (const worksheet of reader) {
    if (task.firstSheetOnly && sheets.length === 1) break;
    const sheet = { name: worksheet.name ?? "", rows: [] };
    for await (const row of worksheet) {
      const cells = denseCells(Array.isArray(row.values) ? row.values : []);
      if (cells.every((c) => !c.trim())) continue;
      if (++count > task.maxRows) throw new Refusal("too_many_rows");
      sheet.rows.push({ row: row.number, cells });
    }
    sheets.push(sheet);
  }
  return { ok: true, kind: "xlsx-rows", sheets };
}

async function readDocxText(file, task) {
  const { default: mammoth } = await import("mammoth");
  const { value } = await mammoth.extractRawText({ path: file });
  if (value.length > task.maxChars) throw new Refusal("too_much_text");
  return { ok: true, kind: "docx-text", text: value };
}

/** UTF-8 (with or without BOM) when the bytes are valid UTF-8, otherwise GB18030 (GBK). */
function decodeCsv(bytes) {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    // Excel on Chinese Windows saves CSV in the ANSI code page (GBK); GB18030 is its superset.
    return new TextDecoder("gb18030").decode(bytes);
  }
}

async function readCsvRows(source, task) {
  const { parse } = await import("csv-parse");
  // The upload is already capped in size (the route's limit), so the bytes fit in memory here.
  const bytes = source.path ? await fs.promises.readFile(source.path) : source.bytes;
  const parser = parse({ relax_column_count: true, skip_empty_lines: false, info: true, max_record_size: 1024 * 1024 });
  const input = Readable.from([decodeCsv(bytes)]);
  input.pipe(parser);
  const rows = [];
  try {
    for await (const { record, info } of parser) {
      if (record.every((c) => !c.trim())) continue;
      if (rows.length >= task.maxRows) throw new Refusal("too_many_rows");
      rows.push({ row: info.lines, cells: record.slice(0, MAX_COLUMNS) });
    }
  } catch (error) {
    throw error instanceof Refusal ? error : new Refusal("unreadable");
  } finally {
    input.destroy();
  }
  return { ok: true, kind: "csv-rows", rows };
}

/** Text items of a PDF page joined into lines: pdf.js marks line ends; a baseline jump starts one too. */
function pdfLines(items) {
  let out = "";
  let lastY = null;
  for (const it of items) {
    const y = it.transform?.[5] ?? null;
    if (y !== null && lastY !== null && Math.abs(y - lastY) > 2 && !out.endsWith("\n")) out += "\n";
    out += it.str ?? "";
    if (it.hasEOL) out += "\n";
    if (y !== null) lastY = y;
  }
  return out;
}

/** The text layer of every page (Mozilla's pdf.js), refused past the page cap before any page is read. */
async function readPdfText(source, task) {
  const pdfjs = await import("pdfjs-dist/legacy/build/pdf.mjs");
  const bytes = source.path ? await fs.promises.readFile(source.path) : source.bytes;
  const doc = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  }).promise;
  if (doc.numPages > task.maxPages) throw new Refusal("too_many_pages");
  const pages = [];
  let chars = 0;
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    const text = pdfLines((await page.getTextContent()).items);
    chars += text.length;
    if (chars > task.maxChars) throw new Refusal("too_much_text");
    pages.push(text);
    page.cleanup();
  }
  return { ok: true, kind: "pdf-text", pages };
}

async function run() {
  const { source, task, limits, scratchPath } = workerData;
  if (task.kind === "csv-rows") return readCsvRows(source, task);
  if (task.kind === "pdf-text") {
    try {
      return await readPdfText(source, task);
    } catch (error) {
      throw error instanceof Refusal ? error : new Refusal("unreadable");
    }
  }
  await repackZip(source, scratchPath, limits, task.kind === "xlsx-rows" ? xlsxOrder : null);
  try {
    return task.kind === "xlsx-rows" ? await readXlsxRows(scratchPath, task) : await readDocxText(scratchPath, task);
  } catch (error) {
    throw error instanceof Refusal ? error : new Refusal("unreadable");
  }
}

try {
  parentPort.postMessage(await run());
} catch (error) {
  parentPort.postMessage({ ok: false, reason: error instanceof Refusal ? error.reason : "unreadable" });
}
