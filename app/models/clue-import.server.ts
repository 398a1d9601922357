// Clue batch imports (上级下发): upload, validation in the worker, preview, problems workbook,
// the set-based import and the template (docs/decisions/026). Patient data is sealed while the
// upload is validated (docs/decisions/025).
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import ExcelJS from "exceljs";
import {
  CLUE_COLUMNS,
  MAX_CLUE_ROWS,
  clueColumnLabel,
  isClueHeaderRow,
  mapClueHeader,
  maskIdNumber,
  maskName,
  provinceOf,
  validateClueRows,
  type ClueColumn,
  type ClueImportStatus,
  type ClueRisk,
  type RawClueRow,
} from "~/domain/clues";
import type { Executor } from "~/utils/db.server";
import { xlsxFile } from "~/utils/download.server";
import { msgs, t } from "~/utils/i18n";
import { isUuid } from "~/utils/ids";
import { notFound, type RegionScope } from "~/utils/permissions.server";
import { hashPii, sealPii } from "~/utils/pii.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";
import type { FileRow } from "~/utils/untrusted-file.server";
import { buildProblemsWorkbook, readTabularUpload, type RowsResult } from "~/utils/tabular-upload.server";
import { enqueue, enqueueClueImport, enqueueClueValidate } from "~/utils/queue.server";
import { recordAudit } from "~/models/audit.server";
import { checklistItemsFor } from "~/models/clue-checklist-item.server";
import { recordNewClueNotices } from "~/models/clue-notice.server";
import { inRegionSubtree } from "~/models/region.server";

const C = () => msgs().clues;
/** Rows per staging statement of an import (one round trip each, not one per row). */
const STAGE_CHUNK = 5_000;

type FieldErrors = Record<string, string>;

// ——— batch import ———
//
// Upload (the request): the file's bytes and the batch fields are kept on a clue_imports row
// ('received') and the worker is asked to validate them; the request answers at once. Validation
// (the worker): read, check, seal patient data, keep the rows ('validated', or 'refused' with the
// reason). Import (the bureau confirms, the worker runs it): 'importing' → 'imported' | 'failed',
// progress in processed_rows. Seeds, tests and the bench run the same functions in-process
// (createClueImport, importClueBatch).

type ParseResult = RowsResult<RawClueRow>;

function rowsFromCells(cells: FileRow[]): ParseResult {
  const headerIndex = cells.slice(0, 10).findIndex((r) => isClueHeaderRow(r.cells));
  if (headerIndex < 0) return { ok: false, error: C().errors.noHeader };
  const { positions, missing } = mapClueHeader(cells[headerIndex].cells);
  if (missing.length) return { ok: false, error: t("clues.errors.missingColumns", { columns: missing.map(clueColumnLabel).join("、") }) };
  const rows: RawClueRow[] = [];
  for (const r of cells.slice(headerIndex + 1)) {
    if (r.cells.every((c) => !c.trim())) continue;
    const values = {} as Record<ClueColumn, string>;
    for (const column of CLUE_COLUMNS) values[column] = positions[column] === undefined ? "" : (r.cells[positions[column]!] ?? "");
    rows.push({ row: r.row, values });
  }
  if (!rows.length) return { ok: false, error: C().errors.noRows };
  if (rows.length > MAX_CLUE_ROWS) return { ok: false, error: t("clues.errors.tooManyRows", { max: MAX_CLUE_ROWS }) };
  return { ok: true, rows };
}

/** Read an uploaded batch in the untrusted-file worker (.xlsx by its bytes, else .csv), with room for 200,000 rows. */
export async function parseClueFile(fileName: string, bytes: Uint8Array): Promise<ParseResult> {
  return readTabularUpload(fileName, bytes, {
    maxRows: MAX_CLUE_ROWS + 100,
    messages: { ...C().errors, tooManyRows: t("clues.errors.tooManyRows", { max: MAX_CLUE_ROWS }) },
    fromCells: rowsFromCells,
    limits: { timeoutMs: 120_000, maxHeapMb: 1024 },
  });
}

/** A stored row: problems with the values as written (patient fields masked), or the data with patient fields sealed. */
type StoredClueRow = {
  row: number;
  problems: { column: ClueColumn; message: string }[];
  values?: Record<ClueColumn, string>;
  data?: {
    institutionId: string;
    regionCode: string;
    nhsaCode: string;
    settlementNo: string;
    occurredOn: string;
    itemCode: string;
    itemName: string;
    quantity: string;
    amountFen: number;
    ruleCode: string;
    ruleName: string;
    risk: ClueRisk;
    pnEnc: string | null;
    pnHash: string | null;
    pnMasked: string | null;
    piEnc: string | null;
    piHash: string | null;
    piMasked: string | null;
  };
};

/** Check parsed rows against the bureau's subtree (one query for the whole file) and seal patient data. */
async function checkClueRows(exec: Executor, regionCode: string, rows: RawClueRow[]): Promise<StoredClueRow[]> {
  const codes = [...new Set(rows.map((r) => r.values.nhsaCode.trim().toUpperCase()).filter(Boolean))];
  const known = await exec.execute<{ id: string; nhsaCode: string; regionCode: string }>(sql`
    select id, nhsa_code as "nhsaCode", region_code as "regionCode" from institutions
    where nhsa_code in (select c::char(12) from jsonb_array_elements_text(${JSON.stringify(codes)}::jsonb) c)
      and ${inRegionSubtree(sql`region_code`, regionCode)}`);
  const byCode = new Map(known.map((k) => [k.nhsaCode, k]));
  return validateClueRows(rows, new Set(byCode.keys())).map((r, index) => {
    if (!r.data) {
      const values = { ...rows[index].values };
      if (values.patientName) values.patientName = maskName(values.patientName);
      if (values.patientId) values.patientId = maskIdNumber(values.patientId);
      return { row: r.row, problems: r.problems, values };
    }
    const d = r.data;
    const institution = byCode.get(d.nhsaCode)!;
    return {
      row: r.row,
      problems: [],
      data: {
        institutionId: institution.id,
        regionCode: institution.regionCode,
        nhsaCode: d.nhsaCode,
        settlementNo: d.settlementNo,
        occurredOn: d.occurredOn,
        itemCode: d.itemCode,
        itemName: d.itemName,
        quantity: d.quantity,
        amountFen: d.amountFen,
        ruleCode: d.ruleCode,
        ruleName: d.ruleName,
        risk: d.risk,
        pnEnc: d.patientName ? sealPii("patient_name", d.patientName) : null,
        pnHash: d.patientName ? hashPii("patient_name", d.patientName) : null,
        pnMasked: d.patientName ? maskName(d.patientName) : null,
        piEnc: d.patientId ? sealPii("patient_id", d.patientId) : null,
        piHash: d.patientId ? hashPii("patient_id", d.patientId) : null,
        piMasked: d.patientId ? maskIdNumber(d.patientId) : null,
      },
    };
  });
}

export type ClueUpload = { fileName: string; bytes: Uint8Array; batchName: string; docNo: string; dueOn: string };
export type CreateClueImportResult = { ok: true; id: string } | { ok: false; fieldErrors: FieldErrors };

/** Keep an uploaded batch (its bytes and fields) for the worker to read. Nothing is parsed yet. */
async function receiveClueImport(exec: Executor, scope: RegionScope, input: ClueUpload): Promise<string> {
  const [row] = await exec.execute<{ id: string }>(sql`
    insert into clue_imports (province_code, region_code, file_name, file_sha256, batch_name, doc_no, due_on, status, file_bytes, created_by)
    values (${provinceOf(scope.regionCode)}, ${scope.regionCode}, ${input.fileName.slice(0, 200)},
            ${createHash("sha256").update(input.bytes).digest("hex")}, ${input.batchName}, ${input.docNo}, ${input.dueOn}, 'received',
            ${Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength)}, ${scope.userId})
    returning id`);
  return row.id;
}

/** The upload: keep the file and hand it to the worker (the page then shows how far it is). */
export async function uploadClueImport(exec: Executor, scope: RegionScope, input: ClueUpload): Promise<CreateClueImportResult> {
  const id = await receiveClueImport(exec, scope, input);
  if (await enqueue(enqueueClueValidate, id)) return { ok: true, id };
  await exec.execute(sql`update clue_imports set status = 'refused', error = ${C().errors.queueDown}, file_bytes = null where id = ${id}`);
  return { ok: false, fieldErrors: { file: C().errors.queueDown } };
}

export type ValidateClueImportResult =
  { skipped: true } | { skipped: false; ok: true; totalRows: number; validRows: number } | { skipped: false; ok: false; error: string };

/**
 * The worker's validation of a received upload: parse it, check every row, seal patient data,
 * keep the rows for the preview and drop the bytes. A file that cannot be read is refused with
 * the reason. Runs again harmlessly (a retried job finds the row validated and skips).
 */
export async function validateClueImport(db: Executor, importId: string): Promise<ValidateClueImportResult> {
  const [imp] = await db.execute<{ regionCode: string; fileName: string; fileBytes: Buffer }>(sql`
    update clue_imports set status = 'validating' where id = ${importId} and status in ('received', 'validating') and file_bytes is not null
    returning region_code as "regionCode", file_name as "fileName", file_bytes as "fileBytes"`);
  if (!imp) return { skipped: true };
  const refuse = async (error: string) => {
    await db.execute(sql`
      update clue_imports set status = 'refused', error = ${error}, file_bytes = null, validated_at = now()
      where id = ${importId} and status = 'validating'`);
    return { skipped: false as const, ok: false as const, error };
  };
  try {
    const parsed = await parseClueFile(imp.fileName, new Uint8Array(imp.fileBytes));
    if (!parsed.ok) return await refuse(parsed.error);
    const stored = await checkClueRows(db, imp.regionCode, parsed.rows);
    const validRows = stored.filter((r) => r.data).length;
    await db.execute(sql`
      update clue_imports set status = 'validated', total_rows = ${stored.length}, valid_rows = ${validRows},
        rows = ${JSON.stringify(stored)}::jsonb, file_bytes = null, validated_at = now()
      where id = ${importId} and status = 'validating'`);
    return { skipped: false, ok: true, totalRows: stored.length, validRows };
  } catch (error) {
    console.error(`clue import ${importId}: validation failed`, error);
    return refuse(C().errors.fileUnreadable);
  }
}

/** Upload and validate in this process (seeds, the bench, tests): the code the worker runs. */
export async function createClueImport(db: Executor, scope: RegionScope, input: ClueUpload): Promise<CreateClueImportResult> {
  const id = await receiveClueImport(db, scope, input);
  const validated = await validateClueImport(db, id);
  if (validated.skipped || !validated.ok)
    return { ok: false, fieldErrors: { file: validated.skipped ? C().errors.notValidated : validated.error } };
  return { ok: true, id };
}

type ClueImportRow = {
  id: string;
  provinceCode: string;
  regionCode: string;
  fileName: string;
  fileSha256: string;
  batchName: string;
  docNo: string;
  dueOn: string;
  status: ClueImportStatus;
  totalRows: number;
  validRows: number;
  processedRows: number;
  error: string | null;
  batchId: string | null;
  createdRecords: number;
  createdClues: number;
  createdAt: string;
  startedAt: string | null;
  importedBy: string | null;
};

const importColumns = sql`
  id, province_code as "provinceCode", region_code as "regionCode", file_name as "fileName", file_sha256 as "fileSha256",
  batch_name as "batchName", doc_no as "docNo", due_on::text as "dueOn", status, total_rows as "totalRows",
  valid_rows as "validRows", processed_rows as "processedRows", error, batch_id as "batchId", created_records as "createdRecords",
  created_clues as "createdClues", created_at as "createdAt", started_at as "startedAt", imported_by as "importedBy"`;

async function requireImport(exec: Executor, scope: RegionScope, importId: string) {
  if (!isUuid(importId)) notFound();
  const [row] = await exec.execute<ClueImportRow>(sql`
    select ${importColumns} from clue_imports
    where id = ${importId} and province_code = ${provinceOf(scope.regionCode)} and ${inRegionSubtree(sql`region_code`, scope.regionCode)}`);
  return row ?? notFound();
}

/** An import still "importing" after this long lost its job (its transaction rolled back): it may start again. */
const STALE_IMPORT_MS = 30 * 60 * 1000;
const isStale = (imp: Pick<ClueImportRow, "status" | "startedAt">) =>
  imp.status === "importing" && !!imp.startedAt && Date.now() - new Date(imp.startedAt).getTime() > STALE_IMPORT_MS;

const progressOf = (imp: ClueImportRow) => ({
  status: imp.status,
  processedRows: imp.processedRows,
  toProcess: imp.validRows,
  createdClues: imp.createdClues,
  createdRecords: imp.createdRecords,
  error: imp.error,
});

export type ClueImportProgress = ReturnType<typeof progressOf>;

/** What the progress bar polls: the state and counts, never the rows. */
export async function getClueImportProgress(exec: Executor, scope: RegionScope, importId: string) {
  return progressOf(await requireImport(exec, scope, importId));
}

export const CLUE_PREVIEW_PROBLEMS = 200;

/** The preview: state, counts, the first problems (row, column, reason, what was written) and a sample of valid rows (masked). */
export async function getClueImportPage(exec: Executor, scope: RegionScope, importId: string) {
  const imp = await requireImport(exec, scope, importId);
  const [problems, sample] = await Promise.all([
    exec.execute<{ row: number; column: ClueColumn; message: string; value: string }>(sql`
      select (e->>'row')::int as row, p->>'column' as column, p->>'message' as message, e->'values'->>(p->>'column') as value
      from clue_imports ci, jsonb_array_elements(ci.rows) e, jsonb_array_elements(e->'problems') p
      where ci.id = ${importId} order by (e->>'row')::int limit ${CLUE_PREVIEW_PROBLEMS}`),
    exec.execute<{
      row: number;
      nhsaCode: string;
      settlementNo: string;
      itemName: string;
      amountFen: number;
      ruleName: string;
      patientName: string | null;
    }>(sql`
      select (e->>'row')::int as row, e->'data'->>'nhsaCode' as "nhsaCode", e->'data'->>'settlementNo' as "settlementNo",
             e->'data'->>'itemName' as "itemName", (e->'data'->>'amountFen')::bigint::float8 as "amountFen",
             e->'data'->>'ruleName' as "ruleName", e->'data'->>'pnMasked' as "patientName"
      from clue_imports ci, jsonb_array_elements(ci.rows) e
      where ci.id = ${importId} and e ? 'data' order by (e->>'row')::int limit 10`),
  ]);
  const { importedBy: _importedBy, ...shown } = imp;
  return {
    progress: progressOf(imp),
    import: {
      ...shown,
      isStale: isStale(imp),
      canStart: imp.validRows > 0 && (imp.status === "validated" || imp.status === "failed" || isStale(imp)),
    },
    problems: problems.map((p) => ({ ...p, columnLabel: clueColumnLabel(p.column) })),
    sample: [...sample],
  };
}

/** Recent imports of the regulator's subtree. */
export async function getClueImportsPage(exec: Executor, scope: RegionScope) {
  const rows = await exec.execute<{
    id: string;
    fileName: string;
    batchName: string;
    status: ClueImportStatus;
    totalRows: number;
    validRows: number;
    createdAt: string;
  }>(sql`
    select id, file_name as "fileName", batch_name as "batchName", status, total_rows as "totalRows", valid_rows as "validRows",
           created_at as "createdAt"
    from clue_imports where province_code = ${provinceOf(scope.regionCode)} and ${inRegionSubtree(sql`region_code`, scope.regionCode)}
    order by created_at desc limit 30`);
  return { imports: [...rows] };
}

/** Every refused row of an upload as .xlsx: row number, field, reason and every value as written (patient fields masked). */
export async function getClueProblemsDownload(exec: Executor, scope: RegionScope, importId: string) {
  const imp = await requireImport(exec, scope, importId);
  const problems = await exec.execute<{ row: number; column: ClueColumn; message: string; values: Record<ClueColumn, string> }>(sql`
    select (e->>'row')::int as row, p->>'column' as column, p->>'message' as message, e->'values' as values
    from clue_imports ci, jsonb_array_elements(ci.rows) e, jsonb_array_elements(e->'problems') p
    where ci.id = ${importId} order by (e->>'row')::int`);
  const I = C().import;
  const body = await buildProblemsWorkbook(
    I.problems,
    [
      { header: I.row, width: 8 },
      { header: I.column, width: 14 },
      { header: I.reason, width: 40 },
      ...CLUE_COLUMNS.map((c) => ({ header: clueColumnLabel(c), width: 16 })),
    ],
    problems.map((p) => [p.row, clueColumnLabel(p.column), p.message, ...CLUE_COLUMNS.map((c) => p.values?.[c] ?? "")]),
  );
  return xlsxFile(body, `${imp.fileName.replace(/\.(xlsx|csv)$/i, "")}-${I.problems}.xlsx`);
}

export type StartClueImportResult = { ok: true; startedAt: Date } | { ok: false; error: string };

/** Mark a validated (or failed, or stale) import as started by this user; the work runs in runClueImport. */
export async function startClueImport(exec: Executor, scope: RegionScope, importId: string): Promise<StartClueImportResult> {
  const imp = await requireImport(exec, scope, importId);
  if (imp.status === "validated" && imp.validRows === 0) return { ok: false, error: C().errors.nothingValid };
  const [started] = await exec.execute<{ startedAt: string }>(sql`
    update clue_imports set status = 'importing', imported_by = ${scope.userId}, started_at = now(), processed_rows = 0, error = null
    where id = ${importId} and valid_rows > 0
      and (status in ('validated', 'failed')
           or (status = 'importing' and started_at < now() - make_interval(secs => ${STALE_IMPORT_MS / 1000})))
    returning started_at as "startedAt"`);
  if (!started) return { ok: false, error: C().errors.notValidated };
  return { ok: true, startedAt: new Date(started.startedAt) };
}

/** Start an import and hand it to the worker; if the queue is away, put it back with a message. */
export async function beginClueImport(exec: Executor, scope: RegionScope, importId: string): Promise<StartClueImportResult> {
  const started = await startClueImport(exec, scope, importId);
  if (!started.ok) return started;
  if (await enqueue(enqueueClueImport, importId, started.startedAt)) return started;
  await exec.execute(sql`
    update clue_imports set status = 'failed', error = ${C().errors.queueDown} where id = ${importId} and status = 'importing'`);
  return { ok: false, error: C().errors.queueDown };
}

export type RunClueImportResult = { ok: true; createdClues: number; createdRecords: number } | { ok: false; error: string };

class ClueImportAbort extends Error {}

/**
 * The worker's import of a started upload, in one transaction, set-based: the valid rows are
 * staged straight from the stored rows in one INSERT … SELECT (expanding the stored array once:
 * per 5,000-row slice it cost 1.5 s each at 200,000 rows), then one INSERT … SELECT makes the
 * clues (one per institution × rule, skipping records already known) and one per 5,000 staged
 * rows makes the records (progress goes to processed_rows over a separate connection after each),
 * ON CONFLICT DO NOTHING on their natural key; the same file twice is the same batch and adds
 * nothing. Any failure rolls everything back and marks the import failed (it may start again).
 */
export async function runClueImport(
  db: Executor,
  importId: string,
): Promise<({ skipped: false } & RunClueImportResult) | { skipped: true }> {
  const [imp] = await db.execute<ClueImportRow>(
    sql`select ${importColumns} from clue_imports where id = ${importId} and status = 'importing'`,
  );
  if (!imp?.importedBy) return { skipped: true };
  const actor = imp.importedBy;
  const p = imp.provinceCode;
  const setProgress = (n: number) =>
    db.execute(sql`update clue_imports set processed_rows = ${n} where id = ${importId} and status = 'importing'`);
  try {
    const outcome = await db.transaction(async (tx) => {
      // One import per bureau and file at a time: a concurrent twin then finds the batch below.
      await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`clue_import:${imp.regionCode}:${imp.fileSha256}`}, 0))`);
      const [still] = await tx.execute(
        sql`select 1 from clue_imports where id = ${importId} and status = 'importing' and started_at = ${imp.startedAt}`,
      );
      if (!still) throw new ClueImportAbort(C().errors.notValidated);
      await tx.execute(sql`
        insert into clue_batches (province_code, region_code, source, name, doc_no, file_sha256, due_on, created_by)
        values (${p}, ${imp.regionCode}, 'upper', ${imp.batchName}, ${imp.docNo}, ${imp.fileSha256}, ${imp.dueOn}, ${actor})
        on conflict (province_code, region_code, file_sha256) where file_sha256 is not null do nothing`);
      const [batch] = await tx.execute<{ id: string }>(sql`
        select id from clue_batches where province_code = ${p} and region_code = ${imp.regionCode} and file_sha256 = ${imp.fileSha256}`);
      // The rows never leave the database: staged straight from the stored preview in one pass
      // (expanding the stored array costs as much for a slice as for all of it), keeping only
      // records not known yet.
      await tx.execute(sql`
        create temp table clue_stage on commit drop as
        select d.*, row_number() over () as n
        from clue_imports ci, jsonb_array_elements(ci.rows) e,
             jsonb_to_record(e.value->'data') as d(
               "institutionId" uuid, "regionCode" char(6), "settlementNo" text, "occurredOn" date, "itemCode" text, "itemName" text,
               quantity numeric(14, 2), "amountFen" bigint, "ruleCode" text, "ruleName" text, risk text,
               "pnEnc" text, "pnHash" char(64), "pnMasked" text, "piEnc" text, "piHash" char(64), "piMasked" text)
        where ci.id = ${importId} and e.value ? 'data'
          and not exists (
            select 1 from clue_records r where r.province_code = ${p} and r.institution_id = d."institutionId"
              and r.settlement_no = d."settlementNo" and r.item_code = d."itemCode" and r.rule_code = d."ruleCode")`);
      // One clue per institution × rule of the new records, its id, counts and checklist item
      // decided here, so that neither a per-row lookup nor a second pass over the records is needed.
      await tx.execute(sql`
        create temp table clue_new on commit drop as
        with groups as (
          select "institutionId" as institution_id, min("regionCode") as region_code, "ruleCode" as rule_code,
                 min("ruleName") as rule_name, count(*)::int as record_count, sum("amountFen") as amount_fen,
                 case when bool_or(risk = 'high') then 'high' when bool_or(risk = 'medium') then 'medium' else 'low' end as risk
          from clue_stage group by "institutionId", "ruleCode"
        )
        select gen_random_uuid() as id, g.*, items.item_id as checklist_item_id
        from groups g
        join (${checklistItemsFor(sql`select distinct rule_code as code, institution_id from groups`)}) items
          on items.code = g.rule_code and items.institution_id = g.institution_id`);
      await tx.execute(sql`create unique index on clue_new (institution_id, rule_code)`);
      await tx.execute(sql`create index on clue_stage (n)`);
      await tx.execute(sql`analyze clue_stage, clue_new`);
      const clues = await tx.execute<{ id: string }>(sql`
        insert into clues (id, province_code, batch_id, source, registered_region_code, handler_region_code, subject_region_code, institution_id,
                           checklist_item_id, rule_code, rule_name, risk_level, amount_fen, record_count, due_on, status, created_by)
        select g.id, ${p}, ${batch.id}::uuid, 'upper', ${imp.regionCode}, ${imp.regionCode}, g.region_code, g.institution_id, g.checklist_item_id,
               g.rule_code, g.rule_name, g.risk, g.amount_fen, g.record_count, ${imp.dueOn}::date,
               case when g.region_code = ${imp.regionCode} then 'verifying' else 'pending' end, ${actor}::uuid
        from clue_new g
        order by g.institution_id, g.rule_code
        on conflict (province_code, batch_id, institution_id, rule_code) where batch_id is not null do nothing
        returning id`);
      const [{ staged, newClues }] = await tx.execute<{ staged: number; newClues: number }>(sql`
        select (select count(*)::int from clue_stage) as staged, (select count(*)::int from clue_new) as "newClues"`);
      // A clue of this batch that existed already keeps its id: the new records go to it.
      if (clues.length !== newClues)
        await tx.execute(sql`
          update clue_new g set id = c.id from clues c
          where c.province_code = ${p} and c.batch_id = ${batch.id} and c.institution_id = g.institution_id and c.rule_code = g.rule_code
            and c.id <> g.id`);
      // The records, a slice of the staged rows per statement (at most 20), progress after each.
      const chunk = Math.max(STAGE_CHUNK, Math.ceil(staged / 20));
      let records = 0;
      for (let offset = 0; offset < staged; offset += chunk) {
        const [{ n }] = await tx.execute<{ n: number }>(sql`
          with ins as (
            insert into clue_records (province_code, clue_id, institution_id, settlement_no, occurred_on, item_code, item_name, quantity, amount_fen,
                                      rule_code, patient_name_enc, patient_name_hash, patient_name_masked, patient_id_enc, patient_id_hash, patient_id_masked)
            select ${p}, g.id, s."institutionId", s."settlementNo", s."occurredOn", s."itemCode", s."itemName", s.quantity, s."amountFen", s."ruleCode",
                   s."pnEnc", s."pnHash", s."pnMasked", s."piEnc", s."piHash", s."piMasked"
            from clue_stage s
            join clue_new g on g.institution_id = s."institutionId" and g.rule_code = s."ruleCode"
            where s.n > ${offset} and s.n <= ${offset + chunk}
            on conflict (province_code, institution_id, settlement_no, item_code, rule_code) do nothing
            returning 1
          ) select count(*)::int as n from ins`);
        records += n;
        await setProgress(Math.round((Math.min(offset + chunk, staged) / staged) * imp.validRows));
      }
      // Every new record went to its new clue, whose counts were set from the staged rows; only
      // when a concurrent import of another file took some of them first (or a clue of this
      // batch already existed) are the counts made again from the records.
      if (records !== staged || clues.length !== newClues) {
        await tx.execute(sql`
          update clues c set record_count = x.n, amount_fen = x.amount
          from (select c2.id as clue_id, count(r.id)::int as n, coalesce(sum(r.amount_fen), 0) as amount
                from clues c2 left join clue_records r on r.province_code = c2.province_code and r.clue_id = c2.id
                where c2.province_code = ${p} and c2.batch_id = ${batch.id}
                group by c2.id) x
          where c.province_code = ${p} and c.id = x.clue_id and (c.record_count, c.amount_fen) is distinct from (x.n, x.amount)`);
      }
      await recordNewClueNotices(
        tx,
        clues.map((c) => c.id),
      );
      const done = await tx.execute(sql`
        update clue_imports set status = 'imported', batch_id = ${batch.id}, created_clues = ${clues.length}, created_records = ${records},
          processed_rows = valid_rows, imported_at = now()
        where id = ${importId} and status = 'importing'
        returning id`);
      if (!done.length) throw new ClueImportAbort(C().errors.notValidated);
      await recordAudit(tx, {
        actorUserId: actor,
        action: "clues.imported",
        entityType: "clue_batch",
        entityId: batch.id,
        regionCode: imp.regionCode,
        after: { importId, fileName: imp.fileName, batchName: imp.batchName, docNo: imp.docNo, clues: clues.length, records },
      });
      return { createdClues: clues.length, createdRecords: records };
    });
    return { skipped: false, ok: true, ...outcome };
  } catch (error) {
    const message = error instanceof ClueImportAbort ? error.message : C().errors.importFailed;
    if (!(error instanceof ClueImportAbort)) console.error(`clue import ${importId} failed:`, error);
    await db.execute(sql`
      update clue_imports set status = 'failed', error = ${message}, processed_rows = 0 where id = ${importId} and status = 'importing'`);
    return { skipped: false, ok: false, error: message };
  }
}

/** Start and run an import in this process (seeds, the bench, tests): the code the worker runs. */
export async function importClueBatch(db: Executor, scope: RegionScope, importId: string): Promise<RunClueImportResult> {
  const started = await startClueImport(db, scope, importId);
  if (!started.ok) return started;
  const result = await runClueImport(db, importId);
  return result.skipped ? { ok: false, error: C().errors.notValidated } : result;
}

/** The batch template (.xlsx with a notes sheet, or a .csv header). */
export async function getClueTemplate(format: "xlsx" | "csv") {
  const labels = CLUE_COLUMNS.map(clueColumnLabel);
  const I = C().import;
  if (format === "csv") {
    return {
      body: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(labels.join(",") + "\r\n", "utf8")]),
      fileName: `${I.templateSheet}.csv`,
      contentType: "text/csv; charset=utf-8",
    };
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = msgs().app.fullName;
  const sheet = workbook.addWorksheet(I.templateSheet);
  sheet.columns = CLUE_COLUMNS.map((c) => ({
    header: clueColumnLabel(c),
    key: c,
    width: c === "itemName" || c === "ruleName" ? 28 : 18,
    style: { numFmt: "@" },
  }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
  const notes = workbook.addWorksheet(I.notesSheet);
  notes.columns = [
    { header: I.notesColumn, width: 20 },
    { header: I.notesRule, width: 70 },
  ];
  for (const column of CLUE_COLUMNS) notes.addRow([clueColumnLabel(column), C().columnNotes[column]]);
  notes.getRow(1).font = { bold: true };
  return xlsxFile(await writeWorkbook(workbook), `${I.templateSheet}.xlsx`);
}
