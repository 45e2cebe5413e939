import { describe, expect, it } from "vitest";

import { byStage, closeFrom, hop } from "./opportunities";
import type { Opportunity } from "../../api/hooks";

describe("the pipeline board", () => {
  const columns = [
    { left: 520, top: 100, width: 250 },
    { left: 10, top: 100, width: 250 },
    { left: 265, top: 100, width: 250 },
  ];

  it("moves a lifted deal one column per arrow key, and not past the ends", () => {
    expect(hop(columns, 100, "ArrowRight")).toEqual({ x: 273, y: 148 });
    expect(hop(columns, 300, "ArrowLeft")).toEqual({ x: 18, y: 148 });
    expect(hop(columns, 600, "ArrowRight")).toBeUndefined();
    expect(hop(columns, 100, "ArrowDown")).toBeUndefined();
  });

  it("shows closed deals of the last 90 days only, open ones whenever they close", () => {
    expect(closeFrom("closed_won", new Date("2026-12-02T00:00:00Z"))).toBe("2026-09-03");
    expect(closeFrom("proposal")).toBeUndefined();
  });

  it("groups an owner's deals by stage", () => {
    const deal = (id: string, stage: string) => ({ opportunity_id: id, stage }) as Opportunity;
    const columns = byStage([deal("a", "proposal"), deal("b", "prospecting"), deal("c", "proposal")]);
    expect(columns.get("proposal")?.map((o) => o.opportunity_id)).toEqual(["a", "c"]);
  });
});
