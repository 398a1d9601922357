import { describe, expect, it } from "vitest";
import { checkCreditCode, checkNhsaCode, creditCodeCheckChar } from "~/domain/codes";

describe("unified social credit code (GB 32100-2015)", () => {
  it("computes the check character of published examples", () => {
    expect(creditCodeCheckChar("91350100M000100Y4")).toBe("3");
    expect(checkCreditCode("91350100M000100Y43")).toBeNull();
  });
  it("rejects a wrong check character, a wrong length and letters the standard leaves out", () => {
    expect(checkCreditCode("91350100M000100Y44")).toBe("check");
    expect(checkCreditCode("91350100M000100Y4")).toBe("length");
    expect(checkCreditCode("91350100M0001O0Y43")).toBe("characters");
  });
});

describe("NHSA designated-institution code", () => {
  it("accepts H/P + region + 5 digits", () => {
    expect(checkNhsaCode("H41130300012")).toBeNull();
    expect(checkNhsaCode("P15062600003", { isPharmacy: true, regionCode: "150626" })).toBeNull();
  });
  it("names what is wrong", () => {
    expect(checkNhsaCode("X41130300012")).toBe("shape");
    expect(checkNhsaCode("H4113030001")).toBe("shape");
    expect(checkNhsaCode("H41130300012", { isPharmacy: true })).toBe("prefix");
    expect(checkNhsaCode("H41130300012", { regionCode: "411302" })).toBe("region");
  });
});
