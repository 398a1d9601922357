import { describe, expect, it } from "vitest";
import { daysUntil, deadlineInstant, formatDateTime, isPastDeadline, isValidDateOnly, todayLocal } from "~/utils/dates";

describe("Asia/Shanghai dates", () => {
  it("a due date ends at midnight Beijing time (16:00 UTC the same day)", () => {
    expect(deadlineInstant("2026-11-30").toISOString()).toBe("2026-11-30T16:00:00.000Z");
    expect(isPastDeadline("2026-11-30", new Date("2026-11-30T15:59:59Z"))).toBe(false);
    expect(isPastDeadline("2026-11-30", new Date("2026-11-30T16:00:00Z"))).toBe(true);
  });
  it("today is the Beijing calendar day, not the UTC one", () => {
    expect(todayLocal(new Date("2026-11-23T15:59:00Z"))).toBe("2026-11-23");
    expect(todayLocal(new Date("2026-11-23T16:01:00Z"))).toBe("2026-11-24");
    expect(daysUntil("2026-11-30", new Date("2026-11-23T17:00:00Z"))).toBe(6);
    expect(daysUntil("2026-11-20", new Date("2026-11-23T01:00:00Z"))).toBe(-3);
  });
  it("shows instants in Beijing time", () => {
    expect(formatDateTime(new Date("2026-11-23T16:30:00Z"))).toBe("2026-11-24 00:30");
  });
  it("rejects impossible dates", () => {
    expect(isValidDateOnly("2026-02-29")).toBe(false);
    expect(isValidDateOnly("2028-02-29")).toBe(true);
    expect(isValidDateOnly("2026-13-01")).toBe(false);
    expect(isValidDateOnly("26-1-1")).toBe(false);
  });
});
