/** Whether a certification holds: lapsed, lapsing within 60 days, or valid (no date: valid). */
export function certificationState(validUntil: string | null, today = new Date()): "expired" | "expiring" | "valid" {
  if (!validUntil) return "valid";
  const days = (new Date(`${validUntil}T00:00:00Z`).getTime() - today.getTime()) / 86_400_000;
  if (days < 0) return "expired";
  return days <= 60 ? "expiring" : "valid";
}

export type Criterion = "tco" | "lead_time" | "risk" | "quality";
export const CRITERIA: Criterion[] = ["tco", "lead_time", "risk", "quality"];

/** Weights as the user sets them (percent sliders, any sum) → the API's weights: four decimals summing to
 * exactly 1 (the largest takes the rounding), or null when all are zero. */
export function normalised(percent: Record<Criterion, number>): Record<Criterion, string> | null {
  const total = CRITERIA.reduce((n, c) => n + percent[c], 0);
  if (total <= 0) return null;
  const shares = CRITERIA.map((c) => Math.round((percent[c] / total) * 10_000));
  const largest = shares.indexOf(Math.max(...shares));
  shares[largest] = (shares[largest] ?? 0) + 10_000 - shares.reduce((n, x) => n + x, 0);
  return Object.fromEntries(CRITERIA.map((c, i) => [c, ((shares[i] ?? 0) / 10_000).toFixed(4)])) as Record<Criterion, string>;
}
