// Reading an uploaded table (.xlsx by its bytes, a zip; anything else named .csv as CSV) in the
// untrusted-file worker, for every import that takes a template (roster, clue batches): the
// file-type and refusal handling is the same, only the columns differ (`fromCells`).
import ExcelJS from "exceljs";
import { readUntrustedFile, type FileRow, type RefusalReason, type UntrustedLimits } from "~/utils/untrusted-file.server";
import { writeWorkbook } from "~/utils/spreadsheet.server";

export type RowsResult<R> = { ok: true; rows: R[] } | { ok: false; error: string };

/** The user's messages for a file that cannot be read as a table. */
export type TabularMessages = { noHeader: string; fileType: string; fileUnreadable: string; tooManyRows: string };

const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b;

/**
 * Read an uploaded table and turn its cells into rows (`fromCells` finds the header and maps the
 * columns). Of a workbook's sheets the first with a header decides (a template's notes sheet
 * names the columns too): its rows, else the first error other than "no header".
 */
export async function readTabularUpload<R>(
  fileName: string,
  bytes: Uint8Array,
  options: {
    maxRows: number;
    messages: TabularMessages;
    fromCells: (cells: FileRow[]) => RowsResult<R>;
    limits?: Partial<UntrustedLimits>;
  },
): Promise<RowsResult<R>> {
  const { maxRows, messages, fromCells, limits } = options;
  const lower = fileName.toLowerCase();
  const refused = (reason: RefusalReason, message: string): RowsResult<R> => ({
    ok: false,
    error: reason === "too_many_rows" ? messages.tooManyRows : reason === "unreadable" ? messages.fileUnreadable : message,
  });
  if (isZip(bytes) && lower.endsWith(".xlsx")) {
    const read = await readUntrustedFile({ bytes }, { kind: "xlsx-rows", maxRows }, limits);
    if (!read.ok) return refused(read.reason, read.message);
    let fallback: RowsResult<R> = { ok: false, error: messages.noHeader };
    for (const sheet of read.sheets) {
      const result = fromCells(sheet.rows);
      if (result.ok) return result;
      if (result.error !== messages.noHeader && !fallback.ok && fallback.error === messages.noHeader) fallback = result;
    }
    return fallback;
  }
  if (lower.endsWith(".csv") && !isZip(bytes)) {
    const read = await readUntrustedFile({ bytes }, { kind: "csv-rows", maxRows }, limits);
    if (!read.ok) return refused(read.reason, read.message);
    return fromCells(read.rows);
  }
  return { ok: false, error: messages.fileType };
}

/** A bold, tinted, frozen header row. */
export function styleHeader(sheet: ExcelJS.Worksheet) {
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFDDEBF7" } };
  sheet.views = [{ state: "frozen", ySplit: 1 }];
}

/**
 * The refused rows of an import as one sheet (row number, field, reason, what was written …),
 * through the formula-safe writer: the values are the uploader's text.
 */
export async function buildProblemsWorkbook(
  sheetName: string,
  columns: { header: string; width: number }[],
  rows: (string | number | null)[][],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.columns = columns;
  for (const row of rows) sheet.addRow(row);
  styleHeader(sheet);
  return writeWorkbook(workbook);
}
