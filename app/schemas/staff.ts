import { z } from "zod";
import { t } from "~/utils/i18n";
import { requiredText } from "~/schemas/fields";

export const staffSchema = z.object({
  name: requiredText(50),
  email: z
    .string({ error: t("auth.emailRequired") })
    .trim()
    .toLowerCase()
    .min(1, { error: t("auth.emailRequired") })
    .pipe(z.email({ error: t("auth.emailInvalid") })),
});
