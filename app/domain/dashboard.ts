// Shared by the oversight models and pages (browser-safe).

/** part / whole in percent with one decimal; 0 when there is no whole. */
export function percentOf(part: number, whole: number): number {
  return whole ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** Share of targets submitted at least once and not returned, in percent with one decimal. */
export function completionPercent(row: { completedCount: number; targetCount: number }): number {
  return percentOf(row.completedCount, row.targetCount);
}
