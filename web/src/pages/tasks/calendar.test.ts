import { describe, expect, it } from "vitest";

import type { Task } from "../../api/hooks";
import { rangeOf, remindMinutes, rescheduleBody, slotOf } from "./calendar";

const base: Task = {
  task_id: "t1", kind: "call", subject: "Call back", assignee: "a@x", status: "open", created_at: "", created_by: "",
  updated_at: "", version: 1, due_at: "2026-12-02T10:00:00Z", start_at: null, end_at: null, remind_at: "2026-12-02T09:45:00Z",
  reminder_sent_at: null, customer_id: null, done_at: null, location: null, notes: null, outcome: null, related: null,
};

describe("calendar", () => {
  it("puts a call at its due time for half an hour and a meeting from start to end", () => {
    expect(slotOf(base)).toEqual({ start: new Date("2026-12-02T10:00:00Z"), end: new Date("2026-12-02T10:30:00Z") });
    const meeting = { ...base, kind: "meeting", due_at: null, start_at: "2026-12-02T13:00:00Z", end_at: "2026-12-02T14:15:00Z" };
    expect(slotOf(meeting)?.end).toEqual(new Date("2026-12-02T14:15:00Z"));
  });

  it("keeps the reminder's lead time when a task moves", () => {
    expect(remindMinutes(base)).toBe(15);
    expect(rescheduleBody(base, new Date("2026-12-03T08:00:00Z"), new Date("2026-12-03T08:30:00Z"))).toEqual({
      due_at: "2026-12-03T08:00:00.000Z",
      remind_minutes_before: 15,
    });
    const sent = { ...base, reminder_sent_at: "2026-12-02T09:45:01Z" };
    expect(rescheduleBody(sent, new Date("2026-12-03T08:00:00Z"), new Date("2026-12-03T08:30:00Z"))).toEqual({
      due_at: "2026-12-03T08:00:00.000Z",
    });
  });

  it("asks for the days around the shown date", () => {
    expect(rangeOf("2026-12-02", "day")).toEqual({ from: "2026-12-01", to: "2026-12-03" });
    expect(rangeOf("2026-12-02 00:00:00", "week")).toEqual({ from: "2026-11-25", to: "2026-12-09" });
  });
});
