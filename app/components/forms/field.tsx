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

/** A group of radios or checkboxes with one legend and one error. */
export function ChoiceGroup({ legend, error, name, children }: { legend: string; error?: string; name: string; children: ReactNode }) {
  return (
    <fieldset aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined}>
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

export function FormAlert({ errors }: { errors?: Record<string, string> | null }) {
  const count = errors ? Object.keys(errors).length : 0;
  if (!count) return null;
  return (
    <div className="form-alert" role="alert">
      {errors?._form ?? t("errors.formInvalid", { count })}
    </div>
  );
}
