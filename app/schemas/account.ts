// Forms of the account pages and sign-in steps; shared by the forms (react-hook-form) and the
// actions. The server adds the rules a browser cannot check (common passwords, the e-mail).
import { z } from "zod";
import { t } from "~/utils/i18n";
import { loginSchema } from "~/schemas/auth";

const MIN = 10;
const MAX = 200;

/** A new password: the length rule here (the form says it before posting), the rest on the server. */
export const newPassword = z
  .string({ error: t("accounts.policy.tooShort", { min: MIN }) })
  .min(MIN, { error: t("accounts.policy.tooShort", { min: MIN }) })
  .max(MAX, { error: t("accounts.policy.tooLong", { max: MAX }) });

const confirmField = z.string({ error: t("validation.required") }).min(1, { error: t("validation.required") });

export const setNewPasswordSchema = z
  .object({ password: newPassword, confirm: confirmField })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: t("accounts.policy.mismatch") });
export type SetNewPasswordInput = z.input<typeof setNewPasswordSchema>;

export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ error: t("auth.passwordRequired") })
      .min(1, { error: t("auth.passwordRequired") })
      .max(MAX),
    password: newPassword,
    confirm: confirmField,
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: t("accounts.policy.mismatch") });
export type ChangePasswordInput = z.input<typeof changePasswordSchema>;

export const forgotPasswordSchema = loginSchema.pick({ email: true });
export type ForgotPasswordInput = z.input<typeof forgotPasswordSchema>;

export const secondFactorSchema = z.object({
  code: z
    .string({ error: t("accounts.secondFactor.required") })
    .trim()
    .min(1, { error: t("accounts.secondFactor.required") })
    .max(40, { error: t("accounts.secondFactor.wrong") }),
  redirectTo: z.string().max(2048).optional(),
});
export type SecondFactorInput = z.input<typeof secondFactorSchema>;

export const totpCodeSchema = z.object({
  code: z
    .string({ error: t("accounts.twoFactor.codeFormat") })
    .trim()
    .regex(/^\d{6}$/, { error: t("accounts.twoFactor.codeFormat") }),
});
export type TotpCodeInput = z.input<typeof totpCodeSchema>;

export const confirmPasswordSchema = z.object({
  password: z
    .string({ error: t("auth.passwordRequired") })
    .min(1, { error: t("auth.passwordRequired") })
    .max(MAX),
});
export type ConfirmPasswordInput = z.input<typeof confirmPasswordSchema>;

export const deviceActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("one"), device: z.string().regex(/^[0-9a-f]{32}$/, { error: t("errors.badRequest") }) }),
  z.object({ intent: z.literal("others") }),
]);

const userId = z.uuid({ error: t("errors.badRequest") });
const reason = z
  .string({ error: t("accounts.manage.reasonRequired") })
  .trim()
  .min(2, { error: t("accounts.manage.reasonRequired") })
  .max(200, { error: t("accounts.manage.reasonTooLong") });

export const manageAccountSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("deactivate"), userId, reason }),
  z.object({ intent: z.literal("reactivate"), userId, reason }),
  z.object({ intent: z.literal("send-reset"), userId }),
  z.object({ intent: z.literal("reset-mfa"), userId, reason }),
]);
export type ManageAccountInput = z.input<typeof manageAccountSchema>;

export const MANAGED_ROLE_VALUES = ["admin", "regulator", "officer", "staff"] as const;
export const ACCOUNT_STATUS_VALUES = ["active", "inactive", "pending"] as const;
