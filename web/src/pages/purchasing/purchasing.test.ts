import { describe, expect, it } from "vitest";

import { certificationState, normalised } from "./purchasing";

describe("purchasing", () => {
  it("marks certifications lapsed, lapsing within 60 days, or valid", () => {
    const today = new Date("2026-12-02T12:00:00Z");
    expect(certificationState("2026-11-30", today)).toBe("expired");
    expect(certificationState("2027-01-15", today)).toBe("expiring");
    expect(certificationState("2027-06-01", today)).toBe("valid");
    expect(certificationState(null, today)).toBe("valid");
  });

  it("turns slider weights into the API's weights, summing to exactly 1", () => {
    expect(normalised({ tco: 50, lead_time: 15, risk: 20, quality: 15 })).toEqual({
      tco: "0.5000", lead_time: "0.1500", risk: "0.2000", quality: "0.1500",
    });
    const third = normalised({ tco: 1, lead_time: 1, risk: 1, quality: 0 });
    expect(third).toEqual({ tco: "0.3334", lead_time: "0.3333", risk: "0.3333", quality: "0.0000" });
    expect(normalised({ tco: 0, lead_time: 0, risk: 0, quality: 0 })).toBeNull();
  });
});
