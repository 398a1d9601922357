import type { z } from "zod";

export type FieldErrors = Record<string, string>;

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

export type ParseResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors; values: Record<string, unknown> };

export function parseForm<S extends z.ZodType>(schema: S, formData: FormData, arrays: string[] = []): ParseResult<z.output<S>> {
  const values = formDataToObject(formData, arrays);
  const parsed = schema.safeParse(values);
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ok: false, fieldErrors: fieldErrorsOf(parsed.error), values };
}
