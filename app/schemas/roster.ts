import { z } from "zod";
import { t } from "~/utils/i18n";
import { setNewPasswordSchema, type SetNewPasswordInput } from "~/schemas/account";
import { staffSchema } from "~/schemas/staff";

export const rosterImportSchema = z.object({ intent: z.enum(["import-all", "import-valid"], { error: t("errors.badRequest") }) });

/** The password policy of every password set (the server adds the e-mail and common-password rules). */
export const setPasswordSchema = setNewPasswordSchema;
export type SetPasswordInput = SetNewPasswordInput;

export const inviteStaffSchema = staffSchema.pick({ name: true, email: true });

export const resendInvitationSchema = z.object({ userId: z.uuid({ error: t("errors.badRequest") }) });

export const ACCOUNT_STATE_VALUES = ["active", "invited", "pending", "expired", "failed"] as const;
