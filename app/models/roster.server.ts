import { xlsxFile } from "~/utils/download.server";
// Roster onboarding (批量导入定点机构): read an uploaded .xlsx/.csv, validate every row against
// the regulator's subtree and what is registered, keep the result for the preview, then import
// it in one transaction with set-based statements, reporting progress as it goes.
import { createHash } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import { rosterImports, users } from "~db/schema";
import type { Database, Executor } from "~/utils/db.server";
import { INSTITUTION_GRADES, INSTITUTION_KINDS, OWNERSHIPS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import {
  countOutcomes,
  columnLabel,
  isHeaderRow,
  mapHeader,
  MAX_ROSTER_ROWS,
  ROSTER_COLUMNS,
  validateRosterRows,
  type CheckedRosterRow,
  type RawRosterRow,
  type RegisteredInstitution,
  type RosterColumn,
} from "~/domain/roster";
import { enqueue, enqueueRosterImport } from "~/utils/queue.server";
import type { FileRow } from "~/utils/untrusted-file.server";
import { buildProblemsWorkbook, readTabularUpload, styleHeader } from "~/utils/tabular-upload.server";
import { recordAudit } from "~/models/audit.server";
import { INVITATION_DAYS } from "~/models/invitation.server";
import { inRegionSubtree } from "~/models/region.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

export const MAX_ROSTER_FILE_MB = 10;
/** How many rows one set-based statement imports (progress is reported after each). */
const IMPORT_CHUNK = 500;

const R = () => msgs().roster;

export type ParseResult = { ok: true; rows: RawRosterRow[] } | { ok: false; error: string };

/** Rows of cells (strings) with their row numbers → the template's columns, header found in the first rows. */
function rowsFromCells(cells: FileRow[]): ParseResult {
  const headerIndex = cells.slice(0, 10).findIndex((r) => isHeaderRow(r.cells));
  if (headerIndex < 0) return { ok: false, error: R().errors.noHeader };
  const { positions, missing } = mapHeader(cells[headerIndex].cells);
  if (missing.length) return { ok: false, error: t("roster.errors.missingColumns", { columns: missing.map(columnLabel).join("、") }) };
  const rows: RawRosterRow[] = [];
  for (const r of cells.slice(headerIndex + 1)) {
    if (r.cells.every((c) => !c.trim())) continue;
    const values = {} as Record<RosterColumn, string>;
    for (const column of ROSTER_COLUMNS) values[column] = r.cells[positions[column]!] ?? "";
    rows.push({ row: r.row, values });
  }
  if (!rows.length) return { ok: false, error: R().errors.noRows };
  if (rows.length > MAX_ROSTER_ROWS) return { ok: false, error: t("roster.errors.tooManyRows", { max: MAX_ROSTER_ROWS }) };
  return { ok: true, rows };
}

// Room for header rows and the template's notes sheet above the data rows.
const MAX_FILE_ROWS = MAX_ROSTER_ROWS + 100;

/**
 * Read an uploaded roster: .xlsx by its bytes (a zip), anything else named .csv as CSV. Parsed in
 * a worker thread with unpacked-size, row, memory and time limits (untrusted-file.server.ts).
 */
export async function parseRosterFile(fileName: string, bytes: Uint8Array): Promise<ParseResult> {
  return readTabularUpload(fileName, bytes, {
    maxRows: MAX_FILE_ROWS,
    messages: { ...R().errors, tooManyRows: t("roster.errors.tooManyRows", { max: MAX_ROSTER_ROWS }) },
    fromCells: rowsFromCells,
  });
}

/** What validation needs from the database, loaded set-based (three queries for any file size). */
async function loadRosterContext(exec: Executor, scopeRegion: string, rows: RawRosterRow[]) {
  const codes = (column: RosterColumn) =>
    JSON.stringify([...new Set(rows.map((r) => r.values[column].trim().toUpperCase()).filter(Boolean))]);
  const emails = JSON.stringify([...new Set(rows.map((r) => r.values.contactEmail.trim().toLowerCase()).filter(Boolean))]);
  const [regionRows, registered, taken] = await Promise.all([
    exec.execute<{ code: string; in_scope: boolean }>(sql`
      select r.code, r.path like (select p.path from regions p where p.code = ${scopeRegion}) || '%' as in_scope from regions r`),
    exec.execute<RegisteredInstitution>(sql`
      select id, name, kind, grade, ownership, region_code as "regionCode", nhsa_code as "nhsaCode", credit_code as "creditCode",
             contact_name as "contactName", contact_phone as "contactPhone", contact_email as "contactEmail"
      from institutions
      where credit_code in (select c::char(18) from jsonb_array_elements_text(${codes("creditCode")}::jsonb) c)
         or nhsa_code in (select c::char(12) from jsonb_array_elements_text(${codes("nhsaCode")}::jsonb) c)`),
    exec.execute<{ email: string }>(sql`select email from users where email in (select jsonb_array_elements_text(${emails}::jsonb))`),
  ]);
  return {
    regions: new Map(regionRows.map((r) => [r.code, r.in_scope])),
    registered: [...registered],
    takenEmails: new Set(taken.map((r) => r.email)),
  };
}

async function checkRosterRows(exec: Executor, scopeRegion: string, rows: RawRosterRow[]): Promise<CheckedRosterRow[]> {
  return validateRosterRows(rows, await loadRosterContext(exec, scopeRegion, rows));
}

export type CreateImportResult = { ok: true; id: string } | { ok: false; error: string };

/** Parse and validate an uploaded file and keep the result for the preview. Nothing else is written. */
export async function createRosterImport(
  exec: Executor,
  scope: RegionScope,
  file: { name: string; bytes: Uint8Array },
): Promise<CreateImportResult> {
  const parsed = await parseRosterFile(file.name, file.bytes);
  if (!parsed.ok) return parsed;
  const checked = await checkRosterRows(exec, scope.regionCode, parsed.rows);
  const counts = countOutcomes(checked);
  const [row] = await exec
    .insert(rosterImports)
    .values({
      regionCode: scope.regionCode,
      fileName: file.name.slice(0, 200),
      fileSha256: createHash("sha256").update(file.bytes).digest("hex"),
      status: "validated",
      totalRows: counts.total,
      validRows: counts.valid,
      rows: checked,
      createdBy: scope.userId,
    })
    .returning({ id: rosterImports.id });
  return { ok: true, id: row.id };
}

/** The import row if it belongs to the regulator's subtree; 404 otherwise. */
async function requireImport(exec: Executor, scope: RegionScope, importId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(importId)) notFound();
  const [row] = await exec
    .select({
      id: rosterImports.id,
      regionCode: rosterImports.regionCode,
      fileName: rosterImports.fileName,
      status: rosterImports.status,
      totalRows: rosterImports.totalRows,
      validRows: rosterImports.validRows,
      processedRows: rosterImports.processedRows,
      createdCount: rosterImports.createdCount,
      unchangedCount: rosterImports.unchangedCount,
      invitedCount: rosterImports.invitedCount,
      onlyValid: rosterImports.onlyValid,
      error: rosterImports.error,
      createdAt: rosterImports.createdAt,
      startedAt: rosterImports.startedAt,
      finishedAt: rosterImports.finishedAt,
    })
    .from(rosterImports)
    .where(and(eq(rosterImports.id, importId), inRegionSubtree(rosterImports.regionCode, scope.regionCode)));
  return row ?? notFound();
}

export type ImportProgress = Awaited<ReturnType<typeof getRosterImportProgress>>;

/** What the progress bar polls: counts only, never the rows. */
export async function getRosterImportProgress(exec: Executor, scope: RegionScope, importId: string) {
  const row = await requireImport(exec, scope, importId);
  return {
    status: row.status,
    processedRows: row.processedRows,
    toProcess: row.validRows,
    createdCount: row.createdCount,
    unchangedCount: row.unchangedCount,
    invitedCount: row.invitedCount,
    error: row.error,
  };
}

export const PREVIEW_PROBLEMS = 200;
const PREVIEW_SAMPLE = 10;

/** The preview: counts, the first problems (row, column, reason, what was written) and a sample of valid rows. */
export async function getRosterImport(exec: Executor, scope: RegionScope, importId: string) {
  const row = await requireImport(exec, scope, importId);
  const [problems, [{ problemCount, newCount, unchangedCount }], sample] = await Promise.all([
    exec.execute<{ row: number; column: RosterColumn; message: string; value: string }>(sql`
      select (e->>'row')::int as row, p->>'column' as column, p->>'message' as message, e->'values'->>(p->>'column') as value
      from roster_imports ri, jsonb_array_elements(ri.rows) e, jsonb_array_elements(e->'problems') p
      where ri.id = ${importId} order by (e->>'row')::int limit ${PREVIEW_PROBLEMS}`),
    exec.execute<{ problemCount: number; newCount: number; unchangedCount: number }>(sql`
      select (select count(*) from jsonb_array_elements(ri.rows) e, jsonb_array_elements(e->'problems'))::int as "problemCount",
             (select count(*) from jsonb_array_elements(ri.rows) e where e->>'outcome' = 'new')::int as "newCount",
             (select count(*) from jsonb_array_elements(ri.rows) e where e->>'outcome' = 'unchanged')::int as "unchangedCount"
      from roster_imports ri where ri.id = ${importId}`),
    exec.execute<{ row: number; outcome: "new" | "unchanged"; values: Record<RosterColumn, string> }>(sql`
      select (e->>'row')::int as row, e->>'outcome' as outcome, e->'values' as values
      from roster_imports ri, jsonb_array_elements(ri.rows) e
      where ri.id = ${importId} and e->>'outcome' <> 'invalid' order by (e->>'row')::int limit ${PREVIEW_SAMPLE}`),
  ]);
  return {
    ...row,
    isStale: row.status === "importing" && !!row.startedAt && Date.now() - new Date(row.startedAt).getTime() > STALE_IMPORT_MS,
    invalidRows: row.totalRows - row.validRows,
    newRows: newCount,
    unchangedRows: unchangedCount,
    problemCount,
    problems: problems.map((p) => ({ ...p, columnLabel: columnLabel(p.column) })),
    sample: [...sample],
  };
}

export const ROSTER_IMPORTS_PAGE_SIZE = 20;

/** Uploads in the regulator's subtree, newest first. */
export async function listRosterImports(exec: Executor, scope: RegionScope, page = 1) {
  const where = inRegionSubtree(rosterImports.regionCode, scope.regionCode);
  const [{ total }] = await exec
    .select({ total: sql<number>`count(*)::int` })
    .from(rosterImports)
    .where(where);
  const pageCount = Math.max(1, Math.ceil(total / ROSTER_IMPORTS_PAGE_SIZE));
  const current = Math.min(Math.max(1, page), pageCount);
  const rows = await exec
    .select({
      id: rosterImports.id,
      fileName: rosterImports.fileName,
      status: rosterImports.status,
      totalRows: rosterImports.totalRows,
      validRows: rosterImports.validRows,
      createdCount: rosterImports.createdCount,
      createdAt: rosterImports.createdAt,
      uploadedBy: users.name,
    })
    .from(rosterImports)
    .innerJoin(users, eq(users.id, rosterImports.createdBy))
    .where(where)
    .orderBy(desc(rosterImports.createdAt))
    .limit(ROSTER_IMPORTS_PAGE_SIZE)
    .offset((current - 1) * ROSTER_IMPORTS_PAGE_SIZE);
  return { rows, total, page: current, pageCount };
}

/** An import still "importing" after this long lost its job (its transaction rolled back): it may start again. */
const STALE_IMPORT_MS = 30 * 60 * 1000;

export type StartImportResult = { ok: true; startedAt: Date } | { ok: false; error: string };

/**
 * Mark an import as started (validated or failed → importing) in the chosen mode. "All" is only
 * allowed for a clean file. The work itself runs in the worker (runRosterImport).
 */
export async function startRosterImport(
  exec: Executor,
  scope: RegionScope,
  importId: string,
  onlyValid: boolean,
): Promise<StartImportResult> {
  const row = await requireImport(exec, scope, importId);
  const isStale = row.status === "importing" && !!row.startedAt && Date.now() - new Date(row.startedAt).getTime() > STALE_IMPORT_MS;
  if (row.status !== "validated" && row.status !== "failed" && !isStale) return { ok: false, error: R().errors.notReady };
  const invalid = row.totalRows - row.validRows;
  if (!onlyValid && invalid > 0) return { ok: false, error: t("roster.errors.notClean", { count: invalid }) };
  if (row.validRows === 0) return { ok: false, error: R().errors.nothingValid };
  const startedAt = new Date();
  const updated = await exec
    .update(rosterImports)
    .set({ status: "importing", onlyValid, importedBy: scope.userId, startedAt, processedRows: 0, error: null })
    .where(
      and(
        eq(rosterImports.id, importId),
        sql`(${rosterImports.status} in ('validated', 'failed')
             or (${rosterImports.status} = 'importing' and ${rosterImports.startedAt} < now() - make_interval(secs => ${STALE_IMPORT_MS / 1000})))`,
      ),
    )
    .returning({ id: rosterImports.id });
  if (!updated.length) return { ok: false, error: R().errors.notReady };
  return { ok: true, startedAt };
}

/** Start an import and hand it to the worker; if the queue is away, put it back with a message. */
export async function beginRosterImport(
  exec: Executor,
  scope: RegionScope,
  importId: string,
  onlyValid: boolean,
): Promise<StartImportResult> {
  const started = await startRosterImport(exec, scope, importId, onlyValid);
  if (!started.ok) return started;
  if (await enqueue(enqueueRosterImport, importId, started.startedAt)) return started;
  await abandonRosterImport(exec, importId, R().errors.queueDown);
  return { ok: false, error: R().errors.queueDown };
}

/** Put a started import back (e.g. the queue could not take the job). */
async function abandonRosterImport(exec: Executor, importId: string, error: string) {
  await exec
    .update(rosterImports)
    .set({ status: "failed", error })
    .where(and(eq(rosterImports.id, importId), eq(rosterImports.status, "importing")));
}

class ImportAbort extends Error {}

export type RunImportResult =
  { skipped: true } | { skipped: false; ok: boolean; created: number; unchanged: number; invitationIds: string[] };

/**
 * Import a started roster: ONE transaction that re-checks every row against the database as it
 * is now, then inserts institutions, their officers (no password yet), invitations and one audit
 * event per institution with one statement per chunk. Progress goes to `processed_rows` over a
 * separate connection (outside the transaction) after each chunk, so the page can show it; the
 * counts and status are written by the transaction itself. Returns the invitation ids to queue
 * after commit. Any failure rolls everything back and marks the import failed.
 */
export async function runRosterImport(db: Database, importId: string, opts: { failAfterChunk?: number } = {}): Promise<RunImportResult> {
  const [imp] = await db.select().from(rosterImports).where(eq(rosterImports.id, importId));
  if (!imp || imp.status !== "importing" || !imp.importedBy) return { skipped: true };
  const actor = imp.importedBy;
  const stored = imp.rows as CheckedRosterRow[];
  const setProgress = (n: number) => db.update(rosterImports).set({ processedRows: n }).where(eq(rosterImports.id, importId));
  try {
    const outcome = await db.transaction(async (tx) => {
      // One roster import at a time: the re-check below then sees every earlier import.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended('roster_import', 0))`);
      const checked = await checkRosterRows(
        tx,
        imp.regionCode,
        stored.map((r) => ({ row: r.row, values: r.values })),
      );
      const counts = countOutcomes(checked);
      if (!imp.onlyValid && counts.invalid > 0) throw new ImportAbort(R().errors.changed);
      if (imp.onlyValid && stored.some((r, i) => r.outcome !== "invalid" && checked[i].outcome === "invalid"))
        throw new ImportAbort(R().errors.changed);
      const fresh = checked.filter((r) => r.outcome === "new");
      let processed = counts.unchanged;
      await setProgress(processed);
      const invitationIds: string[] = [];
      for (let i = 0, chunk = 0; i < fresh.length; i += IMPORT_CHUNK, chunk++) {
        if (opts.failAfterChunk !== undefined && chunk === opts.failAfterChunk) throw new Error("simulated failure");
        const part = fresh.slice(i, i + IMPORT_CHUNK).map((r) => ({
          name: r.data!.name,
          kind: r.data!.kind,
          grade: r.data!.grade,
          ownership: r.data!.ownership,
          region_code: r.data!.regionCode,
          nhsa_code: r.data!.nhsaCode,
          credit_code: r.data!.creditCode,
          contact_name: r.data!.contactName,
          contact_phone: r.data!.contactPhone,
          contact_email: r.data!.contactEmail,
          row: r.row,
        }));
        const ids = await tx.execute<{ id: string }>(sql`
          with input as (
            select * from json_to_recordset(${JSON.stringify(part)}::json) as x(
              name text, kind text, grade text, ownership text, region_code text, nhsa_code text, credit_code text,
              contact_name text, contact_phone text, contact_email text, "row" int)
          ), ins as (
            insert into institutions (name, kind, grade, ownership, region_code, nhsa_code, credit_code, contact_name, contact_phone, contact_email)
            select name, kind, grade, ownership, region_code, nhsa_code, credit_code, contact_name, contact_phone, contact_email from input
            returning *
          ), officers as (
            insert into users (email, name, phone, role, institution_id)
            select contact_email, contact_name, contact_phone, 'officer', id from ins
            returning id
          ), audit as (
            insert into audit_events (actor_user_id, action, entity_type, entity_id, institution_id, region_code, after)
            select ${actor}::uuid, 'institution.created', 'institution', ins.id::text, ins.id, ins.region_code,
                   jsonb_build_object('name', ins.name, 'kind', ins.kind, 'grade', ins.grade, 'ownership', ins.ownership,
                     'regionCode', ins.region_code, 'nhsaCode', ins.nhsa_code, 'creditCode', ins.credit_code,
                     'contactName', ins.contact_name, 'contactPhone', ins.contact_phone, 'contactEmail', ins.contact_email,
                     'source', 'roster_import', 'rosterImportId', ${importId}::text)
            from ins
          )
          insert into invitations (user_id, expires_at, invited_by)
          select id, now() + make_interval(days => ${INVITATION_DAYS}), ${actor}::uuid from officers
          returning id`);
        invitationIds.push(...ids.map((r) => r.id));
        processed += part.length;
        await setProgress(processed);
      }
      await recordAudit(tx, {
        actorUserId: actor,
        action: "roster.imported",
        entityType: "roster_import",
        entityId: importId,
        regionCode: imp.regionCode,
        after: {
          fileName: imp.fileName,
          onlyValid: imp.onlyValid,
          created: fresh.length,
          unchanged: counts.unchanged,
          skipped: counts.invalid,
        },
      });
      const done = await tx
        .update(rosterImports)
        .set({
          status: "imported",
          rows: checked,
          validRows: counts.valid,
          processedRows: processed,
          createdCount: fresh.length,
          unchangedCount: counts.unchanged,
          invitedCount: invitationIds.length,
          finishedAt: new Date(),
        })
        .where(and(eq(rosterImports.id, importId), eq(rosterImports.status, "importing")))
        .returning({ id: rosterImports.id });
      if (!done.length) throw new ImportAbort(R().errors.notReady);
      return { created: fresh.length, unchanged: counts.unchanged, invitationIds };
    });
    return { skipped: false, ok: true, ...outcome };
  } catch (error) {
    const message = error instanceof ImportAbort ? error.message : R().errors.changed;
    if (!(error instanceof ImportAbort)) console.error(`roster import ${importId} failed:`, error);
    await db
      .update(rosterImports)
      .set({ status: "failed", error: message, processedRows: 0, finishedAt: new Date() })
      .where(and(eq(rosterImports.id, importId), eq(rosterImports.status, "importing")));
    return { skipped: false, ok: false, created: 0, unchanged: 0, invitationIds: [] };
  }
}

// ——— .xlsx / .csv files ———

/** The roster template: the data sheet (columns as text, drop-down lists) and a sheet of notes. */
export async function buildRosterTemplate(format: "xlsx" | "csv"): Promise<Buffer> {
  const labels = ROSTER_COLUMNS.map(columnLabel);
  if (format === "csv") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(labels.join(",") + "\r\n", "utf8")]);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(R().templateSheet);
  sheet.columns = ROSTER_COLUMNS.map((c) => ({
    header: columnLabel(c),
    key: c,
    width: c === "name" ? 32 : c === "contactEmail" ? 28 : 20,
    style: { numFmt: "@" },
  }));
  styleHeader(sheet);
  const lists: Partial<Record<RosterColumn, string[]>> = {
    kind: INSTITUTION_KINDS.map((k) => msgs().kinds[k]),
    grade: INSTITUTION_GRADES.map((g) => msgs().grades[g]),
    ownership: OWNERSHIPS.map((o) => msgs().ownerships[o]),
  };
  ROSTER_COLUMNS.forEach((column, index) => {
    const list = lists[column];
    if (!list) return;
    const letter = String.fromCharCode(65 + index);
    for (let r = 2; r <= 2001; r++) {
      sheet.getCell(`${letter}${r}`).dataValidation = { type: "list", allowBlank: true, formulae: [`"${list.join(",")}"`] };
    }
  });
  const notes = workbook.addWorksheet(R().notesSheet);
  notes.columns = [
    { header: R().notesColumn, width: 20 },
    { header: R().notesRule, width: 80 },
  ];
  for (const column of ROSTER_COLUMNS) notes.addRow([columnLabel(column), R().columnNotes[column]]);
  notes.addRow([]);
  notes.addRow([R().notesTip]);
  styleHeader(notes);
  return writeWorkbook(workbook);
}

/** Every problem of an import as a workbook (row, name, column, what was written, reason). */
export async function buildRosterProblemsWorkbook(
  exec: Executor,
  scope: RegionScope,
  importId: string,
): Promise<{ fileName: string; body: Buffer }> {
  const row = await requireImport(exec, scope, importId);
  const problems = await exec.execute<{ row: number; column: RosterColumn; message: string; value: string; name: string }>(sql`
    select (e->>'row')::int as row, p->>'column' as column, p->>'message' as message,
           e->'values'->>(p->>'column') as value, e->'values'->>'name' as name
    from roster_imports ri, jsonb_array_elements(ri.rows) e, jsonb_array_elements(e->'problems') p
    where ri.id = ${importId} order by (e->>'row')::int`);
  const P = R().preview;
  const body = await buildProblemsWorkbook(
    P.badRows,
    [
      { header: P.row, width: 8 },
      { header: columnLabel("name"), width: 30 },
      { header: P.column, width: 18 },
      { header: P.value, width: 26 },
      { header: P.reason, width: 60 },
    ],
    problems.map((p) => [p.row, p.name, columnLabel(p.column), p.value, p.message]),
  );
  return { fileName: `${row.fileName.replace(/\.(xlsx|csv)$/i, "")}-${P.badRows}.xlsx`, body };
}

export async function getRosterTemplate(format: "xlsx" | "csv") {
  const body = await buildRosterTemplate(format);
  const fileName = `${R().templateSheet}.${format}`;
  return format === "xlsx" ? xlsxFile(body, fileName) : { body, fileName, contentType: "text/csv; charset=utf-8" };
}

export async function getRosterProblemsDownload(exec: Executor, scope: RegionScope, importId: string) {
  const { fileName, body } = await buildRosterProblemsWorkbook(exec, scope, importId);
  return xlsxFile(body, fileName);
}
