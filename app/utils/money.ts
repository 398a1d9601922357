// Money is integer fen everywhere; yuan strings exist only at the edges (forms, display).

/** Largest amount accepted on one answer: 10 亿元. Larger is a typing mistake, not a case. */
export const MAX_AMOUNT_FEN = 100_000_000_000;

export type ParsedYuan = { ok: true; fen: number } | { ok: false; reason: "format" | "decimals" | "negative" | "too_large" };

/**
 * Full-width digits and signs (as Chinese input methods type them: "１２３．５") → ASCII, and
 * full-width spaces → spaces. Every number a person types goes through here first.
 */
export function toHalfWidthDigits(input: string): string {
  return input.replace(/[０-９．，－＋]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, " ");
}

/** Parse a yuan amount typed by a person ("1,234.5", "１２３") into fen without floats. */
export function parseYuanToFen(input: string): ParsedYuan {
  const text = toHalfWidthDigits(input.trim())
    .trim()
    .replace(/[,\s]/g, "")
    .replace(/^¥|元$/g, "");
  if (text.startsWith("-")) return { ok: false, reason: "negative" };
  const match = /^(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return { ok: false, reason: "format" };
  const [, whole, fraction = ""] = match;
  if (fraction.length > 2) return { ok: false, reason: "decimals" };
  if (whole.length > 12) return { ok: false, reason: "too_large" };
  const fen = Number(whole) * 100 + Number(fraction.padEnd(2, "0") || "0");
  if (fen > MAX_AMOUNT_FEN) return { ok: false, reason: "too_large" };
  return { ok: true, fen };
}

/** 123456 → "1,234.56" */
export function formatFen(fen: number): string {
  const negative = fen < 0;
  const abs = Math.abs(Math.trunc(fen));
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const cents = (abs % 100).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${yuan}.${cents}`;
}

/** 123456 → "1234.56", for putting an amount back into an input. */
export function fenToYuanInput(fen: number | null | undefined): string {
  if (fen == null) return "";
  return `${Math.floor(fen / 100)}.${(fen % 100).toString().padStart(2, "0")}`;
}
