import { Form, Link, useSearchParams } from "@remix-run/react";
import type { ReactNode } from "react";
import { RegionOptions, type RegionOption } from "~/components/region-select";
import { INSTITUTION_KINDS } from "~/domain/vocabulary";
import { msgs, t } from "~/utils/i18n";

/**
 * A GET form of filters (works without JavaScript); its fields render the current query's values
 * in the server HTML. `keep` names query parameters carried over unchanged (the header sort).
 * Keyed by the query so that the fields follow a client-side navigation too.
 */
export function FilterBar({ children, keep = [] }: { children: ReactNode; keep?: string[] }) {
  const [searchParams] = useSearchParams();
  return (
    <Form method="get" className="filters" key={searchParams.toString()}>
      {keep.map((name) => {
        const value = searchParams.get(name);
        return value ? <input key={name} type="hidden" name={name} value={value} /> : null;
      })}
      {children}
      <button type="submit" className="button button--secondary">
        {t("common.filter")}
      </button>
      <Link to="?">{t("common.reset")}</Link>
    </Form>
  );
}

/** A labelled field of a filter bar; its control has the id `f-<name>`. */
function FilterField({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  return (
    <div className="field">
      <label className="field__label" htmlFor={`f-${name}`}>
        {label}
      </label>
      {children}
    </div>
  );
}

/** One select of a filter bar: "全部" plus the given options, preselected from the URL. */
export function FilterSelect({ name, label, children }: { name: string; label: string; children: ReactNode }) {
  const [searchParams] = useSearchParams();
  return (
    <FilterField name={name} label={label}>
      <select id={`f-${name}`} name={name} defaultValue={searchParams.get(name) ?? ""}>
        <option value="">{t("common.all")}</option>
        {children}
      </select>
    </FilterField>
  );
}

/** A text or date field of a filter bar, filled from the URL. */
export function FilterInput({
  name,
  label,
  type = "text",
  placeholder,
}: {
  name: string;
  label: string;
  type?: "text" | "date";
  placeholder?: string;
}) {
  const [searchParams] = useSearchParams();
  return (
    <FilterField name={name} label={label}>
      <input id={`f-${name}`} name={name} type={type} defaultValue={searchParams.get(name) ?? ""} placeholder={placeholder} />
    </FilterField>
  );
}

/** A sort choice as a select (lists whose sorts are named orders rather than columns). */
export function FilterSort({ label, options, defaultSort }: { label: string; options: [string, string][]; defaultSort: string }) {
  const [searchParams] = useSearchParams();
  return (
    <FilterField name="sort" label={label}>
      <select id="f-sort" name="sort" defaultValue={searchParams.get("sort") ?? defaultSort}>
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FilterField>
  );
}

export function RegionFilter({ regions }: { regions: RegionOption[] }) {
  return (
    <FilterSelect name="region" label={t("regulator.filterRegion")}>
      <RegionOptions regions={regions} />
    </FilterSelect>
  );
}

/** The institution kind (医院、药店 …) of a filter bar. */
export function KindFilter({ label }: { label: string }) {
  return (
    <FilterSelect name="kind" label={label}>
      {INSTITUTION_KINDS.map((k) => (
        <option key={k} value={k}>
          {msgs().kinds[k]}
        </option>
      ))}
    </FilterSelect>
  );
}
