// The oversight charts: drawn by chart.js in the browser only (it needs a canvas); the server
// renders a one-line summary and the numbers as a table, which is also what a screen reader
// and a browser without JavaScript get.
import { BarElement, CategoryScale, Chart as ChartJS, Legend, LinearScale, LineElement, PointElement, Tooltip } from "chart.js";
import { useEffect, useState } from "react";
import { Bar, Line } from "react-chartjs-2";
import { DataTable } from "~/components/data-table";
import type { ListColumn } from "~/lists/define-list";
import { t } from "~/utils/i18n";

ChartJS.register(CategoryScale, LinearScale, BarElement, LineElement, PointElement, Tooltip, Legend);

function useIsClient() {
  const [isClient, setIsClient] = useState(false);
  useEffect(() => setIsClient(true), []);
  return isClient;
}

const COLORS = { primary: "#1d4e89", accent: "#067647" };

type CompletionRow = { name: string; percent: number };
type DayRow = { day: string; first: number; again: number; cumulative: number };

const COMPLETION_COLUMNS: ListColumn<CompletionRow>[] = [
  { key: "region", header: "dashboard.region", cell: (r) => r.name },
  { key: "completion", header: "dashboard.completion", numeric: true, cell: (r) => `${r.percent}%` },
];

const DAY_COLUMNS: ListColumn<DayRow>[] = [
  { key: "day", header: "dashboard.day", cell: (d) => d.day },
  { key: "first", header: "dashboard.firstSubmissions", numeric: true, cell: (d) => d.first },
  { key: "again", header: "dashboard.resubmissions", numeric: true, cell: (d) => d.again },
  { key: "cumulative", header: "dashboard.cumulative", numeric: true, cell: (d) => d.cumulative },
];

/** A chart's numbers as a folded table (the list kit's table, whole, unsorted). */
function ChartData<Row>({
  columns,
  rows,
  rowKey,
  label,
}: {
  columns: ListColumn<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  label: string;
}) {
  return (
    <details className="dash-chart__data">
      <summary>{t("dashboard.chartTable")}</summary>
      <DataTable
        list={{ columns, rowKey, empty: "dashboard.noRows", sort: { keys: {}, default: "" } }}
        page={{ rows }}
        label={label}
        pager={false}
      />
    </details>
  );
}

export function CompletionBarChart({ rows }: { rows: CompletionRow[] }) {
  const isClient = useIsClient();
  if (rows.length === 0) return null;
  const best = rows.reduce((a, b) => (b.percent > a.percent ? b : a));
  const worst = rows.reduce((a, b) => (b.percent < a.percent ? b : a));
  // Horizontal bars: region names stay readable on a phone however many there are.
  const height = Math.max(160, rows.length * 28 + 40);
  return (
    <figure className="dash-chart">
      <figcaption>
        <strong>{t("dashboard.chartCompletion")}</strong>
        <span className="muted">
          {" "}
          {t("dashboard.chartCompletionSummary", {
            best: best.name,
            bestValue: best.percent,
            worst: worst.name,
            worstValue: worst.percent,
          })}
        </span>
      </figcaption>
      <div className="dash-chart__canvas" style={{ height }} aria-hidden="true">
        {isClient ? (
          <Bar
            data={{
              labels: rows.map((r) => r.name),
              datasets: [{ label: t("dashboard.completion"), data: rows.map((r) => r.percent), backgroundColor: COLORS.primary }],
            }}
            options={{
              indexAxis: "y",
              responsive: true,
              maintainAspectRatio: false,
              animation: false,
              plugins: { legend: { display: false }, tooltip: { callbacks: { label: (c) => `${c.parsed.x}%` } } },
              scales: { x: { min: 0, max: 100, ticks: { callback: (v) => `${v}%` } } },
            }}
          />
        ) : null}
      </div>
      <ChartData columns={COMPLETION_COLUMNS} rows={rows} rowKey={(r) => r.name} label={t("dashboard.chartCompletion")} />
    </figure>
  );
}

export function SubmissionsLineChart({ days }: { days: DayRow[] }) {
  const isClient = useIsClient();
  if (days.length === 0) return <p className="muted">{t("dashboard.chartNoSubmissions")}</p>;
  const last = days[days.length - 1];
  const peak = days.reduce((a, b) => (b.first > a.first ? b : a));
  return (
    <figure className="dash-chart">
      <figcaption>
        <strong>{t("dashboard.chartSubmissions")}</strong>
        <span className="muted">
          {" "}
          {t("dashboard.chartSubmissionsSummary", { day: last.day, total: last.cumulative, peakDay: peak.day, peak: peak.first })}
        </span>
      </figcaption>
      <div className="dash-chart__canvas" style={{ height: 240 }} aria-hidden="true">
        {isClient ? (
          <Line
            data={{
              labels: days.map((d) => d.day.slice(5)),
              datasets: [
                {
                  label: t("dashboard.firstSubmissions"),
                  data: days.map((d) => d.first),
                  borderColor: COLORS.primary,
                  backgroundColor: COLORS.primary,
                  tension: 0.2,
                },
                {
                  label: t("dashboard.resubmissions"),
                  data: days.map((d) => d.again),
                  borderColor: COLORS.accent,
                  backgroundColor: COLORS.accent,
                  tension: 0.2,
                },
              ],
            }}
            options={{
              responsive: true,
              maintainAspectRatio: false,
              animation: false,
              plugins: { legend: { position: "bottom" } },
              scales: { y: { beginAtZero: true, ticks: { precision: 0 } }, x: { ticks: { maxRotation: 0, autoSkip: true } } },
            }}
          />
        ) : null}
      </div>
      <ChartData columns={DAY_COLUMNS} rows={days} rowKey={(d) => d.day} label={t("dashboard.chartSubmissions")} />
    </figure>
  );
}
