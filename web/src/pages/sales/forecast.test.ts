import { describe, expect, it } from "vitest";

import { barsOf, monthOf } from "./forecast";

describe("forecast bars", () => {
  it("has every month of the range, in one currency, with the API's figures", () => {
    const totals = [
      { month: "2026-12", currency: "EUR", weighted: "1200.50", won: "300", forecast: "1500.50" },
      { month: "2026-12", currency: "USD", weighted: "99", won: "0", forecast: "99" },
      { month: "2027-02", currency: "EUR", weighted: "10", won: "0", forecast: "10" },
    ];
    expect(barsOf(totals, "EUR", "2026-12", "2027-02")).toEqual([
      { month: "2026-12", won: 300, weighted: 1200.5, text: { won: "300", weighted: "1200.50", forecast: "1500.50" } },
      { month: "2027-01", won: 0, weighted: 0, text: { won: "0", weighted: "0", forecast: "0" } },
      { month: "2027-02", won: 0, weighted: 10, text: { won: "0", weighted: "10", forecast: "10" } },
    ]);
  });

  it("counts months across a year end", () => {
    expect(monthOf(new Date("2026-11-15T00:00:00Z"), 3)).toBe("2027-02");
  });
});
