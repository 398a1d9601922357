import { Form, Link } from "@remix-run/react";
import { Field, ErrorSummary } from "~/components/forms/field";
import { useValidatedForm } from "~/components/forms/use-validated-form";
import { totpCodeSchema, type TotpCodeInput } from "~/schemas/account";
import { msgs } from "~/utils/i18n";

/** Scan (or type) the key, then confirm with a code: used at sign-in and on the account page. */
export function EnrolmentPanel({
  enrolment,
  formId,
  hidden,
}: {
  enrolment: { secret: string; qrSvg: string };
  /** The `form` the action names in its refusal (`rejectForm`). */
  formId: string;
  hidden?: Record<string, string>;
}) {
  const T = msgs().accounts.twoFactor;
  const { onSubmit, errorFor, errors, register, busy } = useValidatedForm<TotpCodeInput>(totpCodeSchema, {
    formId,
    defaultValues: { code: "" },
  });
  return (
    <>
      <p>{T.step1}</p>
      <div className="totp-setup">
        {/* The SVG comes from the qrcode library on the server, not from user input. */}
        <div className="totp-qr" role="img" aria-label={T.enrolTitle} dangerouslySetInnerHTML={{ __html: enrolment.qrSvg }} />
        <div>
          <div className="field__label">{T.secret}</div>
          <code className="totp-secret" data-testid="totp-secret">
            {enrolment.secret}
          </code>
        </div>
      </div>
      <p>{T.step2}</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate onSubmit={onSubmit}>
        {Object.entries(hidden ?? {}).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <Field id="code" label={T.code} error={errorFor("code")} required>
          {(aria) => <input {...aria} inputMode="numeric" autoComplete="one-time-code" maxLength={6} {...register("code")} />}
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {busy ? T.confirming : T.confirm}
        </button>
      </Form>
    </>
  );
}

/** The ten recovery codes, shown once, with the way on. */
export function RecoveryCodes({ codes, continueTo }: { codes: string[]; continueTo: string }) {
  const T = msgs().accounts.twoFactor;
  return (
    <section className="card card--narrow" aria-labelledby="recovery-title">
      <h1 id="recovery-title">{T.recoveryTitle}</h1>
      <p>{T.recoveryIntro}</p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <p>
        <Link className="button" to={continueTo}>
          {T.recoveryDone}
        </Link>
      </p>
    </section>
  );
}
