import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import type { z } from "zod";
import { ErrorSummary, Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { msgs } from "~/utils/i18n";
import { LoginTitle } from "~/components/login-title";

/**
 * Choose a password (and type it again): accepting an invitation and resetting a forgotten
 * password. The e-mail rides along hidden so password managers store it under the right account.
 */
export function NewPasswordForm({
  schema,
  email,
  title,
  intro,
  labels,
}: {
  schema: z.ZodType;
  email: string;
  title: string;
  intro: ReactNode;
  labels: { password: string; confirm: string; submit: string; submitting: string };
}) {
  const { onSubmit, errorFor, errors, register, busy } = useValidatedForm<{ password: string; confirm: string }>(schema, {
    defaultValues: { password: "", confirm: "" },
  });
  return (
    <section className="card card--narrow">
      <LoginTitle title={title} intro={intro} />
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        <input type="hidden" name="username" autoComplete="username" value={email} />
        <Field id="password" label={labels.password} hint={msgs().accounts.policy.hint} error={errorFor("password")} required>
          {(aria) => <input {...aria} type="password" autoComplete="new-password" {...register("password")} />}
        </Field>
        <Field id="confirm" label={labels.confirm} error={errorFor("confirm")} required>
          {(aria) => <input {...aria} type="password" autoComplete="new-password" {...register("confirm")} />}
        </Field>
        <button type="submit" className="button button--block" disabled={busy}>
          {busy ? labels.submitting : labels.submit}
        </button>
      </Form>
    </section>
  );
}
