import type { components } from "../../api/schema";

type Total = components["schemas"]["ForecastTotal"];

export interface Bar {
  month: string;
  won: number;
  weighted: number;
  /** The API's figures as it wrote them, for the table. */
  text: { won: string; weighted: string; forecast: string };
}

/** A month as YYYY-MM, `offset` months from `from`. */
export function monthOf(from: Date, offset = 0): string {
  const d = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + offset, 1));
  return d.toISOString().slice(0, 7);
}

/** The chart's bars for one currency, every month of the range present (an empty month is a zero bar). The
 * figures are the API's; they become numbers only to be drawn. */
export function barsOf(totals: Total[], currency: string, from: string, to: string): Bar[] {
  const bars: Bar[] = [];
  const start = new Date(`${from}-01T00:00:00Z`);
  for (let i = 0; i < 36; i++) {
    const month = monthOf(start, i);
    if (month > to) break;
    const row = totals.find((r) => r.month === month && r.currency === currency);
    const text = { won: row?.won ?? "0", weighted: row?.weighted ?? "0", forecast: row?.forecast ?? "0" };
    bars.push({ month, won: Number(text.won), weighted: Number(text.weighted), text });
  }
  return bars;
}
