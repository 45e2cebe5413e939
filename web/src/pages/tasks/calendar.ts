import type { Task } from "../../api/hooks";

export const TIMED = ["meeting", "appointment"];
const MINUTE = 60_000;

export interface Slot {
  start: Date;
  end: Date;
}

/** Where a task sits on the calendar: a meeting from start to end, anything else a half hour at its due time. */
export function slotOf(t: Task): Slot | null {
  const anchor = t.start_at ?? t.due_at;
  if (!anchor) return null;
  const start = new Date(anchor);
  const end = t.end_at ? new Date(t.end_at) : new Date(start.getTime() + 30 * MINUTE);
  return { start, end };
}

/** Minutes between the reminder and the task's time, to keep the same reminder when the task moves. */
export function remindMinutes(t: Task): number | null {
  const anchor = t.start_at ?? t.due_at;
  if (!t.remind_at || !anchor) return null;
  return Math.round((new Date(anchor).getTime() - new Date(t.remind_at).getTime()) / MINUTE);
}

/** The days the calendar asks the API for around the shown date (day, week or month view), as YYYY-MM-DD. */
export function rangeOf(date: string, view: string): { from: string; to: string } {
  const spread = view === "day" ? 1 : view === "week" ? 7 : 40;
  const at = new Date(`${date.slice(0, 10)}T12:00:00Z`).getTime();
  const day = (offset: number) => new Date(at + offset * 86_400_000).toISOString().slice(0, 10);
  return { from: day(-spread), to: day(spread) };
}

/** A datetime-local input's value ("2026-12-02T14:30", local time) as an ISO instant, and back. */
export function fromLocalInput(value: string): string {
  return new Date(value).toISOString();
}

export function toLocalInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The body that moves a task to a new time: start/end for a meeting, the due time otherwise; a reminder moves
 * with it (the API asks for it again so that a reminder never silently points at the old time). */
export function rescheduleBody(t: Task, start: Date, end: Date): Record<string, string | number | null> {
  const body: Record<string, string | number | null> = TIMED.includes(t.kind)
    ? { start_at: start.toISOString(), end_at: end.toISOString() }
    : { due_at: start.toISOString() };
  const minutes = remindMinutes(t);
  if (minutes !== null && !t.reminder_sent_at) body["remind_minutes_before"] = minutes;
  return body;
}
