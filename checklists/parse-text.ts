// Turns the plain text of a notice (pasted, or a .txt/.docx/.pdf turned into text) into groups
// of items for the import preview. Pure: no I/O, no knowledge of the checklist schema.
//
// Nothing about the outline is fixed in advance (docs/decisions/017-notice-outline-discovery.md):
//   1. every line is cut into segments at numbering markers — at the start of a line, or inside
//      it after ：；。 when the numbers run in sequence ("如下：1.分解住院；2.挂床住院；…"); a number
//      without its dot ("4分解住院") counts only in sequence;
//   2. the markers nest in the order the text uses them (a kind already open is a sibling, a new
//      kind opens a level below, unless what is open is a finished sentence);
//   3. at every level, a set of siblings is headings when most of them have children (or are
//      heading lines over prose), items otherwise; deeper markers stay in the item's text;
//   4. items whose numbering restarts at 1 form a new group, named by the unnumbered text just
//      before them ("定点医药机构：1.…"); a list with no heading level is one group named by its
//      lead line or the title line;
//   5. the list ends after the last item at the depth the list's items use; what follows (a
//      second Q&A, source, editor, copyright…) and what precedes it is returned as `skipped`.
// Every step is linear in the length of the text.

import { t } from "~/utils/i18n";

export const MARKER_KINDS = ["cn-dun", "paren-cn", "cn-shi", "article", "num-dot", "paren-num", "num-paren", "circled"] as const;
/** 一、 （一） 一是 第一条 1. （1） 1） ① */
export type MarkerKind = (typeof MARKER_KINDS)[number];
/** What a kind of marker means: a heading (a group, or a level above groups), an item, or part of an item's text. */
export const MARKER_ROLES = ["heading", "item", "detail"] as const;
export type MarkerRole = (typeof MARKER_ROLES)[number];
export type RoleMap = Partial<Record<MarkerKind, MarkerRole>>;

export type ParsedItem = {
  /** Marker as written, e.g. "（3）", "(3)", "3.", "③", "一是"; "" for an item cut from prose by sentence. */
  number: string;
  title: string;
  /** 1-based source line numbers the item came from. */
  lines: number[];
};
export type ParsedSection = {
  /** e.g. "定点医疗机构" (numbering and trailing punctuation removed); "" when nothing names the group. */
  heading: string;
  /** e.g. "一、", "（一）", "第六十三条"; "" for a group the text does not number. */
  number: string;
  /** The heading of the level above, e.g. "工作任务" for （一）检查定点医疗机构 under 三、工作任务. */
  parent?: string;
  items: ParsedItem[];
};
/** How the text used one kind of marker, shown in the preview so the regulator can change it. */
export type StructureEntry = { kind: MarkerKind; example: string; count: number; role: MarkerRole; isForced: boolean };
export type SkippedLine = { line: number; text: string };
/** line is 1-based; 0 means the warning is about the whole text. */
export type ParseResult = {
  sections: ParsedSection[];
  warnings: { line: number; message: string }[];
  structure: StructureEntry[];
  /** Text before and after the list, not imported (capped: see MAX_SKIPPED). */
  skipped: SkippedLine[];
  skippedCount: number;
  itemCount: number;
};
export type ParseOptions = { startAt?: RegExp | string; roles?: RoleMap };

const MAX_SKIPPED = 200;
const MAX_SKIPPED_CHARS = 300;
const MAX_HEADING = 200;

const CN = "〇零一二三四五六七八九十百";
const D = "[0-9０-９]";
const CJK = "\\u4e00-\\u9fa5";

// Each pattern is tried at one position (sticky); group 1 is the marker's value.
const MARKER_RES: [MarkerKind, RegExp][] = [
  ["paren-num", new RegExp(`[（(]\\s*(${D}{1,5})\\s*[）)]\\s*`, "y")],
  ["paren-cn", new RegExp(`[（(]\\s*([${CN}]{1,4})\\s*[）)]\\s*`, "y")],
  // 第六十三条 followed by a space or 【: a heading, not a reference ("第十五条规定").
  ["article", new RegExp(`第([${CN}]{1,6}|${D}{1,3})条(?=[\\s\\u3000【\\[（(])\\s*`, "y")],
  ["cn-shi", new RegExp(`([${CN}]{1,3})是(?=[${CJK}“"])[，,：:]?\\s*`, "y")],
  ["cn-dun", new RegExp(`([${CN}]{1,4})\\s*[、．.](?!${D})\\s*`, "y")],
  // (?!\d) so "3.5万元…" or a decimal is not taken for item 3.
  ["num-dot", new RegExp(`(${D}{1,5})\\s*[.．、](?!${D})\\s*`, "y")],
  ["num-paren", new RegExp(`(${D}{1,5})\\s*[）)]\\s*`, "y")],
  ["circled", /([\u2460-\u2473])\s*/y],
];
// "4分解住院": a number missing its dot, accepted only as the next number of a 1. 2. 3. sequence.
const BARE_RE = new RegExp(`(${D}{1,3})(?=[${CJK}])(?![年月日号时个次天元万亿岁周项条名人家倍秒种类级期批床张盒片支粒袋克升米倍%％])`, "y");
/** Characters a marker can start with; anything else is skipped without trying the patterns. */
const MARKER_START = new RegExp(`[（(第${CN}0-9０-９\\u2460-\\u2473]`);

const PAGE_NUMBER_RES = [
  /^[-—–－―~～]+\s*\d+\s*[-—–－―~～]+$/, // — 1 —, - 2 -
  /^第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?$/, // 第 3 页, 第3页 共10页
  /^\d+\s*[/／]\s*\d+$/, // 3/10
  /^\d+$/, // a bare page number left by .docx/.pdf conversion
];
// Page numbers are short lines: most lines are ruled out by their length.
const isSkippable = (line: string) => !line || (line.length <= 16 && PAGE_NUMBER_RES.some((re) => re.test(line)));

/** Lines that belong to the page around a list, never to an item. */
const CHROME_LINE =
  /^[(（【\s]*(来源|稿源|作者|编辑|责任编辑|审核|审稿|撰稿|撰稿人|校对|发布时间|发布日期|发布机构|点击|阅读|浏览|分享|打印|关闭|上一页|下一页|上一篇|下一篇|相关|温馨提示|友情提示|版权|网站标识码|扫一扫|联系我们|主办|承办|整理|原标题|纠错)|ICP备|版权所有|网站标识码|责任编辑|【纠错】|Copyright|©/i;
/** Chrome that a conversion glued onto the end of the last item's line. */
const CHROME_TAIL =
  /(?<=[。；;！？!?\s])\s*(法律依据|来源[:：]|责任编辑|【纠错】|版权所有|温馨提示|相关推荐|上一页|下一页|上一篇|下一篇|扫一扫|分享到|打印本页|关闭窗口|撰稿|审稿|原标题)/;

const TRAILING_RE = /[\s；;。]+$/;
const SENTENCE_END = /[。！？!?]\s*$/;
const ITEM_END = /[。；;！？!?]\s*$/;
/** A statement that is over; a question ("哪些行为属于…?") is not: its answer follows. */
const FINISHED = /[。！!]\s*$/;

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

function markerValue(kind: MarkerKind, raw: string): number {
  if (kind === "circled") return raw.codePointAt(0)! - 0x2460 + 1;
  if (/^[0-9０-９]+$/.test(raw)) return Number(raw.replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10)));
  return cnToInt(raw);
}

type Candidate = {
  kind: MarkerKind;
  value: number;
  /** The marker as written, spaces removed: "（1）", "1.", "一是". */
  number: string;
  start: number;
  end: number;
  isLineStart: boolean;
  isBare: boolean;
  accepted: boolean;
};

function markerAt(text: string, pos: number, isLineStart: boolean): Candidate | null {
  if (!MARKER_START.test(text[pos] ?? "")) return null;
  for (const [kind, re] of MARKER_RES) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m) {
      const number = kind === "cn-shi" ? `${m[1]}是` : m[0].replace(/\s+/g, "");
      return {
        kind,
        value: markerValue(kind, m[1]),
        number,
        start: pos,
        end: pos + m[0].length,
        isLineStart,
        isBare: false,
        accepted: false,
      };
    }
  }
  BARE_RE.lastIndex = pos;
  const m = BARE_RE.exec(text);
  if (m)
    return {
      kind: "num-dot",
      value: markerValue("num-dot", m[1]),
      number: m[1],
      start: pos,
      end: pos + m[0].length,
      isLineStart,
      isBare: true,
      accepted: false,
    };
  return null;
}

type Line = { text: string; line: number; isMarkdown: boolean; candidates: Candidate[] };

const BOUNDARY_RE = /[：:；;。！？!?，,]/g;

/** Finds every possible marker of a line: at its start, and after ：；。 inside it. */
function scanLine(text: string): Candidate[] {
  const out: Candidate[] = [];
  const first = markerAt(text, 0, true);
  if (first) out.push(first);
  BOUNDARY_RE.lastIndex = first ? first.end : 0;
  for (let m = BOUNDARY_RE.exec(text); m; m = BOUNDARY_RE.exec(text)) {
    // 一是 may also follow a comma: "……，二是……".
    const isComma = m[0] === "，" || m[0] === ",";
    let j = m.index + 1;
    while (j < text.length && (text[j] === " " || text[j] === "\u3000" || text[j] === "\t")) j++;
    const cand = markerAt(text, j, false);
    if (!cand || (isComma && cand.kind !== "cn-shi")) continue;
    out.push(cand);
    BOUNDARY_RE.lastIndex = cand.end;
  }
  return out;
}

/**
 * Line-start markers count as written; a marker inside a line, or a number without its dot,
 * counts only when it continues its sequence (or starts one that continues).
 */
function acceptCandidates(lines: Line[], forcedDetail: Set<MarkerKind>) {
  const all: Candidate[] = [];
  for (const l of lines) for (const c of l.candidates) if (!forcedDetail.has(c.kind)) all.push(c);
  // For each candidate, the value of the next candidate of its kind.
  const nextValue = new Map<Candidate, number>();
  const seenNext = new Map<MarkerKind, number>();
  for (let i = all.length - 1; i >= 0; i--) {
    const c = all[i];
    const n = seenNext.get(c.kind);
    if (n !== undefined) nextValue.set(c, n);
    seenNext.set(c.kind, c.value);
  }
  const last = new Map<MarkerKind, number>();
  for (const c of all) {
    const prev = last.get(c.kind);
    if (c.isBare) c.accepted = prev !== undefined && c.value === prev + 1;
    else if (c.isLineStart) c.accepted = true;
    else if (c.value === 1) c.accepted = nextValue.get(c) === 2;
    else c.accepted = prev !== undefined && c.value === prev + 1;
    if (c.accepted) last.set(c.kind, c.value);
  }
}

type Segment = { text: string; line: number; isLineStart: boolean; isOwnLine: boolean; isMarkdown: boolean };
type Node = {
  kind: MarkerKind | null; // null: the root
  value: number;
  number: string;
  depth: number;
  text: string;
  /** Marker and text as written (for a sub-point kept inside an item). */
  raw: string;
  lines: number[];
  isLineStart: boolean;
  isOwnLine: boolean;
  isMarkdown: boolean;
  parent: Node | null;
  children: Node[];
  /** Unnumbered text after this node's own segment, up to the next marker. */
  after: Segment[];
  role?: MarkerRole;
};

const newNode = (parent: Node | null, c: Candidate | null, seg: Segment | null, raw = ""): Node => ({
  kind: c?.kind ?? null,
  value: c?.value ?? 0,
  number: c?.number ?? "",
  depth: parent ? parent.depth + 1 : 0,
  text: seg?.text ?? "",
  raw,
  lines: seg ? [seg.line] : [],
  isLineStart: seg?.isLineStart ?? true,
  isOwnLine: seg?.isOwnLine ?? false,
  isMarkdown: seg?.isMarkdown ?? false,
  parent,
  children: [],
  after: [],
});

/** The last text written under a node: its own segment, or the text after it. */
const lastTextOf = (n: Node) => (n.after.length ? n.after[n.after.length - 1].text : n.text);

/** Builds the outline tree: markers nest in the order the text uses them. */
function buildTree(lines: Line[]): Node {
  const root = newNode(null, null, null);
  const stack: Node[] = [root];
  let current = root;
  for (const l of lines) {
    const marks = l.candidates.filter((c) => c.accepted);
    if (!marks.length || marks[0].start > 0) {
      const end = marks.length ? marks[0].start : l.text.length;
      const text = l.text.slice(0, end).trim();
      if (text) current.after.push({ text, line: l.line, isLineStart: true, isOwnLine: !marks.length, isMarkdown: l.isMarkdown });
    }
    marks.forEach((c, k) => {
      const end = k + 1 < marks.length ? marks[k + 1].start : l.text.length;
      const seg: Segment = {
        text: l.text.slice(c.end, end).trim(),
        line: l.line,
        isLineStart: c.start === 0,
        isOwnLine: c.start === 0 && marks.length === 1,
        isMarkdown: l.isMarkdown,
      };
      let at = -1;
      for (let s = stack.length - 1; s > 0; s--) {
        if (stack[s].kind === c.kind) {
          at = s;
          break;
        }
      }
      let parent: Node;
      if (at > 0) {
        stack.length = at; // a sibling of the open node of this kind
        parent = stack[at - 1];
      } else {
        // A new kind opens a level below. On a line of its own it does not when the open node
        // is a finished statement with nothing after it leading into a list: that is a new
        // outline after the list, not part of it. Inside a paragraph it always does.
        while (c.isLineStart && stack.length > 1) {
          const top = stack[stack.length - 1];
          if (FINISHED.test(top.text) && (top.after.length === 0 || FINISHED.test(lastTextOf(top)))) stack.pop();
          else break;
        }
        parent = stack[stack.length - 1];
      }
      const node = newNode(parent, c, seg, l.text.slice(c.start, end).trim());
      parent.children.push(node);
      stack.push(node);
      current = node;
    });
  }
  return root;
}

/**
 * A heading line: a markdown heading, or a short line without sentence punctuation with prose
 * (whole sentences) below it. "（二）检查定点零售药店" over "重点查处……行为。" is one; "(2) 收集医保凭证空刷"
 * over "套刷；" is an item broken across a page.
 */
function isHeadingLine(n: Node): boolean {
  if (n.isMarkdown && n.isLineStart) return true;
  const text = n.text.replace(/[\s：:]+$/, "");
  if (!n.isOwnLine || !text.length || text.length > 25 || /[。；;，,！？]/.test(text)) return false;
  const below = n.after.filter((s) => s.isOwnLine);
  return below.length > 0 && below.every((s) => s.text.length > 8) && SENTENCE_END.test(below[below.length - 1].text);
}

const hasChildren = (n: Node) => n.children.length > 0;
/** Does this node head something: children of its own, or prose under a heading line? */
const isGroupish = (n: Node) => (hasChildren(n) && !/[；;]\s*$/.test(n.text)) || isHeadingLine(n);

/** Decides heading/item for every set of same-kind siblings, top down. */
function classify(node: Node, roles: RoleMap) {
  const byKind = new Map<MarkerKind, Node[]>();
  for (const c of node.children) {
    const list = byKind.get(c.kind!) ?? [];
    list.push(c);
    byKind.set(c.kind!, list);
  }
  for (const [kind, set] of byKind) {
    const forced = roles[kind];
    const role: MarkerRole =
      forced === "heading" || forced === "item" ? forced : set.filter(isGroupish).length * 2 >= set.length ? "heading" : "item";
    for (const c of set) {
      c.role = role;
      if (role === "heading") classify(c, roles);
      else markDetails(c);
    }
  }
}

function markDetails(n: Node) {
  for (const c of n.children) {
    c.role = "detail";
    markDetails(c);
  }
}

/**
 * A heading node's text split into the group heading and what follows it on the line:
 * "挂床住院。患者不在院…" → "挂床住院" + "患者不在院…", "【住院押金】 参保人员…" → "住院押金" + "参保人员…".
 */
function splitHeading(text: string): { heading: string; rest: string } {
  const bracket = /^【([^】]{1,30})】\s*/.exec(text);
  if (bracket) return { heading: bracket[1], rest: text.slice(bracket[0].length).trim() };
  const cut = /[。：:]/.exec(text);
  if (!cut || cut.index === 0) return { heading: clip(text.replace(HEADING_TRAIL, "")), rest: "" };
  return {
    heading: clip(text.slice(0, cut.index).replace(HEADING_TRAIL, "")),
    rest: text
      .slice(cut.index + 1)
      .replace(/^[\s：:。]+/, "")
      .trim(),
  };
}

/** A group heading from the unnumbered lead before a list: the sentence that introduces it. */
function headingOfLead(text: string): string {
  const sentences = text
    .split(/(?<=[。！？!?])/)
    .map((s) => s.trim())
    .filter(Boolean);
  const pick =
    [...sentences].reverse().find((s) => /[：:]\s*$/.test(s)) ??
    [...sentences].reverse().find((s) => /下列|以下|如下/.test(s)) ??
    sentences[sentences.length - 1] ??
    "";
  return clip(pick.replace(HEADING_TRAIL, ""));
}

const HEADING_TRAIL = /[\s：:；;。，,？?]+$/;
const clip = (s: string) => (s.length > MAX_HEADING ? `${s.slice(0, MAX_HEADING - 1)}…` : s);

/**
 * Cuts prose into sentences (。！？, and line ends after ；), keeping the source line of each.
 * Used for a heading over prose, e.g. "对基层医疗机构，重点查处……。对社会办……。".
 */
function splitSentences(segs: Segment[]): ParsedItem[] {
  const out: ParsedItem[] = [];
  let cur: ParsedItem | null = null;
  for (const { text, line } of segs) {
    for (const piece of text.split(/(?<=[。！？!?])/)) {
      if (!piece) continue;
      if (!cur) {
        cur = { number: "", title: "", lines: [] };
        out.push(cur);
      }
      cur.title += piece;
      if (cur.lines[cur.lines.length - 1] !== line) cur.lines.push(line);
      if (/[。！？!?]$/.test(piece)) cur = null;
    }
    if (cur && /[；;]$/.test(cur.title)) cur = null;
  }
  return out.filter((it) => it.title.replace(TRAILING_RE, "").trim());
}

/** An item while the groups are built: `tail` is the unnumbered text after it, still to be placed. */
type WorkItem = ParsedItem & { depth: number; node: Node | null; tail: Segment[] };

type Group = {
  heading: string;
  number: string;
  parent?: string;
  items: WorkItem[];
  /** Prose under a heading line, to be cut into sentences if the list is written that way. */
  prose: Segment[] | null;
  proseDepth: number;
  /** Text under the heading that is not an item (a lead sentence, a paragraph). */
  stray: Segment[];
  firstLine: number;
};

export function parseOutline(text: string, options: ParseOptions = {}): ParseResult {
  const rawLines = text.replace(/\f/g, "\n").split(/\r\n|\r|\n/);
  // Form feeds become line breaks, which would shift line numbers; count them back out.
  const lineNo = sourceLineNumbers(text);
  const warnings: ParseResult["warnings"] = [];
  const roles = options.roles ?? {};
  const empty: ParseResult = { sections: [], warnings, structure: [], skipped: [], skippedCount: 0, itemCount: 0 };

  let from = 0;
  if (options.startAt !== undefined) {
    from = findStart(rawLines, options.startAt);
    if (from < 0) {
      warnings.push({ line: 0, message: t("checklistImport.parser.startNotFound", { marker: String(options.startAt) }) });
      return empty;
    }
    // Inclusive: the marker line may itself be the first section heading.
  }

  const lines: Line[] = [];
  for (let i = from; i < rawLines.length; i++) {
    let s = rawLines[i].trim(); // trim() also removes the full-width space U+3000
    if (isSkippable(s)) continue;
    const isMarkdown = s[0] === "#" && /^#{1,6}\s*/.test(s);
    if (isMarkdown) s = s.replace(/^#{1,6}\s*/, "");
    if ("-*•·".includes(s[0])) s = s.replace(/^[-*•·]\s+/, "");
    if (!s) continue;
    lines.push({ text: s, line: lineNo[i], isMarkdown, candidates: scanLine(s) });
  }
  const forcedDetail = new Set(MARKER_KINDS.filter((k) => roles[k] === "detail"));
  acceptCandidates(lines, forcedDetail);
  const root = buildTree(lines);
  classify(root, roles);

  // ---- groups, in document order --------------------------------------------------------
  const groups: Group[] = [];
  const before: Segment[] = [];
  const titleLine = root.after.find((s) => s.isOwnLine && s.text.length <= 40 && !/[。；;]/.test(s.text) && !CHROME_LINE.test(s.text));

  /** Joins an item's continuation lines; returns the segments that are not part of it. */
  const continueItem = (item: WorkItem, isBeforeRestart: boolean): Segment[] => {
    const rest: Segment[] = [];
    const segs = item.tail;
    item.tail = [];
    for (let k = 0; k < segs.length; k++) {
      const s = segs[k];
      const ended = ITEM_END.test(item.title);
      // "定点药店" on its own line right before a list that restarts at 1 is that list's heading.
      const isLeadOfNextRun = isBeforeRestart && k === segs.length - 1 && s.text.length <= 60 && !SENTENCE_END.test(s.text);
      if (!ended && !rest.length && !CHROME_LINE.test(s.text) && !s.isMarkdown && !isLeadOfNextRun) joinInto(item, s);
      else rest.push(s);
    }
    return rest;
  };

  /** Sub-points (markers deeper than the item) stay in the item's text; returns the text after the last one. */
  const appendDetails = (item: WorkItem, node: Node): Segment[] => {
    let tail: Segment[] = node.after;
    node.children.forEach((c, k) => {
      if (k === 0) for (const s of tail) joinInto(item, s);
      joinInto(item, { text: c.raw, line: c.lines[0], isLineStart: c.isLineStart, isOwnLine: c.isOwnLine, isMarkdown: false });
      tail = c.children.length ? appendDetails(item, c) : c.after;
      if (k < node.children.length - 1) for (const s of tail) joinInto(item, s);
    });
    return tail;
  };

  const newItem = (child: Node): WorkItem => {
    const item: WorkItem = { number: child.number, title: child.text, lines: [child.lines[0]], depth: child.depth, node: child, tail: [] };
    item.tail = appendDetails(item, child);
    return item;
  };

  /** Emits the groups under a heading node (or the root), in document order. */
  const walk = (node: Node, parentHeading: string | undefined) => {
    const isRoot = node.kind === null;
    const split = isRoot ? { heading: "", rest: "" } : splitHeading(node.text);
    const heading = split.heading;
    let group: Group | null = null;
    const openGroup = (h: string, number: string, firstLine: number, parent: string | undefined): Group => {
      const g: Group = { heading: h, number, parent, items: [], prose: null, proseDepth: node.depth + 1, stray: [], firstLine };
      groups.push(g);
      return g;
    };

    if (!isRoot) {
      group = openGroup(heading, node.number, node.lines[0], parentHeading);
      const own: Segment[] = split.rest
        ? [{ text: split.rest, line: node.lines[0], isLineStart: false, isOwnLine: false, isMarkdown: false }]
        : [];
      // A heading line over prose (or a kind the regulator calls a heading) with no numbered items:
      // its lines may be the items, one per sentence.
      const isHeading = isHeadingLine(node) || roles[node.kind!] === "heading";
      if (!node.children.length && isHeading && !own.length) group.prose = node.after;
      else group.stray.push(...own, ...node.after);
    } else {
      before.push(...root.after);
    }

    let prevItem: WorkItem | null = null;
    let prevValue = 0;
    let seen = new Set<number>();
    for (const child of node.children) {
      if (child.role === "heading") {
        if (prevItem) {
          const rest = continueItem(prevItem, false);
          group?.stray.push(...rest);
          prevItem = null;
        }
        walk(child, isRoot ? undefined : heading || parentHeading);
        group = null; // items after a sub-heading start a new group
        continue;
      }
      if (child.role !== "item") continue;
      const isRestart = prevItem !== null && (child.value === 1 || child.kind !== prevItem.node!.kind);
      let lead: Segment[] = [];
      if (prevItem) {
        const rest = continueItem(prevItem, isRestart);
        if (isRestart) lead = rest;
        else if (rest.length && child.kind === prevItem.node!.kind) {
          // Text after an item that had ended, before its next sibling: more likely a page
          // break inside the item than stray text, but say so.
          warnings.push({ line: rest[0].line, message: t("checklistImport.parser.suspiciousJoin") });
          for (const s of rest) joinInto(prevItem, s);
        } else group?.stray.push(...rest);
      } else if (isRoot && !group) {
        lead = before.splice(leadStart(before));
      }
      if (!group || isRestart) {
        const leadSeg = lead[lead.length - 1];
        if (lead.length > 1) (group ?? openGroup("", "", lead[0].line, undefined)).stray.push(...lead.slice(0, -1));
        const h = leadSeg ? headingOfLead(leadSeg.text) : isRoot && !groups.length && titleLine ? titleLine.text : "";
        group = openGroup(h, "", child.lines[0], isRoot ? undefined : heading || parentHeading);
        prevValue = 0;
        seen = new Set();
      }
      if (seen.has(child.value))
        warnings.push({ line: child.lines[0], message: t("checklistImport.parser.duplicateNumber", { number: child.number }) });
      else if (child.value !== prevValue + 1)
        warnings.push({
          line: child.lines[0],
          message: t("checklistImport.parser.skippedNumber", { number: child.number, expected: prevValue + 1 }),
        });
      seen.add(child.value);
      prevValue = Math.max(prevValue, child.value);
      const item = newItem(child);
      group.items.push(item);
      prevItem = item;
    }
    if (prevItem) group?.stray.push(...continueItem(prevItem, false));
  };
  walk(root, undefined);

  // ---- where the list is ------------------------------------------------------------------
  // Headings over prose are cut into sentences only when no numbered item sits at that depth.
  const numberedDepths = new Set(groups.flatMap((g) => g.items.map((i) => i.depth)));
  for (const g of groups) {
    if (g.items.length || !g.prose?.length) continue;
    if (numberedDepths.has(g.proseDepth)) {
      g.stray.push(...g.prose);
      continue;
    }
    // Page chrome below the last heading (source, editor…) is not a sentence of the list.
    g.stray.push(...g.prose.filter((seg) => CHROME_LINE.test(seg.text)));
    const items = splitSentences(g.prose.filter((seg) => !CHROME_LINE.test(seg.text)));
    g.items = items.map((it) => ({ ...it, depth: g.proseDepth, node: null, tail: [] }));
    if (items.length) warnings.push({ line: g.prose[0].line, message: t("checklistImport.parser.splitProse", { count: items.length }) });
  }
  const firstWithItems = groups.findIndex((g) => g.items.length > 0);
  const skipped: Segment[] = [...before];
  let kept: Group[] = [];
  if (firstWithItems >= 0) {
    const depth = groups[firstWithItems].items[0].depth;
    let lastIndex = firstWithItems;
    groups.forEach((g, i) => {
      if (g.items.some((it) => it.depth === depth)) lastIndex = i;
    });
    // Headings before the first item that head nothing stay as headings; after the last item,
    // everything is outside the list.
    kept = groups.slice(0, lastIndex + 1);
    for (const g of groups.slice(lastIndex + 1)) {
      skipped.push({ text: `${g.number}${g.heading}`, line: g.firstLine, isLineStart: true, isOwnLine: true, isMarkdown: false });
      for (const it of g.items)
        skipped.push({ text: `${it.number}${it.title}`, line: it.lines[0], isLineStart: true, isOwnLine: true, isMarkdown: false });
      skipped.push(...g.stray);
    }
    // What follows the last item is outside the list; a lead sentence above the items is not.
    const last = kept[kept.length - 1];
    const lastItem = last.items[last.items.length - 1];
    const end = lastItem.lines[lastItem.lines.length - 1];
    skipped.push(...cutLastItem(lastItem), ...last.stray.filter((s) => s.line >= end));
    last.stray = last.stray.filter((s) => s.line < end);
  } else {
    for (const g of groups) skipped.push(...g.stray);
  }

  // Text under a heading that is not an item: say so, next to the line.
  for (const g of kept)
    for (const s of g.stray) warnings.push({ line: s.line, message: t("checklistImport.parser.strayText", { text: s.text }) });

  const sections: ParsedSection[] = kept.map((g) => ({
    heading: g.heading,
    number: g.number,
    ...(g.parent ? { parent: g.parent } : {}),
    items: g.items.map((it) => ({ number: it.number, title: it.title.trim().replace(TRAILING_RE, ""), lines: it.lines })),
  }));
  for (const s of sections) {
    for (const it of s.items)
      if (!it.title) warnings.push({ line: it.lines[0], message: t("checklistImport.parser.emptyItem", { number: it.number }) });
  }
  warnings.sort((a, b) => a.line - b.line);
  skipped.sort((a, b) => a.line - b.line);
  return {
    sections,
    warnings,
    structure: structureOf(root, roles),
    skipped: skipped
      .slice(0, MAX_SKIPPED)
      .map((s) => ({ line: s.line, text: s.text.length > MAX_SKIPPED_CHARS ? `${s.text.slice(0, MAX_SKIPPED_CHARS - 1)}…` : s.text })),
    skippedCount: skipped.length,
    itemCount: sections.reduce((n, s) => n + s.items.length, 0),
  };
}

function joinInto(item: ParsedItem, s: Segment) {
  item.title += s.text;
  if (item.lines[item.lines.length - 1] !== s.line) item.lines.push(s.line); // lines only grow
}

/** The unnumbered lines right before a list with no heading of its own are its lead. */
function leadStart(before: Segment[]): number {
  if (!before.length) return 0;
  const last = before[before.length - 1];
  // A lead on the same line as the first item, or the line just above it.
  return CHROME_LINE.test(last.text) ? before.length : before.length - 1;
}

/**
 * The last item of the list keeps only its own text: chrome glued onto its line, and, for an
 * item run inline in a paragraph, whatever follows its first sentence, are not part of it.
 */
function cutLastItem(item: WorkItem | undefined): Segment[] {
  if (!item || !item.node) return [];
  const out: Segment[] = [];
  const line = item.lines[0];
  const tail = CHROME_TAIL.exec(item.title);
  if (tail) {
    out.push({ text: item.title.slice(tail.index).trim(), line, isLineStart: false, isOwnLine: false, isMarkdown: false });
    item.title = item.title.slice(0, tail.index);
  }
  if (!item.node.isLineStart) {
    const end = /[。！？!?]/.exec(item.title);
    if (end && end.index < item.title.trim().length - 1) {
      out.push({ text: item.title.slice(end.index + 1).trim(), line, isLineStart: false, isOwnLine: false, isMarkdown: false });
      item.title = item.title.slice(0, end.index + 1);
    }
  }
  return out.filter((s) => s.text);
}

function structureOf(root: Node, roles: RoleMap): StructureEntry[] {
  const stats = new Map<MarkerKind, { example: string; count: number; byRole: Record<MarkerRole, number> }>();
  const visit = (n: Node) => {
    for (const c of n.children) {
      const s = stats.get(c.kind!) ?? { example: c.number, count: 0, byRole: { heading: 0, item: 0, detail: 0 } };
      s.count++;
      s.byRole[c.role ?? "detail"]++;
      stats.set(c.kind!, s);
      visit(c);
    }
  };
  visit(root);
  const out: StructureEntry[] = [];
  for (const kind of MARKER_KINDS) {
    const s = stats.get(kind);
    if (roles[kind] === "detail") {
      out.push({ kind, example: s?.example ?? "", count: s?.count ?? 0, role: "detail", isForced: true });
      continue;
    }
    if (!s) continue;
    const role = (Object.entries(s.byRole) as [MarkerRole, number][]).sort((a, b) => b[1] - a[1])[0][0];
    out.push({ kind, example: s.example, count: s.count, role: roles[kind] ?? role, isForced: roles[kind] !== undefined });
  }
  return out;
}

function findStart(lines: string[], startAt: RegExp | string): number {
  // Strip g/y so .test() has no lastIndex state.
  const re = typeof startAt === "string" ? null : new RegExp(startAt.source, startAt.flags.replace(/[gy]/g, ""));
  return lines.findIndex((l) => (re ? re.test(l) : l.includes(startAt as string)));
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
