// The one way a workbook becomes bytes. Text that people typed (names, descriptions, comments,
// file names) goes into exported .xlsx files; a text starting with = + - @ or a tab or carriage
// return is a formula to a spreadsheet as soon as someone edits the cell or saves the sheet as
// CSV and opens it again ("CSV injection"). Every such text is written with a leading apostrophe,
// which every spreadsheet shows and none evaluates.
import type ExcelJS from "exceljs";

const FORMULA_START = /^[=+\-@\t\r]/;

/** "=HYPERLINK(…)" → "'=HYPERLINK(…)"; any other text unchanged. */
export function neutralizeFormulaText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function neutralizeCell(cell: ExcelJS.Cell) {
  const value = cell.value;
  if (typeof value === "string") {
    if (FORMULA_START.test(value)) cell.value = neutralizeFormulaText(value);
    return;
  }
  if (!value || typeof value !== "object") return;
  if ("richText" in value && value.richText.length > 0 && FORMULA_START.test(value.richText[0].text)) {
    const [first, ...rest] = value.richText;
    cell.value = { richText: [{ ...first, text: neutralizeFormulaText(first.text) }, ...rest] };
  } else if ("hyperlink" in value && typeof value.text === "string" && FORMULA_START.test(value.text)) {
    cell.value = { ...value, text: neutralizeFormulaText(value.text) };
  }
  // Formula cells ({ formula }) are the app's own, never built from user text.
}

/** Every sheet's text cells made safe (see above), then the .xlsx bytes. */
export async function writeWorkbook(workbook: ExcelJS.Workbook): Promise<Buffer> {
  workbook.eachSheet((sheet) => {
    sheet.eachRow({ includeEmpty: false }, (row) => row.eachCell({ includeEmpty: false }, neutralizeCell));
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
