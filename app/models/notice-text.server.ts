// The bytes → text boundary of the notice importer: an uploaded .txt, .docx or .pdf becomes
// the plain text the outline parser reads, or a message saying why it cannot. Everything that
// parses an untrusted file for the importer is in this one function, so it can run wherever
// untrusted parsing runs (off the request thread, with its own limits).
import { t } from "~/utils/i18n";
import { readUntrustedFile } from "~/utils/untrusted-file.server";

/** As much text as a notice may hold (5 MB of UTF-8 is at most this many characters). */
const MAX_DOCX_TEXT_CHARS = 5 * 1024 * 1024;

export type NoticeText = { ok: true; text: string; format: "txt" | "docx" | "pdf" } | { ok: false; message: string };

export type NoticeLimits = {
  /** A PDF with more pages is refused before any page is read. */
  pdfPages: number;
  /** Wall-clock budget for reading a PDF's text (worker start included). */
  pdfMillis: number;
};
export const NOTICE_LIMITS: NoticeLimits = { pdfPages: 100, pdfMillis: 15_000 };

const startsWith = (b: Uint8Array, sig: number[]) => b.length >= sig.length && sig.every((x, i) => b[i] === x);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** OLE compound file: legacy .doc (and .wps, .xls). */
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** "%PDF-" within the first KiB, as PDF readers accept it. */
function isPdf(b: Uint8Array): boolean {
  const head = Buffer.from(b.subarray(0, 1024)).toString("latin1");
  return head.includes("%PDF-");
}

const extensionOf = (name: string) => /\.([a-z0-9]+)$/i.exec(name)?.[1]?.toLowerCase() ?? "";

/**
 * Reads a notice file into text. The content decides the format where it can (a .doc renamed
 * .docx is still a .doc); the extension decides only between formats without a signature.
 */
export async function readNoticeText(bytes: Uint8Array, filename: string, limits: NoticeLimits = NOTICE_LIMITS): Promise<NoticeText> {
  const ext = extensionOf(filename);
  if (startsWith(bytes, OLE) || ext === "doc" || ext === "wps") return { ok: false, message: t("checklistImport.source.legacyDoc") };
  if (isPdf(bytes)) return readPdfText(bytes, limits);
  if (ext === "pdf") return { ok: false, message: t("checklistImport.source.unreadablePdf") };
  if (startsWith(bytes, ZIP) || ext === "docx") {
    if (!startsWith(bytes, ZIP)) return { ok: false, message: t("checklistImport.source.unreadableDocx") };
    // In a worker thread with unpacked-size, memory and time limits (untrusted-file.server.ts).
    const read = await readUntrustedFile({ bytes }, { kind: "docx-text", maxChars: MAX_DOCX_TEXT_CHARS });
    if (!read.ok) return { ok: false, message: read.reason === "unreadable" ? t("checklistImport.source.unreadableDocx") : read.message };
    return { ok: true, text: read.text, format: "docx" };
  }
  if (ext === "txt" || ext === "text" || ext === "") {
    const text = decodeText(bytes);
    return text === null ? { ok: false, message: t("checklistImport.source.unreadableText") } : { ok: true, text, format: "txt" };
  }
  return { ok: false, message: t("checklistImport.source.badType") };
}

// ---------------------------------------------------------------------------------------
// Plain text: UTF-8, UTF-16 LE/BE (Windows Notepad's "Unicode"), GB18030 (GBK, GB2312).

const SAMPLE_BYTES = 64 * 1024;

/**
 * Decodes a text file: by its BOM when it has one; as UTF-8 when the bytes are valid UTF-8;
 * otherwise as whichever of UTF-16 LE, UTF-16 BE and GB18030 reads most like Chinese text.
 * Null when none does (a binary file).
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return new TextDecoder("utf-8").decode(bytes.subarray(3));
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder("utf-16le").decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder("utf-16be").decode(bytes.subarray(2));
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (!text.includes("\u0000")) return text;
  } catch {
    // not UTF-8
  }
  const sample = bytes.subarray(0, SAMPLE_BYTES - (SAMPLE_BYTES % 2));
  const encodings = bytes.length % 2 === 0 ? ["utf-16le", "utf-16be", "gb18030"] : ["gb18030"];
  let best = { encoding: "gb18030", score: -Infinity };
  for (const encoding of encodings) {
    const score = chineseScore(new TextDecoder(encoding).decode(sample));
    if (score > best.score) best = { encoding, score };
  }
  return best.score >= 0.5 ? new TextDecoder(best.encoding).decode(bytes) : null;
}

/** How much a decoded text reads like a Chinese document: 1 for all CJK, below 0 for binary. */
function chineseScore(text: string): number {
  if (!text.length) return 0;
  let score = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef))
      score += 1;
    else if (c >= 0x2000 && c <= 0x206f)
      score += 1; // “ ” — …
    else if (c >= 0x2460 && c <= 0x24ff)
      score += 1; // ①
    else if (c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x20) score += 0.5;
    else if (c >= 0x30 && c <= 0x39) score += 0.5;
    else if (c >= 0x21 && c <= 0x7e) score += /[A-Za-z]/.test(ch) ? 0.2 : 0.5;
    else if (c === 0xfffd || c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0xe000 && c <= 0xf8ff)) score -= 1;
  }
  return score / text.length;
}

// ---------------------------------------------------------------------------------------
// PDF: the text layer, read with Mozilla's pdf.js; a scan has none.

async function readPdfText(bytes: Uint8Array, limits: NoticeLimits): Promise<NoticeText> {
  // pdf.js runs in a worker thread with the heap and time limits of every untrusted read.
  const read = await readUntrustedFile(
    { bytes },
    { kind: "pdf-text", maxPages: limits.pdfPages, maxChars: MAX_DOCX_TEXT_CHARS },
    { timeoutMs: limits.pdfMillis },
  );
  if (!read.ok) {
    if (read.reason === "too_many_pages")
      return { ok: false, message: t("checklistImport.source.pdfTooManyPages", { max: limits.pdfPages }) };
    if (read.reason === "timeout") return { ok: false, message: t("checklistImport.source.pdfTooSlow") };
    if (read.reason === "unreadable") return { ok: false, message: t("checklistImport.source.unreadablePdf") };
    return { ok: false, message: read.message };
  }
  // Page breaks as form feeds: the parser reads them as line breaks.
  const text = normalizeRadicals(read.pages.join("\f"));
  const visible = text.replace(/\s+/g, "").length;
  if (visible < Math.max(20, 10 * read.pages.length)) return { ok: false, message: t("checklistImport.source.scannedPdf") };
  return { ok: true, text, format: "pdf" };
}

/**
 * CJK fonts in PDFs often map characters to the Kangxi radicals block (⾦ U+2FA6 for 金); their
 * compatibility decomposition is the ordinary character. Only these two blocks are touched, so
 * the official wording keeps its full-width punctuation.
 */
function normalizeRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2eff\u2f00-\u2fdf]/g, (c) => c.normalize("NFKC"));
}
