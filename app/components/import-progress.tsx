// The progress of an import the worker runs (roster, clue batches): with JavaScript the bar polls
// the import's `progress` resource route every second and reloads the page's data once the worker
// is done; without it the page refreshes itself (a meta refresh inside <noscript>) and a plain
// link shows the current state.
import { useFetcher, useLocation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef } from "react";

export type ImportBar = { value: number | null; max: number; text: string };

export function ImportProgress<P extends { status: string }>({
  progressUrl,
  initial,
  isBusy,
  bar,
  label,
  noJsText,
  refreshLabel,
}: {
  progressUrl: string;
  initial: P;
  /** Whether the worker is still at it in this state (the bar keeps polling). */
  isBusy: (status: P["status"]) => boolean;
  /** The bar's value (null: not known yet, an indeterminate bar) and its text. */
  bar: (progress: P) => ImportBar;
  label: string;
  noJsText: string;
  refreshLabel?: string;
}) {
  const fetcher = useFetcher<P>();
  const revalidator = useRevalidator();
  const location = useLocation();
  const progress = (fetcher.data ?? initial) as P;
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  useEffect(() => {
    const timer = setInterval(() => {
      if (fetcherRef.current.state === "idle") fetcherRef.current.load(progressUrl);
    }, 1000);
    return () => clearInterval(timer);
  }, [progressUrl]);
  const busy = isBusy(progress.status);
  useEffect(() => {
    if (!busy && revalidator.state === "idle") revalidator.revalidate();
  }, [busy, revalidator]);
  const shown = bar(progress);
  return (
    <>
      <div className="roster-progress" aria-live="polite">
        {shown.value === null ? (
          <progress aria-label={label} />
        ) : (
          <progress max={Math.max(shown.max, 1)} value={Math.min(shown.value, Math.max(shown.max, 1))} aria-label={label} />
        )}
        <span>{shown.text}</span>
        {refreshLabel ? <a href={`${location.pathname}${location.search}`}>{refreshLabel}</a> : null}
      </div>
      <noscript>
        <meta httpEquiv="refresh" content="2" />
        <p className="muted">{noJsText}</p>
      </noscript>
    </>
  );
}
