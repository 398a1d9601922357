// The inspections ledger (现场检查台账): /reg/inspections, its .xlsx export, and the inspections
// panel of an institution's page.
import { Link } from "@remix-run/react";
import { defineList, listFilter, MONEY_FORMAT, yuan } from "~/lists/define-list";
import { INSPECTION_TYPES } from "~/schemas/inspection";
import { isValidDateOnly, formatDateCn } from "~/utils/dates";
import { msgs, t } from "~/utils/i18n";
import { formatFen } from "~/utils/money";
import type { InstitutionKind } from "~/domain/vocabulary";
import { z } from "zod";

export type InspectionListRow = {
  id: string;
  institutionId: string;
  institutionName: string;
  nhsaCode: string;
  kind: InstitutionKind;
  regionName: string;
  recordedByRegionName: string;
  type: (typeof INSPECTION_TYPES)[number];
  inspectedOn: string;
  inspectorNames: string;
  summary: string | null;
  hasSelfCheck: boolean;
  findingCount: number;
  caseCount: number;
  amountFoundFen: number;
  amountRecoveredFen: number;
  unreportedCount: number;
};

const sum = (rows: InspectionListRow[], pick: (row: InspectionListRow) => number) => rows.reduce((total, row) => total + pick(row), 0);
const dateParam = z.string().refine(isValidDateOnly).optional().catch(undefined);

const unreportedCell = (row: InspectionListRow) =>
  row.unreportedCount > 0 ? <span className="badge insp-badge--unreported">{row.unreportedCount}</span> : 0;

export const inspectionsList = defineList({
  filters: {
    region: listFilter.regionCode(),
    type: listFilter.oneOf(INSPECTION_TYPES),
    from: dateParam,
    to: dateParam,
    q: listFilter.text(50),
  },
  sort: {
    keys: { newest: "desc", oldest: "asc", institution: "asc", amount: "desc", unreported: "desc" },
    default: "newest",
  },
  pageSize: 50,
  rowKey: (row: InspectionListRow) => row.id,
  empty: "inspections.list.none",
  columns: [
    {
      key: "inspectedOn",
      header: "inspections.list.inspectedOn",
      sort: "newest",
      className: "nowrap",
      cell: (row) => formatDateCn(row.inspectedOn),
    },
    {
      key: "institution",
      header: "inspections.list.institution",
      sort: "institution",
      main: true,
      cell: (row) => (
        <>
          <Link to={`/reg/inspections/${row.id}`}>{row.institutionName}</Link>
          <br />
          <small>{row.nhsaCode}</small>
        </>
      ),
    },
    { key: "region", header: "inspections.list.region", cell: (row) => row.regionName },
    { key: "type", header: "inspections.list.type", cell: (row) => msgs().inspections.types[row.type] },
    { key: "inspectors", header: "inspections.list.inspectors", className: "break-anywhere", cell: (row) => row.inspectorNames },
    { key: "findings", header: "inspections.list.findings", numeric: true, cell: (row) => row.findingCount },
    { key: "unreported", header: "inspections.list.unreported", sort: "unreported", numeric: true, cell: unreportedCell },
    {
      key: "amountFound",
      header: "inspections.list.amountFound",
      sort: "amount",
      numeric: true,
      cell: (row) => formatFen(row.amountFoundFen),
    },
    { key: "amountRecovered", header: "inspections.list.amountRecovered", numeric: true, cell: (row) => formatFen(row.amountRecoveredFen) },
  ],
  export: {
    sheet: "inspections.export.sheet",
    fileName: "inspections.export.fileName",
    columns: [
      { header: "inspections.list.inspectedOn", width: 12, value: (r) => r.inspectedOn, total: () => t("inspections.export.total") },
      { header: "inspections.list.institution", width: 30, value: (r) => r.institutionName, total: (rows) => rows.length },
      { header: "inspections.export.nhsaCode", width: 16, value: (r) => r.nhsaCode },
      { header: "inspections.export.kind", width: 14, value: (r) => msgs().kinds[r.kind] },
      { header: "inspections.list.region", width: 12, value: (r) => r.regionName },
      { header: "inspections.list.type", width: 12, value: (r) => msgs().inspections.types[r.type] },
      { header: "inspections.list.inspectors", width: 20, value: (r) => r.inspectorNames },
      { header: "inspections.list.recordedBy", width: 12, value: (r) => r.recordedByRegionName },
      {
        header: "inspections.export.findingCount",
        width: 10,
        value: (r) => r.findingCount,
        total: (rows) => sum(rows, (r) => r.findingCount),
      },
      {
        header: "inspections.list.unreported",
        width: 10,
        value: (r) => r.unreportedCount,
        total: (rows) => sum(rows, (r) => r.unreportedCount),
      },
      { header: "inspections.export.caseCount", width: 10, value: (r) => r.caseCount, total: (rows) => sum(rows, (r) => r.caseCount) },
      // One division of an exact fen count per cell: summing yuan floats would drift.
      {
        header: "inspections.list.amountFound",
        width: 16,
        numFmt: MONEY_FORMAT,
        value: (r) => yuan(r.amountFoundFen),
        total: (rows) => yuan(sum(rows, (r) => r.amountFoundFen)),
      },
      {
        header: "inspections.list.amountRecovered",
        width: 16,
        numFmt: MONEY_FORMAT,
        value: (r) => yuan(r.amountRecoveredFen),
        total: (rows) => yuan(sum(rows, (r) => r.amountRecoveredFen)),
      },
      { header: "inspections.export.summary", width: 40, value: (r) => r.summary ?? "" },
    ],
  },
});

export type InspectionListQuery = ReturnType<typeof inspectionsList.parse>;

/** An institution's inspections on its regulator page: the same rows, without the institution columns. */
export const institutionInspectionsList = defineList({
  filters: {},
  sort: { keys: { newest: "desc" }, default: "newest" },
  pageSize: 100,
  rowKey: (row: InspectionListRow) => row.id,
  empty: "inspections.institutionPanel.none",
  columns: [
    {
      key: "inspectedOn",
      header: "inspections.list.inspectedOn",
      main: true,
      cell: (row) => <Link to={`/reg/inspections/${row.id}`}>{formatDateCn(row.inspectedOn)}</Link>,
    },
    ...inspectionsList.columns
      .filter((c) => ["type", "inspectors", "findings", "unreported", "amountFound", "amountRecovered"].includes(c.key))
      .map((c) => ({ ...c, sort: undefined })),
  ],
});
