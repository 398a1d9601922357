/** A progress bar; `label` is its accessible name (what it measures, with the figures). */
export function ProgressBar({ value, total, label }: { value: number; total: number; label: string }) {
  const percent = total > 0 ? Math.round((value / total) * 100) : 0;
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={total} aria-valuenow={value} aria-label={label}>
      <div className="progress__bar" style={{ width: `${percent}%` }} />
    </div>
  );
}
