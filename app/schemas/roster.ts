import { z } from "zod";
import { t } from "~/utils/i18n";
import { staffSchema } from "./staff";

export const rosterImportSchema = z.object({ intent: z.enum(["import-all", "import-valid"], { error: t("errors.badRequest") }) });

/** The same password rule as an officer-created account. */
export const setPasswordSchema = z
  .object({
    password: staffSchema.shape.password,
    confirm: z.string({ error: t("validation.required") }).min(1, { error: t("validation.required") }),
  })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], message: t("roster.accept.mismatch") });
export type SetPasswordInput = z.input<typeof setPasswordSchema>;

export const inviteStaffSchema = staffSchema.pick({ name: true, email: true });

export const resendInvitationSchema = z.object({ userId: z.uuid({ error: t("errors.badRequest") }) });

export const ACCOUNT_STATE_VALUES = ["active", "invited", "pending", "expired", "failed"] as const;

export const accountsFilterSchema = z.object({
  state: z.enum(ACCOUNT_STATE_VALUES).optional().catch(undefined),
  q: z.string().trim().max(50).optional().catch(undefined),
  page: z.coerce.number().int().min(1).optional().catch(undefined),
});
