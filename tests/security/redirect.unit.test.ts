import { describe, expect, it } from "vitest";
import { safeRedirect } from "~/utils/redirect";

const APP = "https://zicha.example.gov.cn";
const HOME = "/reg";

describe("safeRedirect", () => {
  it("keeps paths of the app, with their query and fragment", () => {
    expect(safeRedirect("/inst/assessments/1", HOME, APP)).toBe("/inst/assessments/1");
    expect(safeRedirect("/reg/risk?tier=D&page=2#list", HOME, APP)).toBe("/reg/risk?tier=D&page=2#list");
    expect(safeRedirect("/reg/%E5%8D%97%E9%98%B3", HOME, APP)).toBe("/reg/%E5%8D%97%E9%98%B3");
  });

  it.each([
    ["protocol-relative", "//evil.example/"],
    ["backslash after the slash", "/\\evil.example"],
    ["tab between slashes", "/\t/evil.example"],
    ["line feed between slashes", "/\n/evil.example"],
    ["carriage return + line feed (header splitting)", "/x\r\nSet-Cookie: a=b"],
    ["encoded backslash", "/%5Cevil.example"],
    ["encoded backslash, lower case", "/%5cevil.example"],
    ["encoded slashes", "%2F%2Fevil.example"],
    ["encoded second slash", "/%2Fevil.example"],
    ["encoded tab", "/%09/evil.example"],
    ["encoded CR/LF", "/x%0D%0ASet-Cookie:%20a=b"],
    ["absolute URL", "https://evil.example/"],
    ["another scheme", "javascript:alert(1)"],
    ["data URL", "data:text/html,<script>alert(1)</script>"],
    ["relative path", "evil.example"],
    ["empty", ""],
    ["not a string", 42],
    ["NUL", "/\u0000/evil.example"],
    ["malformed escape", "/%E0%A4%A"],
    ["too long", `/${"a".repeat(3000)}`],
  ])("refuses %s", (_name, value) => {
    expect(safeRedirect(value, HOME, APP)).toBe(HOME);
  });

  it("the result always resolves to the app's origin", () => {
    for (const value of ["/a/../../b", "/./x", "/%2e%2e/x", "/?next=//evil.example", "/#//evil.example"]) {
      const out = safeRedirect(value, HOME, APP);
      expect(new URL(out, APP).origin).toBe(APP);
      expect(out.startsWith("//")).toBe(false);
    }
  });
});
