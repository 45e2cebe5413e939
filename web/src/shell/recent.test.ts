import { beforeEach, describe, expect, it } from "vitest";

describe("recent items", () => {
  beforeEach(() => localStorage.clear());

  it("keeps the newest first, each customer once, at most eight", async () => {
    const { remember } = await import("./recent");
    for (let n = 1; n <= 10; n++) remember({ id: `c${n}`, name: `Customer ${n}` });
    remember({ id: "c5", name: "Customer 5" });
    const stored = JSON.parse(localStorage.getItem("crm.recent") ?? "[]") as { id: string }[];
    expect(stored.map((r) => r.id)).toEqual(["c5", "c10", "c9", "c8", "c7", "c6", "c4", "c3"]);
  });
});
