"""Task items in the single table (keys: docs/access-patterns.md).

TASK#<id>  TASK  gsi1 CAL#<assignee> / <start or due>#<id>         (a user's calendar for a date range)
                 gsi2 REMIND#<yyyy-mm-dd> / <remind_at>#<id>       (sparse: reminders not yet sent, by day, so the
                                                                    reminder job reads only what is due)
                 gsi3 ACTIVITY#<iso week> / <assignee>#<done_at>#<id>  (done activities: the manager's weekly view)
"""

from __future__ import annotations

from typing import Any

from pynamodb.attributes import MapAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem


class Task(CrmItem, discriminator="task"):
    task_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # task | call | meeting | email | appointment
    subject = UnicodeAttribute()
    notes = UnicodeAttribute(null=True)
    assignee = UnicodeAttribute()
    due_at = UnicodeAttribute(null=True)
    start_at = UnicodeAttribute(null=True)
    end_at = UnicodeAttribute(null=True)
    location = UnicodeAttribute(null=True)
    remind_at = UnicodeAttribute(null=True)
    reminder_sent_at = UnicodeAttribute(null=True)
    customer_id = UnicodeAttribute(null=True)
    related = MapAttribute[str, Any](null=True)  # case_id / opportunity_id / lead_id / order_id
    status = UnicodeAttribute()  # open | done | cancelled
    outcome = UnicodeAttribute(null=True)
    done_at = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    created_by = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    version = VersionAttribute()
