import { data } from "@remix-run/node";
import type { FormValues, SubmissionFailure } from "~/utils/forms";

export { parseForm } from "~/utils/forms";

/**
 * The one answer to a refused submission: what was typed (so the form shows it again, with or
 * without JavaScript) and each field's message, in the shape `useValidatedForm` reads.
 * `extra` carries page-specific data (e.g. which item a review belongs to).
 */
export function rejectForm<Extra extends Record<string, unknown> = Record<never, never>>(
  submission: { values: FormValues },
  fieldErrors: Record<string, string | undefined>,
  options: { form?: string; status?: number; headers?: HeadersInit; extra?: Extra } = {},
) {
  const body: SubmissionFailure & Extra = {
    ...(options.extra as Extra),
    form: options.form,
    values: submission.values,
    fieldErrors: Object.fromEntries(Object.entries(fieldErrors).filter((entry): entry is [string, string] => Boolean(entry[1]))),
  };
  return data(body, { status: options.status ?? 400, headers: options.headers });
}
