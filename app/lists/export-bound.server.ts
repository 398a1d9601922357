// How many rows a list export may hold. Kept apart from the workbook writer so that models (and
// the worker, which imports them) check the bound without loading ExcelJS.
import { t } from "~/utils/i18n";

export const EXPORT_MAX_ROWS = 50_000;

/** Throws the 413 answer of an export over the bound (shown by the browser as a plain Chinese page). */
export function exportTooLarge(maxRows = EXPORT_MAX_ROWS): never {
  throw new Response(t("lists.exportTooLarge", { max: maxRows.toLocaleString("zh-CN") }), {
    status: 413,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}
