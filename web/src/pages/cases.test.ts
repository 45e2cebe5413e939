import { describe, expect, it } from "vitest";

import { dueIn, nextDeadline } from "./cases";

describe("SLA countdowns", () => {
  const now = Date.parse("2026-12-02T10:00:00Z");
  it("counts down to the deadline and says when it is overdue", () => {
    expect(dueIn("2026-12-02T11:30:00Z", now)).toEqual({ overdue: false, text: "1h 30m" });
    expect(dueIn("2026-12-02T09:55:00Z", now)).toEqual({ overdue: true, text: "5m" });
    expect(dueIn("2026-12-04T12:00:00Z", now)).toEqual({ overdue: false, text: "2d 2h" });
  });
  it("watches the first response until it is given, then the resolution", () => {
    const c = { first_responded_at: null, first_response_due: "A", resolution_due: "B" };
    expect(nextDeadline(c)).toBe("A");
    expect(nextDeadline({ ...c, first_responded_at: "x" })).toBe("B");
  });
});
