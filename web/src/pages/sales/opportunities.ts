import { useMutation, useQueryClient } from "@tanstack/react-query";

import { ifMatch, partial, unwrap } from "../../api/client";
import { useApi, type Opportunity, type Stage } from "../../api/hooks";
import type { components } from "../../api/schema";

type Patch = components["schemas"]["OpportunityPatch"];

export interface Move {
  opportunity: Opportunity;
  stage: Stage;
  closeReason?: string;
}

/** Moves a deal to another stage on its current version (If-Match): a deal someone else changed meanwhile
 * answers 409 and the board reloads, so nobody overwrites a change they did not see. */
export function useMoveStage() {
  const api = useApi();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: async ({ opportunity, stage, closeReason }: Move) =>
      unwrap(
        await api.PATCH("/opportunities/{opportunity_id}", {
          params: { path: { opportunity_id: opportunity.opportunity_id }, header: ifMatch(opportunity.version) },
          body: partial<Patch>(closeReason ? { stage, close_reason: closeReason } : { stage }),
        }),
      ),
    onSettled: () => invalidateSales(queries),
  });
}

export async function invalidateSales(queries: ReturnType<typeof useQueryClient>): Promise<void> {
  await Promise.all([
    queries.invalidateQueries({ queryKey: ["opportunities"] }),
    queries.invalidateQueries({ queryKey: ["pipeline"] }),
    queries.invalidateQueries({ queryKey: ["forecast"] }),
  ]);
}

/** Deals of a board column: open stages by expected close; closed ones only from the last 90 days. */
export function closeFrom(stage: Stage, today = new Date()): string | undefined {
  if (stage !== "closed_won" && stage !== "closed_lost") return undefined;
  return new Date(today.getTime() - 90 * 86_400_000).toISOString().slice(0, 10);
}

/** Groups an owner's deals (one list, any stage) into the board's columns. */
export function byStage(items: Opportunity[]): Map<string, Opportunity[]> {
  const columns = new Map<string, Opportunity[]>();
  for (const o of items) columns.set(o.stage, [...(columns.get(o.stage) ?? []), o]);
  return columns;
}

export interface Column {
  left: number;
  top: number;
  width: number;
}

/** Where the keyboard takes a lifted deal: the arrow keys hop from column to column (not 25 px at a time), so a
 * keyboard user moves a deal one stage per key press. `x` is the deal's current centre. */
export function hop(columns: Column[], x: number, key: string): { x: number; y: number } | undefined {
  if (key !== "ArrowRight" && key !== "ArrowLeft") return undefined;
  const sorted = [...columns].sort((a, b) => a.left - b.left);
  const here = sorted.findIndex((c) => x >= c.left && x < c.left + c.width);
  const next = sorted[here + (key === "ArrowRight" ? 1 : -1)];
  return next ? { x: next.left + 8, y: next.top + 48 } : undefined;
}
