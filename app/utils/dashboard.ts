// Shared by the oversight models and pages (browser-safe).

/** Share of targets submitted at least once and not returned, in percent with one decimal. */
export function completionPercent(row: { completedCount: number; targetCount: number }): number {
  return row.targetCount ? Math.round((row.completedCount / row.targetCount) * 1000) / 10 : 0;
}
