"""Customer care: cases from every channel, comments, status history, SLA timers in business hours, escalation."""
