// Identifier checks for institutions. Plain functions: used by zod schemas on both sides.

const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of an 18-character unified social credit code (GB 32100-2015). */
export function creditCodeCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_CHARS.indexOf(first17[i]);
    if (value < 0) return null;
    sum += value * CREDIT_CODE_WEIGHTS[i];
  }
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31];
}

export type CreditCodeProblem = "length" | "characters" | "check";

export function checkCreditCode(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return "length";
  if (![...code].every((c) => CREDIT_CODE_CHARS.includes(c))) return "characters";
  return creditCodeCheckChar(code.slice(0, 17)) === code[17] ? null : "check";
}

export type NhsaCodeProblem = "shape" | "prefix" | "region";

/** NHSA designated-institution code: H or P, the 6-digit region code, then 5 digits. */
export function checkNhsaCode(code: string, opts: { isPharmacy?: boolean; regionCode?: string } = {}): NhsaCodeProblem | null {
  if (!/^[HP]\d{11}$/.test(code)) return "shape";
  if (opts.isPharmacy !== undefined && (code[0] === "P") !== opts.isPharmacy) return "prefix";
  if (opts.regionCode !== undefined && code.slice(1, 7) !== opts.regionCode) return "region";
  return null;
}
