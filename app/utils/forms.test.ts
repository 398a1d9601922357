import { describe, expect, it } from "vitest";
import { z } from "zod";
import { nonNegativeInt } from "~/schemas/fields";
import { parseForm } from "~/utils/forms";
import { toHalfWidthDigits } from "~/utils/money";

function formData(entries: [string, string][]) {
  const data = new FormData();
  for (const [name, value] of entries) data.append(name, value);
  return data;
}

describe("parseForm", () => {
  const schema = z.object({ email: z.email(), password: z.string().min(8), kinds: z.array(z.string()).min(1) });

  it("answers a refusal with each field's message and what was typed, without secrets", () => {
    const parsed = parseForm(
      schema,
      formData([
        ["email", "not-an-email"],
        ["password", "short"],
      ]),
      ["kinds"],
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.fieldErrors).sort()).toEqual(["email", "kinds", "password"]);
    expect(parsed.values).toEqual({ email: "not-an-email", kinds: [] });
  });

  it("keeps every value of a list field", () => {
    const parsed = parseForm(
      schema,
      formData([
        ["email", "a@b.cn"],
        ["password", "long enough"],
        ["kinds", "x"],
        ["kinds", "y"],
      ]),
      ["kinds"],
    );
    expect(parsed).toMatchObject({ ok: true, data: { kinds: ["x", "y"] }, values: { kinds: ["x", "y"] } });
  });
});

describe("full-width digits", () => {
  it("are read as ASCII digits in counts as in amounts", () => {
    expect(toHalfWidthDigits("１２３．５")).toBe("123.5");
    expect(nonNegativeInt().parse("１２")).toBe(12);
    expect(nonNegativeInt().parse(" ３ ")).toBe(3);
  });
});
