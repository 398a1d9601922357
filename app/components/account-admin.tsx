import { Form, useNavigation } from "@remix-run/react";
import { Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { manageAccountSchema, type ManageAccountInput } from "~/schemas/account";
import type { Role } from "~/domain/vocabulary";
import { msgs } from "~/utils/i18n";

export type ManagedAccount = {
  id: string;
  name: string;
  email: string;
  role: Role;
  unit: string;
  isActive: boolean;
  hasPassword: boolean;
  isMfaEnrolled: boolean;
};

/** What the list's action answered for one row (errors beside that row's form). */
export type ManageAnswer = { userId: string; intent: string; fieldErrors: Record<string, string> } | null;

type ReasonIntent = "deactivate" | "reactivate" | "reset-mfa";

/** A folded form with a reason (audited): deactivate, reactivate, reset the second factor. Works without JavaScript. */
function ReasonForm({
  userId,
  intent,
  label,
  hint,
  answer,
}: {
  userId: string;
  intent: ReasonIntent;
  label: string;
  hint?: string;
  answer: ManageAnswer;
}) {
  const M = msgs().accounts.manage;
  const busy = useNavigation().state === "submitting";
  const serverErrors = answer && answer.userId === userId && answer.intent === intent ? answer.fieldErrors : null;
  const { onSubmit, errorFor, register } = useValidatedForm<ManageAccountInput>(manageAccountSchema, {
    defaultValues: { intent, userId, reason: "" } as ManageAccountInput,
    serverErrors,
  });
  const id = `${intent}-${userId}`;
  return (
    <details className="row-action" open={serverErrors ? true : undefined}>
      <summary className="button button--secondary button--small">{label}</summary>
      <Form method="post" noValidate onSubmit={onSubmit} className="row-action__form">
        {hint ? <p className="muted">{hint}</p> : null}
        {serverErrors?._form ? (
          <div className="form-alert" role="alert">
            {serverErrors._form}
          </div>
        ) : null}
        <input type="hidden" {...register("intent")} />
        <input type="hidden" {...register("userId")} />
        <Field id={id} label={M.reason} error={errorFor("reason")} required>
          {(aria) => <input {...aria} maxLength={200} {...register("reason" as never)} />}
        </Field>
        <button type="submit" className="button button--small" disabled={busy}>
          {M.confirm}
        </button>
      </Form>
    </details>
  );
}

function ResetLinkForm({ userId, answer }: { userId: string; answer: ManageAnswer }) {
  const busy = useNavigation().state === "submitting";
  const error = answer && answer.userId === userId && answer.intent === "send-reset" ? answer.fieldErrors._form : null;
  return (
    <Form method="post" className="row-action">
      <input type="hidden" name="intent" value="send-reset" />
      <input type="hidden" name="userId" value={userId} />
      <button type="submit" className="button button--secondary button--small" disabled={busy}>
        {msgs().accounts.manage.sendReset}
      </button>
      {error ? (
        <span className="field__error" role="alert">
          {error}
        </span>
      ) : null}
    </Form>
  );
}

/** The actions one may take on an account: by its state. */
export function AccountActions({ account, answer }: { account: ManagedAccount; answer: ManageAnswer }) {
  const M = msgs().accounts.manage;
  if (!account.isActive) return <ReasonForm userId={account.id} intent="reactivate" label={M.reactivate} answer={answer} />;
  return (
    <div className="row-actions">
      {account.hasPassword ? <ResetLinkForm userId={account.id} answer={answer} /> : null}
      {account.isMfaEnrolled ? (
        <ReasonForm userId={account.id} intent="reset-mfa" label={M.resetMfa} hint={M.resetMfaHint} answer={answer} />
      ) : null}
      <ReasonForm userId={account.id} intent="deactivate" label={M.deactivate} answer={answer} />
    </div>
  );
}

export function accountStatus(a: Pick<ManagedAccount, "isActive" | "hasPassword">): "active" | "inactive" | "pending" {
  return !a.isActive ? "inactive" : a.hasPassword ? "active" : "pending";
}

export function AccountStatusBadge({ account }: { account: Pick<ManagedAccount, "isActive" | "hasPassword"> }) {
  const status = accountStatus(account);
  const M = msgs().accounts.manage;
  return <span className={`badge account-status--${status}`}>{M[status]}</span>;
}
