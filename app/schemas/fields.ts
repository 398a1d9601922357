// Field builders shared by the schemas. Inputs are strings (FormData); outputs are typed values.
import { z } from "zod";
import { checkCreditCode, checkNhsaCode } from "~/domain/codes";
import { isValidDateOnly } from "~/utils/dates";
import { t } from "~/utils/i18n";
import { MAX_AMOUNT_FEN, parseYuanToFen, toHalfWidthDigits } from "~/utils/money";

export const requiredText = (max: number) =>
  z
    .string({ error: t("validation.required") })
    .trim()
    .min(1, { error: t("validation.required") })
    .max(max, { error: t("validation.tooLong", { max }) });

export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, { error: t("validation.tooLong", { max }) })
    .optional()
    .transform((v) => (v ? v : undefined));

export const dateOnly = (requiredMessage: string = t("validation.required")) =>
  z
    .string({ error: requiredMessage })
    .trim()
    .min(1, { error: requiredMessage })
    .refine(isValidDateOnly, { error: t("validation.dateInvalid") });

export const optionalDateOnly = () =>
  z
    .string()
    .trim()
    .optional()
    .refine((v) => !v || isValidDateOnly(v), { error: t("validation.dateInvalid") })
    .transform((v) => (v ? v : undefined));

/** A yuan amount typed by a person → integer fen. */
export const yuanToFen = () =>
  z.string({ error: t("validation.required") }).transform((value, ctx) => {
    if (!value.trim()) {
      ctx.addIssue({ code: "custom", message: t("validation.required") });
      return z.NEVER;
    }
    const parsed = parseYuanToFen(value);
    if (parsed.ok) return parsed.fen;
    const message = {
      format: t("validation.amountFormat"),
      decimals: t("validation.amountDecimals"),
      negative: t("validation.amountNegative"),
      too_large: t("validation.amountTooLarge"),
    }[parsed.reason];
    ctx.addIssue({ code: "custom", message });
    return z.NEVER;
  });

export const nonNegativeInt = () =>
  z.string({ error: t("validation.required") }).transform((value, ctx) => {
    const text = toHalfWidthDigits(value).trim();
    if (!text) {
      ctx.addIssue({ code: "custom", message: t("validation.required") });
      return z.NEVER;
    }
    if (!/^\d+$/.test(text)) {
      ctx.addIssue({ code: "custom", message: t("validation.integerInvalid") });
      return z.NEVER;
    }
    const n = Number(text);
    if (n > 10_000_000) {
      ctx.addIssue({ code: "custom", message: t("validation.integerTooLarge") });
      return z.NEVER;
    }
    return n;
  });

export const creditCode = () =>
  z
    .string({ error: t("validation.required") })
    .trim()
    .toUpperCase()
    .superRefine((code, ctx) => {
      const problem = checkCreditCode(code);
      if (problem === "length") ctx.addIssue({ code: "custom", message: t("validation.creditCodeLength") });
      if (problem === "characters") ctx.addIssue({ code: "custom", message: t("validation.creditCodeCharacters") });
      if (problem === "check") ctx.addIssue({ code: "custom", message: t("validation.creditCodeCheck") });
    });

export const nhsaCodeShape = () =>
  z
    .string({ error: t("validation.required") })
    .trim()
    .toUpperCase()
    .refine((code) => checkNhsaCode(code) === null, { error: t("validation.nhsaCodeShape") });

export { MAX_AMOUNT_FEN };
