// Turns the plain text of an official Chinese notice (pasted, or .txt/.docx converted to text)
// into a preview of sections and items. Pure: no I/O, no knowledge of checklist schema.
//
// Outline model used by these notices:
//   一、定点医疗机构            ← section (Chinese numeral + 、), optionally a markdown heading
//   （1）诱导、协助他人……；     ← item; the marker style is fixed per section by its first item
//   ①…  1.…  （一）…           ← items too, when that is the first style seen in the section

import { t } from "../app/utils/i18n";

export type ParsedItem = {
  /** Marker as written, e.g. "（3）", "(3)", "3.", "③", "一是"; "" for an item cut from prose by sentence. */
  number: string;
  title: string;
  /** 1-based source line numbers the item came from. */
  lines: number[];
};
export type ParsedSection = {
  /** e.g. "定点医疗机构" (numbering and trailing punctuation removed). */
  heading: string;
  /** e.g. "一、", or "（一）" for a sub-heading. */
  number: string;
  /** For a sub-heading (（一）检查定点医疗机构 under 三、工作任务): the heading of the section it sits in. */
  parent?: string;
  items: ParsedItem[];
};
/** line is 1-based; 0 means the warning is about the whole text. */
export type ParseResult = { sections: ParsedSection[]; warnings: { line: number; message: string }[] };

const CN = "〇零一二三四五六七八九十百";

const SECTION_RE = new RegExp(`^#{0,6}\\s*([${CN}]+)\\s*([、．.])\\s*(.*)$`);

type Style = "paren-num" | "paren-cn" | "dot-num" | "num-paren" | "circled" | "ordinal-shi";
// Digits may be full-width (（１）) in text typed with a Chinese input method.
const D = "[0-9０-９]";
// Order matters only for disjointness; each pattern captures (marker, value).
const ITEM_RES: [Style, RegExp][] = [
  ["paren-num", new RegExp(`^([（(]\\s*(${D}+)\\s*[）)])\\s*`)],
  ["paren-cn", new RegExp(`^([（(]\\s*([${CN}]+)\\s*[）)])\\s*`)],
  // (?!\d) so "3.5万元…" or a decimal is not taken for item 3.
  ["dot-num", new RegExp(`^((${D}+)\\s*[.．、])(?!${D})\\s*`)],
  ["num-paren", new RegExp(`^((${D}+)\\s*[）)])\\s*`)],
  ["circled", /^(([\u2460-\u2473]))\s*/],
  // "一是加强……；二是……" — the enumeration of plans and notices written as paragraphs.
  ["ordinal-shi", new RegExp(`^(([${CN}]+)是)(?=[\\u4e00-\\u9fa5“"])[，,：:]?\\s*`)],
];

const PAGE_NUMBER_RES = [
  /^[-—–－―~～]+\s*\d+\s*[-—–－―~～]+$/, // — 1 —, - 2 -
  /^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$/, // 第 3 页, 第3页 共10页
  /^\d+\s*[/／]\s*\d+$/, // 3/10
  /^\d+$/, // a bare page number left by .docx/.pdf conversion
];

const BULLET_RE = /^[-*•·]\s+/;
const TRAILING_RE = /[\s；;。]+$/;

function cnToInt(s: string): number {
  const digit = (c: string) => "零一二三四五六七八九".indexOf(c === "〇" ? "零" : c);
  let total = 0;
  let cur = 0;
  for (const c of s) {
    if (c === "百") {
      total += (cur || 1) * 100;
      cur = 0;
    } else if (c === "十") {
      total += (cur || 1) * 10;
      cur = 0;
    } else cur = digit(c);
  }
  return total + cur;
}

function markerValue(style: Style, raw: string): number {
  if (style === "circled") return raw.codePointAt(0)! - 0x2460 + 1;
  if (style === "paren-cn" || style === "ordinal-shi") return cnToInt(raw);
  return Number(raw.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)));
}

function matchItem(line: string): { style: Style; number: string; value: number; rest: string } | null {
  const body = line.replace(BULLET_RE, ""); // "- (1) …" markdown bullets from converted docs
  for (const [style, re] of ITEM_RES) {
    const m = re.exec(body);
    if (m) return { style, number: m[1].replace(/\s+/g, ""), value: markerValue(style, m[2]), rest: body.slice(m[0].length) };
  }
  return null;
}

function findStart(lines: string[], startAt: RegExp | string): number {
  // Strip g/y so .test() has no lastIndex state.
  const re = typeof startAt === "string" ? null : new RegExp(startAt.source, startAt.flags.replace(/[gy]/g, ""));
  return lines.findIndex((l) => (re ? re.test(l) : l.includes(startAt as string)));
}

/** A line that can open a sub-heading: （一）检查定点医疗机构 (possibly as a markdown heading). */
function matchSubheading(line: string): { number: string; heading: string; isMarkdown: boolean } | null {
  const body = line.replace(/^#{1,6}\s*/, "");
  const m = matchItem(body);
  if (!m || m.style !== "paren-cn") return null;
  return { number: m.number, heading: m.rest.replace(/[\s：:]+$/, ""), isMarkdown: body !== line };
}

const isSkippable = (line: string) => !line || PAGE_NUMBER_RES.some((re) => re.test(line));

/**
 * Cuts prose into sentences (。！？), keeping the source line of each. Used for a section
 * that has no numbered items at all, e.g. "对基层医疗机构，重点查处……。对社会办……。".
 */
function splitSentences(lines: { text: string; line: number }[]): ParsedItem[] {
  const out: ParsedItem[] = [];
  let cur: ParsedItem | null = null;
  for (const { text, line } of lines) {
    for (const piece of text.split(/(?<=[。！？!?])/)) {
      if (!piece) continue;
      if (!cur) {
        cur = { number: "", title: "", lines: [] };
        out.push(cur);
      }
      cur.title += piece;
      if (!cur.lines.includes(line)) cur.lines.push(line);
      if (/[。！？!?]$/.test(piece)) cur = null;
    }
  }
  return out.filter((it) => it.title.replace(TRAILING_RE, "").trim());
}

export function parseOutline(text: string, options: { startAt?: RegExp | string } = {}): ParseResult {
  const lines = text.replace(/\f/g, "\n").split(/\r\n|\r|\n/);
  // Form feeds become line breaks, which would shift line numbers; count them back out below.
  const lineNo = sourceLineNumbers(text);
  const warnings: ParseResult["warnings"] = [];
  const sections: ParsedSection[] = [];

  let from = 0;
  if (options.startAt !== undefined) {
    from = findStart(lines, options.startAt);
    if (from < 0) {
      warnings.push({ line: 0, message: t("checklistImport.parser.startNotFound", { marker: String(options.startAt) }) });
      return { sections, warnings };
    }
    // Inclusive: the marker line may itself be the first section heading.
  }

  /** The next line after i that carries text (blank lines and page numbers skipped). */
  const nextContent = (i: number): string | null => {
    for (let j = i + 1; j < lines.length; j++) {
      const l = lines[j].trim();
      if (!isSkippable(l)) return l;
    }
    return null;
  };

  let top: ParsedSection | null = null; // the current 一、 section
  let section: ParsedSection | null = null; // where items go: top, or a sub-heading inside it
  let style: Style | null = null;
  let item: ParsedItem | null = null;
  let seen = new Set<number>();
  let last = 0;
  let prose: { text: string; line: number }[] = [];

  const closeSection = () => {
    if (!section) return;
    if (section.items.length === 0 && prose.length > 0) {
      // No numbered items: the section is written as prose; offer its sentences as items.
      section.items = splitSentences(prose);
      warnings.push({ line: prose[0].line, message: t("checklistImport.parser.splitProse", { count: section.items.length }) });
    } else {
      for (const p of prose) warnings.push({ line: p.line, message: t("checklistImport.parser.strayText", { text: p.text }) });
    }
    prose = [];
  };
  const openSection = (s: ParsedSection) => {
    closeSection();
    sections.push(s);
    section = s;
    style = null;
    item = null;
    seen = new Set();
    last = 0;
  };

  for (let i = from; i < lines.length; i++) {
    const line = lines[i].trim(); // trim() also removes the full-width space U+3000
    const n = lineNo[i];
    if (isSkippable(line)) continue;

    const head = SECTION_RE.exec(line);
    if (head) {
      top = { heading: head[3].replace(/[\s：:；;。，,]+$/, ""), number: head[1] + head[2], items: [] };
      openSection(top);
      continue;
    }

    // （一）检查定点医疗机构 followed by its own items or prose is a sub-heading, not an item:
    // a markdown heading, or a short line without sentence punctuation whose next line is not
    // another （二）.
    const sub = matchSubheading(line);
    if (sub) {
      const next = nextContent(i);
      const nextIsSibling = next !== null && (SECTION_RE.test(next) || matchSubheading(next) !== null);
      const isHeadingLike = sub.heading.length > 0 && sub.heading.length <= 25 && !/[。；;，,！？]/.test(sub.heading);
      if (sub.isMarkdown || (isHeadingLike && next !== null && !nextIsSibling && (style === null || style !== "paren-cn" || !(section as ParsedSection | null)?.items.length))) {
        openSection({ heading: sub.heading, number: sub.number, parent: top?.heading, items: [] });
        continue;
      }
    }
    if (!section) continue; // preamble before the first section

    const m = matchItem(line);
    if (m && (style === null || m.style === style)) {
      style = m.style;
      if (seen.has(m.value)) warnings.push({ line: n, message: t("checklistImport.parser.duplicateNumber", { number: m.number }) });
      else if (m.value !== last + 1) warnings.push({ line: n, message: t("checklistImport.parser.skippedNumber", { number: m.number, expected: last + 1 }) });
      seen.add(m.value);
      last = Math.max(last, m.value);
      item = { number: m.number, title: m.rest, lines: [n] };
      (section as ParsedSection).items.push(item);
      continue;
    }

    if (/^#/.test(line)) {
      // A markdown heading that is not 一、二、…: don't glue it onto the previous item.
      warnings.push({ line: n, message: t("checklistImport.parser.unknownHeading", { line }) });
      item = null;
      continue;
    }
    if (!item) {
      prose.push({ text: line, line: n });
      continue;
    }
    // Continuation: a page-broken line, or a sub-point in another marker style.
    // Chinese text is joined without a space. A plain line after a finished sentence is
    // more likely stray text (signature, closing remark) than a page break, so flag it.
    if (!m && /[；;。]\s*$/.test((item as ParsedItem).title)) {
      warnings.push({ line: n, message: t("checklistImport.parser.suspiciousJoin") });
    }
    (item as ParsedItem).title += line;
    (item as ParsedItem).lines.push(n);
  }
  closeSection();

  for (const s of sections) {
    for (const it of s.items) {
      it.title = it.title.trim().replace(TRAILING_RE, "");
      if (!it.title) warnings.push({ line: it.lines[0], message: t("checklistImport.parser.emptyItem", { number: it.number }) });
    }
  }
  warnings.sort((a, b) => a.line - b.line);
  return { sections, warnings };
}

/** Maps each split line (after \f → \n) back to its 1-based line number in the original text. */
function sourceLineNumbers(text: string): number[] {
  const out: number[] = [];
  let line = 1;
  out.push(line);
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\f") out.push(line);
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      line++;
      out.push(line);
    }
  }
  return out;
}
