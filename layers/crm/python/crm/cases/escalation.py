"""The scheduled SLA escalation: running cases whose next deadline is within their warning window (level 1) or
missed (level 2, breach flags) are escalated once per level and their owners notified."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from crm.cases.repository import due_cases
from crm.cases.service import breach_note, iso, mark_breaches, next_due, parse, record_event, save
from crm.cases.sla_settings import load_settings
from crm.customers.public import new_entry
from crm.errors import VersionConflict
from crm.notify import notify

TRANSITIONS: dict[str, frozenset[str]] = {
    "new": frozenset({"open", "pending", "resolved"}),
    "open": frozenset({"pending", "resolved"}),
    "pending": frozenset({"open", "resolved"}),
    "resolved": frozenset({"closed", "open"}),
    "closed": frozenset(),
}
ACTIVE = ("new", "open")  # statuses whose clocks run (pending pauses resolution; first response is given by then)


def escalate_due(now: datetime | None = None) -> dict[str, Any]:
    """Escalate running cases whose next deadline is within their warning window (level 1) or missed (level 2),
    and notify each case's owner once per level. Reads only the due slice of the status index, never a Scan."""
    now = now or datetime.now(UTC)
    policies, _ = load_settings()
    max_warn = max(p.warn_minutes for p in policies.values())
    upper = iso(now + timedelta(minutes=max(max_warn, 24 * 60)))  # snapshots may carry older, longer windows
    report: dict[str, Any] = {"checked": 0, "escalated": 0, "breached": 0, "notified": 0, "case_ids": []}
    for status in ACTIVE:
        for c in due_cases(status, upper):
            report["checked"] += 1
            due = next_due(c)
            if due is None or now < parse(due) - timedelta(minutes=int(c.sla.warn_minutes)):
                continue
            newly_breached = mark_breaches(c, now)
            level = 2 if (c.first_response_breached or c.resolution_breached) else 1
            if level <= int(c.escalation_level or 0) and not newly_breached:
                continue
            at = iso(now)
            old_level = int(c.escalation_level or 0)
            c.escalation_level, c.escalated_at, c.updated_at = max(level, old_level), at, at
            what = breach_note(c) if level == 2 else f"due {parse(due).strftime('%Y-%m-%d %H:%M')} UTC"
            record_event(c, at, "sla", "escalated", str(old_level), str(level), what)
            entry = new_entry(
                c.customer_id,
                "case",
                f"Case escalated (level {level}): {c.subject}",
                actor="sla",
                occurred_at=at,
                ref={"case_id": c.case_id, "level": level},
            )
            try:
                save(c, [entry])
            except VersionConflict:
                continue  # someone is working on it right now; the next run looks again
            report["escalated"] += 1
            report["breached"] += int(level == 2)
            report["case_ids"].append(c.case_id)
            if c.owner and notify(
                c.owner,
                "case_escalation",
                f"[{'BREACHED' if level == 2 else 'At risk'}] {c.priority} case: {c.subject}",
                f"Case {c.case_id} for customer {c.customer_id}: {what}. Status {c.status}.",
                {"case_id": c.case_id, "level": level},
            ):
                report["notified"] += 1
    return report
