import { zodResolver } from "@hookform/resolvers/zod";
import { useSubmit } from "@remix-run/react";
import { useEffect, type FormEvent } from "react";
import { useForm, type DefaultValues, type FieldValues } from "react-hook-form";
import type { z } from "zod";
import type { FieldErrors } from "~/utils/forms";

/**
 * react-hook-form validating with the same zod schema as the server. The form stays a real
 * <form method="post">: valid input is submitted as FormData, so it also works without JS,
 * and the server's field errors (same keys) show beside the same fields.
 */
export function useValidatedForm<Values extends FieldValues>(
  schema: z.ZodType,
  options: { defaultValues?: DefaultValues<Values>; serverErrors?: FieldErrors | null },
) {
  const submit = useSubmit();
  const form = useForm<Values>({
    // The schema's output type differs from the form's string inputs; only validation is used here.
    resolver: zodResolver(schema as never) as never,
    defaultValues: options.defaultValues,
    mode: "onTouched",
  });

  // New server errors (after a post with JavaScript) stand beside the fields as submitted: what
  // was typed before the post no longer counts as an edit that would hide them.
  const { reset, getValues } = form;
  useEffect(() => {
    if (options.serverErrors) reset(getValues(), { keepErrors: true });
  }, [options.serverErrors, reset, getValues]);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    void form.handleSubmit(() => submit(submitter ?? formElement, { method: "post" }))(event);
  }

  function errorFor(name: string): string | undefined {
    const clientError = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], form.formState.errors) as
      { message?: string } | undefined;
    if (clientError?.message) return clientError.message;
    // A server error stands until the person edits that field.
    const isDirty = name.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], form.formState.dirtyFields);
    return isDirty ? undefined : (options.serverErrors?.[name] ?? undefined);
  }

  return { form, onSubmit, errorFor, register: form.register };
}
