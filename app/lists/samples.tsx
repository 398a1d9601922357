// The drawn inspection samples (双随机抽查): /reg/samples.
import { Link } from "@remix-run/react";
import { defineList } from "~/lists/define-list";
import { formatDateCn, formatDateTime } from "~/utils/dates";
import { t } from "~/utils/i18n";

export type SampleListRow = {
  id: string;
  title: string;
  regionName: string;
  periodStart: string;
  periodEnd: string;
  ratioBp: number;
  candidateCount: number;
  sampleSize: number;
  seed: string;
  createdAt: string;
  createdByName: string;
};

export const samplesList = defineList({
  filters: {},
  sort: { keys: { drawn: "desc" }, default: "drawn" },
  pageSize: 30,
  rowKey: (row: SampleListRow) => row.id,
  empty: "riskPages.sample.none",
  columns: [
    { key: "title", header: "riskPages.sample.title", main: true, cell: (row) => <Link to={`/reg/samples/${row.id}`}>{row.title}</Link> },
    { key: "region", header: "riskPages.sample.regionCol", cell: (row) => row.regionName },
    {
      key: "period",
      header: "riskPages.sample.period",
      cell: (row) => `${formatDateCn(row.periodStart)} — ${formatDateCn(row.periodEnd)}`,
    },
    { key: "ratio", header: "riskPages.sample.ratio", numeric: true, cell: (row) => `${row.ratioBp / 100}%` },
    {
      key: "size",
      header: "riskPages.sample.size",
      cell: (row) => t("riskPages.sample.summary", { candidates: row.candidateCount, size: row.sampleSize }),
    },
    { key: "seed", header: "riskPages.sample.seed", cell: (row) => <code className="break-anywhere">{row.seed}</code> },
    {
      key: "drawnAt",
      header: "riskPages.sample.drawnAt",
      sort: "drawn",
      cell: (row) => (
        <>
          {formatDateTime(row.createdAt)}
          <br />
          <small>{row.createdByName}</small>
        </>
      ),
    },
  ],
});

export type SampleListQuery = ReturnType<typeof samplesList.parse>;
