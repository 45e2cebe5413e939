/** How long until a deadline, in words a queue can show; negative is overdue. */
export function dueIn(deadline: string, now: number): { overdue: boolean; text: string } {
  const ms = new Date(deadline).getTime() - now;
  const minutes = Math.round(Math.abs(ms) / 60000);
  const text = minutes >= 60 * 24 ? `${Math.floor(minutes / 1440)}d ${Math.floor((minutes % 1440) / 60)}h`
    : minutes >= 60 ? `${Math.floor(minutes / 60)}h ${minutes % 60}m` : `${minutes}m`;
  return { overdue: ms < 0, text };
}

/** The deadline that matters now: the first response until it was given, then the resolution. */
export function nextDeadline(c: { first_responded_at: string | null; first_response_due: string; resolution_due: string }): string {
  return c.first_responded_at ? c.resolution_due : c.first_response_due;
}
