import { describe, expect, it } from "vitest";

import { isoWeek } from "./TeamActivity";

describe("ISO weeks", () => {
  it("numbers weeks from Monday, the first holding a Thursday", () => {
    expect(isoWeek(new Date("2026-12-02T12:00:00Z"))).toBe("2026-W49");
    expect(isoWeek(new Date("2027-01-01T12:00:00Z"))).toBe("2026-W53"); // a Friday: still 2026's last week
    expect(isoWeek(new Date("2026-01-01T12:00:00Z"))).toBe("2026-W01");
  });
});
