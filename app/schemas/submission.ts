import { z } from "zod";
import { t } from "~/utils/i18n";
import { requiredText } from "~/schemas/fields";

export const submitSchema = z.object({
  signerName: requiredText(50).pipe(z.string().min(1, { error: t("institution.signerNameRequired") })),
  agree: z.literal("on", { error: t("institution.commitmentAgreeRequired") }),
});
export type SubmitData = z.output<typeof submitSchema>;
