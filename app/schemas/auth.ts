import { z } from "zod";
import { t } from "~/utils/i18n";

export const loginSchema = z.object({
  email: z
    .string({ error: t("auth.emailRequired") })
    .trim()
    .toLowerCase()
    .min(1, { error: t("auth.emailRequired") })
    .pipe(z.email({ error: t("auth.emailInvalid") })),
  password: z.string({ error: t("auth.passwordRequired") }).min(1, { error: t("auth.passwordRequired") }),
  redirectTo: z.string().optional(),
});
export type LoginInput = z.input<typeof loginSchema>;
