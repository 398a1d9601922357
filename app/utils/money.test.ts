import { describe, expect, it } from "vitest";
import { fenToYuanInput, formatFen, parseYuanToFen } from "~/utils/money";

describe("parseYuanToFen", () => {
  it.each([
    ["0", 0],
    ["0.01", 1],
    ["12.3", 1230],
    ["1,234.56", 123456],
    ["１２３．４５", 12345],
    ["¥88", 8800],
    ["99999999.99", 9999999999],
    ["1000000000", 100000000000],
  ])("%s yuan is %i fen", (input, fen) => {
    expect(parseYuanToFen(input)).toEqual({ ok: true, fen });
  });

  it("avoids float drift that 0.1 + 0.2 style arithmetic would cause", () => {
    expect(parseYuanToFen("0.29")).toEqual({ ok: true, fen: 29 });
    expect(parseYuanToFen("1.15")).toEqual({ ok: true, fen: 115 });
    expect(parseYuanToFen("4.35")).toEqual({ ok: true, fen: 435 });
  });

  it.each([
    ["-1", "negative"],
    ["1.234", "decimals"],
    ["abc", "format"],
    ["1.2.3", "format"],
    ["", "format"],
    ["1000000000.01", "too_large"],
    ["99999999999999", "too_large"],
  ])("rejects %s as %s", (input, reason) => {
    expect(parseYuanToFen(input)).toEqual({ ok: false, reason });
  });
});

describe("formatting", () => {
  it("shows fen as yuan with two decimals and thousands separators", () => {
    expect(formatFen(0)).toBe("0.00");
    expect(formatFen(5)).toBe("0.05");
    expect(formatFen(123456789)).toBe("1,234,567.89");
  });
  it("puts an amount back into an input without separators", () => {
    expect(fenToYuanInput(486050)).toBe("4860.50");
    expect(fenToYuanInput(null)).toBe("");
  });
});
