import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { t } from "~/utils/i18n";
import { RegionOptions, type RegionOption } from "~/components/region-select";

/** A GET form of filters (works without JavaScript); its fields keep the current query's values. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Form method="get" className="filters">
      {children}
      <button type="submit" className="button button--secondary">
        {t("common.filter")}
      </button>
      <Link to="?">{t("common.reset")}</Link>
    </Form>
  );
}

/** One select of a filter bar: "全部" plus the given options, preselected from the URL. */
export function FilterSelect({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  const [searchParams] = useSearchParams();
  return (
    <div className="field">
      <label className="field__label" htmlFor={`f-${name}`}>
        {label}
      </label>
      <select id={`f-${name}`} name={name} defaultValue={searchParams.get(name) ?? ""}>
        <option value="">{t("common.all")}</option>
        {children}
      </select>
    </div>
  );
}

export function RegionFilter({ regions }: { regions: RegionOption[] }) {
  return (
    <FilterSelect name="region" label={t("regulator.filterRegion")}>
      <RegionOptions regions={regions} />
    </FilterSelect>
  );
}
