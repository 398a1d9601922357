// The clue ledger (线索核查台账) on the list kit: the regulator's list (/reg/clues) and its .xlsx
// export, the institution's list (/inst/clues), and the tables of the 限期清零 board (by child
// region, by institution, the clues flagged for cross-inspection) with the board's export.
// No column reads the complainant: the ledger and its exports never carry who complained.
import { Link } from "@remix-run/react";
import { z } from "zod";
import { ClueRiskBadge, ClueStatusBadge, OverdueBadge } from "~/components/clue-parts";
import {
  CLUE_AGE_BUCKETS,
  CLUE_RISK_LEVELS,
  CLUE_SOURCES,
  CLUE_STATUSES,
  type ClueResult,
  type ClueRisk,
  type ClueSource,
  type ClueStatus,
} from "~/domain/clues";
import { defineList, listFilter, MONEY_FORMAT, yuan, type ListColumn } from "~/lists/define-list";
import { formatDateCn } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";

export type ClueListRow = {
  id: string;
  source: ClueSource;
  status: ClueStatus;
  riskLevel: ClueRisk;
  ruleName: string;
  summary: string;
  institutionName: string | null;
  nhsaCode: string | null;
  subjectRegionName: string;
  handlerRegionName: string;
  recordCount: number;
  answeredCount: number;
  acceptedCount: number;
  amountFen: number;
  dueOn: string;
  isOverdue: boolean;
  result: ClueResult | null;
  recoveredFen: number | null;
};

const C = () => msgs().clues;
const sum = <Row,>(rows: Row[], pick: (row: Row) => number) => rows.reduce((total, row) => total + pick(row), 0);

/** The clue list's URL filters (the board's drill-down links use `age`, `risk`, `region`, `overdue`, `q`). */
const clueFilters = {
  q: listFilter.text(50),
  status: listFilter.oneOf(CLUE_STATUSES),
  source: listFilter.oneOf(CLUE_SOURCES),
  risk: listFilter.oneOf(CLUE_RISK_LEVELS),
  region: listFilter.regionCode(),
  overdue: z
    .literal("1")
    .optional()
    .catch(undefined)
    .transform((v) => v === "1"),
  /** Open clues of an age bucket (drill-down from the board). */
  age: listFilter.oneOf(CLUE_AGE_BUCKETS),
};

/** Open clues first, the nearest due date first (the ledger's working order). */
const clueSort = {
  keys: { due: "asc", newest: "desc", amount: "desc", records: "desc", institution: "asc" },
  default: "due",
} as const;

/** The columns of a clue list; `base` is where a row links (/reg/clues or /inst/clues). */
function clueColumns(base: string, showHandler: boolean): ListColumn<ClueListRow>[] {
  const L = () => C().list;
  const columns: (ListColumn<ClueListRow> | null)[] = [
    {
      key: "institution",
      header: "clues.list.institution",
      sort: "institution",
      main: true,
      cell: (r) => (
        <>
          <Link to={`${base}/${r.id}`}>{r.institutionName ?? `${r.subjectRegionName}${L().onlyRegion}`}</Link>
          {r.nhsaCode ? (
            <>
              <br />
              <small>{r.nhsaCode}</small>
            </>
          ) : null}
        </>
      ),
    },
    { key: "rule", header: "clues.list.rule", cell: (r) => r.ruleName },
    { key: "source", header: "clues.list.source", cell: (r) => C().sources[r.source] },
    { key: "risk", header: "clues.list.risk", cell: (r) => <ClueRiskBadge risk={r.riskLevel} /> },
    showHandler ? { key: "handler", header: "clues.list.handler", cell: (r) => r.handlerRegionName } : null,
    { key: "records", header: "clues.list.records", sort: "records", numeric: true, cell: (r) => r.recordCount },
    {
      key: "progress",
      header: "clues.list.progress",
      cell: (r) => (r.recordCount > 0 ? `${r.answeredCount}/${r.recordCount} · ${C().answerStates.accepted} ${r.acceptedCount}` : "—"),
    },
    { key: "amount", header: "clues.list.amount", sort: "amount", numeric: true, cell: (r) => formatFen(r.amountFen) },
    {
      key: "dueOn",
      header: "clues.list.dueOn",
      sort: "due",
      className: "nowrap",
      cell: (r) => (
        <>
          {formatDateCn(r.dueOn)} {r.isOverdue ? <OverdueBadge /> : null}
        </>
      ),
    },
    {
      key: "status",
      header: "clues.list.status",
      cell: (r) => (
        <>
          <ClueStatusBadge status={r.status} />
          {r.result ? ` ${C().results[r.result]}` : ""}
        </>
      ),
    },
  ];
  return columns.filter((c): c is ListColumn<ClueListRow> => c !== null);
}

/** The regulator's ledger: every clue with a bureau in its subtree. */
export const cluesList = defineList({
  filters: clueFilters,
  sort: clueSort,
  pageSize: 30,
  rowKey: (row: ClueListRow) => row.id,
  empty: "clues.list.none",
  columns: clueColumns("/reg/clues", true),
  export: {
    sheet: "clues.title",
    fileName: "clues.list.exportFileName",
    columns: [
      { header: "clues.detail.source", width: 12, value: (r) => C().sources[r.source], total: () => t("clues.report.total") },
      {
        header: "clues.list.institution",
        width: 30,
        value: (r) => r.institutionName ?? C().list.onlyRegion,
        total: (rows) => rows.length,
      },
      { header: "clues.columns.nhsaCode", width: 16, value: (r) => r.nhsaCode ?? "" },
      { header: "clues.detail.subjectRegion", width: 14, value: (r) => r.subjectRegionName },
      { header: "clues.list.handler", width: 14, value: (r) => r.handlerRegionName },
      { header: "clues.list.rule", width: 30, value: (r) => r.ruleName },
      { header: "clues.detail.summary", width: 40, value: (r) => r.summary },
      { header: "clues.list.risk", width: 10, value: (r) => C().risks[r.riskLevel] },
      { header: "clues.list.records", width: 10, value: (r) => r.recordCount, total: (rows) => sum(rows, (r) => r.recordCount) },
      // One division of an exact fen count per cell: summing yuan floats would drift.
      {
        header: "clues.list.amount",
        width: 16,
        numFmt: MONEY_FORMAT,
        value: (r) => yuan(r.amountFen),
        total: (rows) => yuan(sum(rows, (r) => r.amountFen)),
      },
      { header: "clues.list.dueOn", width: 14, value: (r) => r.dueOn },
      { header: "clues.list.status", width: 10, value: (r) => C().statuses[r.status] },
      { header: "clues.close.result", width: 10, value: (r) => (r.result ? C().results[r.result] : "") },
      {
        header: "clues.detail.recovered",
        width: 16,
        numFmt: MONEY_FORMAT,
        value: (r) => (r.recoveredFen === null ? null : yuan(r.recoveredFen)),
        total: (rows) => yuan(sum(rows, (r) => r.recoveredFen ?? 0)),
      },
    ],
  },
});

export type ClueListQuery = ReturnType<typeof cluesList.parse>;
export type ClueSortKey = ClueListQuery["sort"];

/** The institution's own clues: the same rows, linking to /inst/clues, without the handling bureau. */
export const institutionCluesList = defineList({
  filters: { q: clueFilters.q, status: clueFilters.status, overdue: clueFilters.overdue },
  sort: clueSort,
  pageSize: 30,
  rowKey: (row: ClueListRow) => row.id,
  empty: "clues.list.none",
  columns: clueColumns("/inst/clues", false),
});

export type InstitutionClueListQuery = ReturnType<typeof institutionCluesList.parse>;

// ——— the 限期清零 board ———

export type BoardChildRow = { code: string; name: string; open: number; overdue: number; flagged: number };

/** The regions one level below the board's region, each over its subtree (drill-down). */
export const boardChildrenList = defineList({
  filters: {},
  sort: { keys: { path: "asc" }, default: "path" },
  pageSize: 100,
  rowKey: (row: BoardChildRow) => row.code,
  empty: "clues.list.none",
  columns: [
    {
      key: "region",
      header: "clues.board.region",
      main: true,
      cell: (r) => <Link to={`/reg/clues/board?region=${r.code}`}>{r.name}</Link>,
    },
    { key: "open", header: "clues.board.open", numeric: true, cell: (r) => r.open },
    {
      key: "overdue",
      header: "clues.board.overdue",
      numeric: true,
      cell: (r) => (r.overdue > 0 ? <Link to={`/reg/clues?region=${r.code}&overdue=1`}>{r.overdue}</Link> : 0),
    },
    { key: "flagged", header: "clues.board.flaggedCount", numeric: true, cell: (r) => r.flagged },
  ],
});

export type BoardInstitutionRow = { id: string; name: string; nhsaCode: string; open: number; overdue: number; high: number };

/** Open clues by institution under the board's region; `region` is the board's drill-down. */
export const boardInstitutionsList = defineList({
  filters: { region: listFilter.regionCode() },
  sort: { keys: { overdue: "desc", open: "desc", high: "desc", name: "asc" }, default: "overdue" },
  pageSize: 20,
  rowKey: (row: BoardInstitutionRow) => row.id,
  empty: "clues.list.none",
  columns: [
    {
      key: "institution",
      header: "clues.board.institution",
      sort: "name",
      main: true,
      cell: (r) => (
        <>
          <Link to={`/reg/clues?${new URLSearchParams({ q: r.nhsaCode }).toString()}`}>{r.name}</Link>
          <br />
          <small>{r.nhsaCode}</small>
        </>
      ),
    },
    { key: "open", header: "clues.board.open", sort: "open", numeric: true, cell: (r) => r.open },
    { key: "overdue", header: "clues.board.overdue", sort: "overdue", numeric: true, cell: (r) => r.overdue },
    { key: "high", header: "clues.board.high", sort: "high", numeric: true, cell: (r) => r.high },
  ],
  export: {
    sheet: "clues.board.title",
    fileName: "clues.board.exportFileName",
    columns: [
      { header: "clues.board.institution", width: 30, value: (r) => r.name, total: () => t("clues.report.total") },
      { header: "clues.columns.nhsaCode", width: 16, value: (r) => r.nhsaCode },
      { header: "clues.board.open", width: 10, value: (r) => r.open, total: (rows) => sum(rows, (r) => r.open) },
      { header: "clues.board.overdue", width: 10, value: (r) => r.overdue, total: (rows) => sum(rows, (r) => r.overdue) },
      { header: "clues.board.high", width: 10, value: (r) => r.high, total: (rows) => sum(rows, (r) => r.high) },
    ],
  },
});

export type BoardInstitutionsQuery = ReturnType<typeof boardInstitutionsList.parse>;
export type BoardInstitutionSortKey = BoardInstitutionsQuery["sort"];

export type FlaggedClueRow = {
  id: string;
  institutionId: string | null;
  institutionName: string | null;
  ruleName: string;
  ageDays: number;
  dueOn: string;
  isMustInclude: boolean;
};
