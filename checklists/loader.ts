// Reads and validates the checklist YAML files. Pure Node: no app or database imports, so the
// seed script, the tests and the server can all use it.
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseDocument } from "yaml";
import type { z } from "zod";
import { checklistFileSchema, referenceListFileSchema, type ChecklistFile, type ReferenceListFile } from "./schema";

export type LoadedChecklist = ChecklistFile & { file: string; contentHash: string };
export type LoadedReferenceList = ReferenceListFile & { file: string; contentHash: string };
export interface ChecklistSet {
  checklists: LoadedChecklist[];
  references: LoadedReferenceList[];
}
export interface ChecklistSource {
  file: string;
  text: string;
}

/** A problem in one checklist file, located as precisely as we can (item and field). */
export class ChecklistFileError extends Error {
  readonly file: string;
  /** Code of the offending item or entry, when the file gives one. */
  readonly itemCode?: string;
  /** 1-based position of the offending item or entry, as shown in the message. */
  readonly itemIndex?: number;
  /** Field path inside the item (or the file, when no item), e.g. "applies_to[1]". */
  readonly field?: string;

  constructor(message: string, where: { file: string; itemCode?: string; itemIndex?: number; field?: string }) {
    super(message);
    this.name = "ChecklistFileError";
    this.file = where.file;
    this.itemCode = where.itemCode;
    this.itemIndex = where.itemIndex;
    this.field = where.field;
  }
}

type Where = { itemCode?: string; itemIndex?: number; field?: string };

function formatMessage(file: string, where: Where, listLabel: string, reason: string): string {
  const item = where.itemIndex === undefined ? "" : ` ${listLabel} #${where.itemIndex}${where.itemCode ? ` (${where.itemCode})` : ""}`;
  const field = where.field ? ` field "${where.field}"` : "";
  return `${file}:${item}${field}${item || field ? ":" : ""} ${reason}`;
}

function formatPath(segments: PropertyKey[]): string | undefined {
  let out = "";
  for (const s of segments) out += typeof s === "number" ? `[${s}]` : `${out ? "." : ""}${String(s)}`;
  return out || undefined;
}

/** Turns a zod issue path like ["items", 2, "applies_to", 0] into item #3 + field "applies_to[0]". */
function locate(raw: unknown, listKey: string, issue: z.core.$ZodIssue): Where {
  const segments: PropertyKey[] = [...issue.path];
  // Unknown keys are reported on the object; point at the key itself.
  if (issue.code === "unrecognized_keys") segments.push(issue.keys.join(", "));
  if (segments[0] === listKey && typeof segments[1] === "number") {
    const index = segments[1];
    const entry = (raw as Record<string, unknown[]>)[listKey]?.[index];
    const code = (entry as { code?: unknown } | undefined)?.code;
    return {
      itemIndex: index + 1,
      itemCode: typeof code === "string" ? code : undefined,
      field: formatPath(segments.slice(2)),
    };
  }
  return { field: formatPath(segments) };
}

function parseYaml(file: string, text: string): unknown {
  const doc = parseDocument(text);
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const at = pos ? `line ${pos.line}, column ${pos.col}: ` : "";
    // yaml appends its own "at line N, column M:" and a code excerpt; keep just the reason.
    const reason = error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    throw new ChecklistFileError(`${file}: ${at}YAML syntax error: ${reason}`, { file });
  }
  return doc.toJS();
}

function parseWith<S extends z.ZodType>(schema: S, listKey: string, listLabel: string, file: string, text: string): z.output<S> {
  const raw = parseYaml(file, text);
  const result = schema.safeParse(raw);
  if (result.success) return result.data;

  // The error is located at the first problem; the message lists all of them so one run fixes all.
  const found = result.error.issues.map((issue) => {
    const where = locate(raw, listKey, issue);
    return { where, message: formatMessage(file, where, listLabel, issue.message) };
  });
  const message = found.map((f) => f.message).join("\n");
  throw new ChecklistFileError(message, { file, ...found[0].where });
}

export function parseChecklistFile(fileName: string, text: string): ChecklistFile {
  return parseWith(checklistFileSchema, "items", "item", fileName, text);
}

export function parseReferenceFile(fileName: string, text: string): ReferenceListFile {
  return parseWith(referenceListFileSchema, "entries", "entry", fileName, text);
}

/** JSON with object keys sorted at every level, so formatting and key order do not matter. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** SHA-256 (hex) of the canonical JSON of a parsed file; used to detect changed lists. */
export function contentHash(value: unknown): string {
  return createHash("sha256").update(canonicalJson(value)).digest("hex");
}

/** Parses a whole set of sources (no I/O) and checks that file codes are unique across files. */
export function parseChecklistSet(sources: { checklists: ChecklistSource[]; references: ChecklistSource[] }): ChecklistSet {
  const checklists = sources.checklists.map(({ file, text }) => {
    const parsed = parseChecklistFile(file, text);
    return { ...parsed, file, contentHash: contentHash(parsed) };
  });
  const references = sources.references.map(({ file, text }) => {
    const parsed = parseReferenceFile(file, text);
    return { ...parsed, file, contentHash: contentHash(parsed) };
  });

  const owner = new Map<string, string>();
  for (const { code, file } of [...checklists, ...references]) {
    const first = owner.get(code);
    if (first) {
      throw new ChecklistFileError(`${file}: field "code": duplicate list code "${code}" (already used by ${first})`, {
        file,
        field: "code",
      });
    }
    owner.set(code, file);
  }
  return { checklists, references };
}

function readYamlFiles(rootDir: string, subDir: string): ChecklistSource[] {
  const dir = path.join(rootDir, subDir);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((name) => name.endsWith(".yaml"))
    .sort()
    .map((name) => ({
      // Named relative to the directory holding the checklists folder ("checklists/data/x.yaml"),
      // so the name is the same whatever the current directory is.
      file: path.relative(path.dirname(rootDir), path.join(dir, name)).split(path.sep).join("/"),
      text: fs.readFileSync(path.join(dir, name), "utf8"),
    }));
}

/** Loads `data/*.yaml` (problem lists) and `reference/*.yaml` (reference lists), sorted by file name. */
export function loadChecklistDir(rootDir: string = path.resolve(process.cwd(), "checklists")): ChecklistSet {
  const root = path.resolve(rootDir);
  return parseChecklistSet({
    checklists: readYamlFiles(root, "data"),
    references: readYamlFiles(root, "reference"),
  });
}
