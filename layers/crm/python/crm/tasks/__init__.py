"""Tasks, calls, meetings and appointments: calendar per user, reminders by schedule, team activity per week."""
