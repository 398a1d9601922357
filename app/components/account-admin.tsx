import { Form, Link, useActionData, useNavigation, useSearchParams } from "@remix-run/react";
import { FilterBar, FilterSelect } from "~/components/filter-bar";
import { Field } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { Pager } from "~/components/pager";
import { ACCOUNT_STATUS_VALUES, manageAccountSchema, type ManageAccountInput } from "~/schemas/account";
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

/** The paged, filtered list of accounts a bureau or the admin manages. */
export function ManagedAccountsList({
  list,
  roles,
  answer,
}: {
  list: { rows: ManagedAccount[]; page: number; pageCount: number; total: number };
  roles: Role[];
  answer: ManageAnswer;
}) {
  const M = msgs().accounts.manage;
  const [searchParams] = useSearchParams();
  return (
    <section className="card">
      <FilterBar>
        <div className="field">
          <label className="field__label" htmlFor="f-q">
            {M.search}
          </label>
          <input id="f-q" name="q" defaultValue={searchParams.get("q") ?? ""} />
        </div>
        <FilterSelect name="role" label={M.role}>
          {roles.map((r) => (
            <option key={r} value={r}>
              {msgs().roles[r]}
            </option>
          ))}
        </FilterSelect>
        <FilterSelect name="status" label={M.status}>
          {ACCOUNT_STATUS_VALUES.map((s) => (
            <option key={s} value={s}>
              {M[s]}
            </option>
          ))}
        </FilterSelect>
      </FilterBar>
      {list.rows.length === 0 ? (
        <p className="muted">{M.none}</p>
      ) : (
        <div className="table-wrap">
          <table className="data">
            <thead>
              <tr>
                <th>{msgs().admin.name}</th>
                <th>{msgs().admin.email}</th>
                <th>{M.role}</th>
                <th>{M.unit}</th>
                <th>{M.status}</th>
                <th>{M.mfa}</th>
                <th>{M.actions}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((a) => (
                <tr key={a.id}>
                  <td className="cell-main" data-label={msgs().admin.name}>
                    {a.name}
                  </td>
                  <td className="break-anywhere" data-label={msgs().admin.email}>
                    {a.email}
                  </td>
                  <td data-label={M.role}>{msgs().roles[a.role]}</td>
                  <td data-label={M.unit}>{a.unit || "—"}</td>
                  <td data-label={M.status}>
                    <AccountStatusBadge account={a} />
                  </td>
                  <td data-label={M.mfa}>{a.isMfaEnrolled ? M.mfaOn : M.mfaOff}</td>
                  <td data-label={M.actions}>
                    <AccountActions account={a} answer={answer} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager page={list.page} pageCount={list.pageCount} total={list.total} />
    </section>
  );
}

/** The accounts page of an admin (every account) or a bureau (its scope): heading, link to sign-in events, the list. */
export function ManagedAccountsPage({
  list,
  roles,
  intro,
  eventsHref,
}: {
  list: { rows: ManagedAccount[]; page: number; pageCount: number; total: number };
  roles: Role[];
  intro: string;
  eventsHref: string;
}) {
  const actionData = useActionData() as { manage?: ManageAnswer } | undefined;
  const M = msgs().accounts.manage;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>{M.title}</h1>
          <p className="muted">{intro}</p>
        </div>
        <Link className="button button--secondary" to={eventsHref}>
          {msgs().accounts.events.title}
        </Link>
      </div>
      <ManagedAccountsList list={list} roles={roles} answer={actionData?.manage ?? null} />
    </>
  );
}
