import type { z } from "zod";

export type FieldErrors = Record<string, string>;
/** What a person typed, as the form sent it (strings; names listed as arrays keep every value). */
export type FormValues = Record<string, string | string[] | undefined>;
/** What every action answers for a refused submission; `form` tells apart several forms on one page. */
export type SubmissionFailure = { form?: string; values: FormValues; fieldErrors: FieldErrors };

// Secrets are never sent back into the page, so a refused form asks for them again.
const SECRET_NAME = /password|code|token|secret/i;

/** FormData → plain object; names listed in `arrays` keep every value. */
export function formDataToObject(formData: FormData, arrays: string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of new Set(formData.keys())) {
    const values = formData.getAll(name).filter((v): v is string => typeof v === "string");
    out[name] = arrays.includes(name) ? values : values[0];
  }
  for (const name of arrays) if (!(name in out)) out[name] = [];
  return out;
}

/** The first message per field, keyed by the field's dotted path (same keys the form uses). */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/** The typed values that may be shown again: strings only, no passwords or one-time codes. */
export function echoableValues(values: Record<string, unknown>): FormValues {
  const out: FormValues = {};
  for (const [name, value] of Object.entries(values)) {
    if (SECRET_NAME.test(name) && !/^(creditCode|nhsaCode|code)$/.test(name)) continue;
    if (typeof value === "string") out[name] = value.slice(0, 10_000);
    else if (Array.isArray(value)) out[name] = value.filter((v): v is string => typeof v === "string").slice(0, 200);
  }
  return out;
}

/** The echoable values of a submission read without a schema (e.g. when an action answers before parsing). */
export function submittedValues(formData: FormData, arrays: string[] = []): FormValues {
  return echoableValues(formDataToObject(formData, arrays));
}

export type ParseResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; fieldErrors: FieldErrors; values: FormValues };

/** FormData checked by the same zod schema the form uses: typed data, or what was typed and each field's error. */
export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, arrays: string[] = []): ParseResult<z.output<S>> {
  const raw = formDataToObject(formData, arrays);
  const values = echoableValues(raw);
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data, values };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values };
}
