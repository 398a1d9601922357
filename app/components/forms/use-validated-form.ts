import { zodResolver } from "@hookform/resolvers/zod";
import { useActionData, useNavigation, useSubmit } from "@remix-run/react";
import { useEffect, useState, type FormEvent } from "react";
import { useForm, type DefaultValues, type FieldValues, type Path, type RegisterOptions } from "react-hook-form";
import type { z } from "zod";
import type { FieldErrors, FormValues, SubmissionFailure } from "~/utils/forms";

type Scalar = string | number | boolean | null | undefined;

function asText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.length ? String(value[0]) : "";
  return String(value as Scalar);
}

function isChecked(value: unknown, optionValue?: string): boolean {
  if (Array.isArray(value)) return optionValue !== undefined && value.map(String).includes(optionValue);
  if (typeof value === "boolean") return value;
  if (value === null || value === undefined || value === "") return false;
  return optionValue === undefined ? value === "on" || value === "true" : String(value as Scalar) === optionValue;
}

function flattenErrors(node: unknown, prefix: string, into: FieldErrors) {
  if (!node || typeof node !== "object") return;
  const message = (node as { message?: unknown }).message;
  if (typeof message === "string" && prefix) {
    into[prefix] ??= message;
    return;
  }
  for (const [key, child] of Object.entries(node)) {
    if (key === "ref" || key === "type" || key === "types") continue;
    flattenErrors(child, prefix ? `${prefix}.${key}` : key, into);
  }
}

function isFailure(value: unknown): value is SubmissionFailure {
  return !!value && typeof value === "object" && "fieldErrors" in value && !!(value as SubmissionFailure).fieldErrors;
}

/**
 * The form kit's hook: react-hook-form validating with the same zod schema as the action, on a
 * real <form method="post"> that also works without JavaScript.
 *
 * - Every control renders its current value in the server HTML (`register` adds `defaultValue`,
 *   `checkbox`/`radio` add `defaultChecked`): the loader's values, or after a refused submission
 *   what was typed (the action answers `rejectForm(...)`: `{ form, values, fieldErrors }`).
 * - Every error the server found stands at its field until that field is changed; the client's
 *   own errors stand beside them; `errors` holds both for the summary at the top.
 * - `formId` ties a page's action answer to one of its forms (the `form` the action names); or a
 *   page hands a form its `serverErrors` (the typed values are taken from the same answer).
 */
export function useValidatedForm<Values extends FieldValues>(
  schema: z.ZodType,
  options: { defaultValues?: DefaultValues<Values> | Record<string, unknown>; formId?: string; serverErrors?: FieldErrors | null } = {},
) {
  const submit = useSubmit();
  const busy = useNavigation().state === "submitting";
  const actionData = useActionData<unknown>();
  let failure: { values?: FormValues; fieldErrors: FieldErrors } | null = null;
  if ("serverErrors" in options) {
    // A page with several forms hands each its own errors; the typed values come with them.
    const given = options.serverErrors ?? null;
    if (given) failure = isFailure(actionData) && actionData.fieldErrors === given ? actionData : { fieldErrors: given };
  } else if (isFailure(actionData) && (options.formId === undefined || actionData.form === options.formId)) {
    failure = actionData;
  }
  const defaults = (options.defaultValues ?? {}) as Record<string, unknown>;
  const submitted: FormValues | null = failure?.values ?? null;

  /** The value a control shows: what was typed in a refused submission, else the loader's. */
  function valueOf(name: string): unknown {
    if (!submitted) return defaults[name];
    if (name in submitted) return submitted[name];
    // An unticked checkbox sends nothing; a disabled control keeps the loader's value.
    if (typeof defaults[name] === "boolean") return false;
    if (Array.isArray(defaults[name])) return [];
    return defaults[name];
  }

  const initialValues = Object.fromEntries(
    [...new Set([...Object.keys(defaults), ...Object.keys(submitted ?? {})])].map((name) => [name, valueOf(name)]),
  );
  const form = useForm<Values>({
    // The schema's output type differs from the form's string inputs; only validation is used here.
    resolver: zodResolver(schema as never) as never,
    defaultValues: initialValues as DefaultValues<Values>,
    mode: "onTouched",
  });

  // The server's errors of the latest answer, each dropped once its field is changed.
  const incoming = failure?.fieldErrors ?? null;
  const [server, setServer] = useState<{ source: FieldErrors | null; errors: FieldErrors }>({ source: incoming, errors: incoming ?? {} });
  if (server.source !== incoming) setServer({ source: incoming, errors: incoming ?? {} });

  const { watch } = form;
  useEffect(() => {
    const subscription = watch((_values, { name, type }) => {
      if (!name || type !== "change") return;
      setServer((current) => {
        if (!(name in current.errors)) return current;
        const errors = { ...current.errors };
        delete errors[name];
        return { source: current.source, errors };
      });
    });
    return () => subscription.unsubscribe();
  }, [watch]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? formElement, { method: "post" }))(event);
  }

  const clientErrors: FieldErrors = {};
  flattenErrors(form.formState.errors, "", clientErrors);
  const errors: FieldErrors = { ...server.errors, ...clientErrors };

  function errorFor(name: string): string | undefined {
    return clientErrors[name] ?? server.errors[name];
  }

  /** A text input, select, textarea or hidden field, showing its current value in the server HTML. */
  function register(name: Path<Values>, registerOptions?: RegisterOptions<Values, Path<Values>>) {
    return { ...form.register(name, registerOptions), defaultValue: asText(valueOf(name)) };
  }

  /** A checkbox: of a list (`optionValue` given) or a single yes/no box. */
  function checkbox(name: Path<Values>, optionValue?: string) {
    return {
      ...form.register(name),
      type: "checkbox" as const,
      value: optionValue ?? "on",
      defaultChecked: isChecked(valueOf(name), optionValue),
    };
  }

  function radio(name: Path<Values>, optionValue: string) {
    return { ...form.register(name), type: "radio" as const, value: optionValue, defaultChecked: isChecked(valueOf(name), optionValue) };
  }

  return { form, onSubmit, errorFor, errors, register, checkbox, radio, valueOf, failure, busy };
}

export type ValidatedForm = ReturnType<typeof useValidatedForm>;
