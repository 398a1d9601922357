// The institutions of the regulator's subtree (定点医药机构): /reg/institutions.
import { Link } from "@remix-run/react";
import { defineList, listFilter } from "~/lists/define-list";
import { INSTITUTION_KINDS, type InstitutionKind } from "~/domain/vocabulary";
import { msgs } from "~/utils/i18n";

export type InstitutionListRow = {
  id: string;
  name: string;
  kind: InstitutionKind;
  grade: keyof ReturnType<typeof msgs>["grades"];
  ownership: keyof ReturnType<typeof msgs>["ownerships"];
  nhsaCode: string;
  creditCode: string;
  regionName: string;
};

export const institutionsList = defineList({
  filters: {
    region: listFilter.regionCode(),
    kind: listFilter.oneOf(INSTITUTION_KINDS),
    q: listFilter.text(50),
  },
  sort: { keys: { region: "asc", name: "asc" }, default: "region" },
  pageSize: 50,
  rowKey: (row: InstitutionListRow) => row.id,
  empty: "institutions.none",
  columns: [
    {
      key: "name",
      header: "institutions.name",
      sort: "name",
      main: true,
      cell: (row) => <Link to={`/reg/institutions/${row.id}`}>{row.name}</Link>,
    },
    { key: "region", header: "regulator.region", sort: "region", cell: (row) => row.regionName },
    { key: "kind", header: "regulator.kind", cell: (row) => msgs().kinds[row.kind] },
    { key: "grade", header: "institutions.grade", cell: (row) => `${msgs().grades[row.grade]} · ${msgs().ownerships[row.ownership]}` },
    { key: "nhsaCode", header: "institutions.nhsaCode", cell: (row) => row.nhsaCode },
    { key: "creditCode", header: "institutions.creditCode", cell: (row) => row.creditCode },
  ],
});

export type InstitutionListQuery = ReturnType<typeof institutionsList.parse>;
