import type { ReactNode } from "react";
import { t } from "~/utils/i18n";

type FieldProps = {
  id: string;
  label: string;
  error?: string;
  hint?: string;
  required?: boolean;
  children: (aria: { id: string; "aria-invalid"?: true; "aria-describedby"?: string }) => ReactNode;
};

/** Label, control, hint and the error message right under the control that caused it. */
export function Field({ id, label, error, hint, required, children }: FieldProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className="field">
      <label className="field__label" htmlFor={id}>
        {label}
        {required ? (
          <span className="req" aria-label={t("common.required")}>
            *
          </span>
        ) : null}
      </label>
      {children({ id, "aria-invalid": error ? true : undefined, "aria-describedby": describedBy })}
      {hint ? (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span className="field__error" id={`${id}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </div>
  );
}

/** A group of radios or checkboxes with one legend and one error; `id` lets the error summary link to it. */
export function ChoiceGroup({ legend, error, name, children }: { legend: string; error?: string; name: string; children: ReactNode }) {
  return (
    <fieldset id={name} tabIndex={-1} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined}>
      <legend>{legend}</legend>
      <div className="choice-list">{children}</div>
      {error ? (
        <span className="field__error" id={`${name}-error`} role="alert">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
}

/**
 * The summary at the top of a refused form: how many fields need a change, and a link to each
 * (the field's id is its name unless `ids` says otherwise). `_form` is a message for the whole form.
 */
export function ErrorSummary({ errors, ids = {} }: { errors?: Record<string, string> | null; ids?: Record<string, string> }) {
  const entries = Object.entries(errors ?? {}).filter(([, message]) => Boolean(message));
  if (!entries.length) return null;
  const fieldEntries = entries.filter(([name]) => name !== "_form");
  const formMessage = errors?._form;
  return (
    <div className="form-alert" role="alert">
      <p className="form-alert__title">{formMessage ?? t("errors.formInvalid", { count: fieldEntries.length })}</p>
      {fieldEntries.length ? (
        <ul className="form-alert__list">
          {fieldEntries.map(([name, message]) => (
            <li key={name}>
              <a href={`#${ids[name] ?? name}`}>{message}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
