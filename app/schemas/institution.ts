import { z } from "zod";
import { checkNhsaCode } from "~/domain/codes";
import { INSTITUTION_GRADES, INSTITUTION_KINDS, OWNERSHIPS } from "~/domain/vocabulary";
import { t } from "~/utils/i18n";
import { creditCode, nhsaCodeShape, optionalText, requiredText } from "~/schemas/fields";

export const institutionSchema = z
  .object({
    name: requiredText(100),
    kind: z.enum(INSTITUTION_KINDS, { error: t("validation.required") }),
    grade: z.enum(INSTITUTION_GRADES, { error: t("validation.required") }),
    ownership: z.enum(OWNERSHIPS, { error: t("validation.required") }),
    regionCode: z.string({ error: t("validation.required") }).regex(/^\d{6}$/, { error: t("validation.required") }),
    nhsaCode: nhsaCodeShape(),
    creditCode: creditCode(),
    contactName: optionalText(50),
    contactPhone: optionalText(30),
  })
  .superRefine((v, ctx) => {
    const problem = checkNhsaCode(v.nhsaCode, { isPharmacy: v.kind === "pharmacy", regionCode: v.regionCode });
    if (problem === "prefix") ctx.addIssue({ code: "custom", path: ["nhsaCode"], message: t("validation.nhsaCodePrefix") });
    if (problem === "region") ctx.addIssue({ code: "custom", path: ["nhsaCode"], message: t("validation.nhsaCodeRegion") });
  });
export type InstitutionData = z.output<typeof institutionSchema>;
