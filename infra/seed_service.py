"""The demo's contact and feedback history: outbound emails, SMS and calls with the customers' answers, their own
contacts, CSAT answers on resolved cases and NPS answers, so that the channel preference, lifecycle and service
analysis have something real to read on a fresh stack. Each customer answers best on one channel of its own."""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from typing import Any

from crm.cases.models import Case
from crm.customers.timeline import TimelineEntry, new_entry
from crm.db import CrmItem
from crm.feedback.models import Survey
from crm.feedback.repository import index_answer, new_survey

REACHABLE = ["email", "sms", "phone"]
KIND = {"email": "email", "sms": "sms", "phone": "call"}
OUT = {"email": "Email sent: seasonal offer", "sms": "SMS sent: your reorder reminder", "phone": "Outbound call"}
IN = {"email": "Email from the customer", "sms": "SMS received", "phone": "Inbound call", "chat": "Chat"}


def _iso(t: datetime) -> str:
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _entry(customer_id: str, channel: str, direction: str, at: datetime, answered: bool = False) -> TimelineEntry:
    kind = KIND.get(channel, channel)
    summary = (OUT if direction == "outbound" else IN)[channel]
    ref: dict[str, Any] | None = None
    if kind == "call":  # as Connect's contact events write it: connected when somebody answered
        ref = {"contact_id": str(uuid.uuid4()), **({"connected_at": _iso(at)} if answered else {})}
    return new_entry(
        customer_id,
        kind,
        summary,
        channel=channel,
        direction=direction,
        actor="sales@crm.local" if direction == "outbound" else "customer",
        occurred_at=_iso(at),
        ref=ref,
    )


def demo_contacts(rng: random.Random, customer_ids: list[str], now: datetime) -> list[TimelineEntry]:
    items = []
    for cid in customer_ids:
        favourite = rng.choices(REACHABLE, weights=[5, 2, 3])[0]
        for _ in range(rng.randint(2, 7)):
            channel = rng.choice(REACHABLE)
            when = now - timedelta(days=rng.uniform(2, 330), minutes=rng.randint(0, 600))
            answered = rng.random() < (0.7 if channel == favourite else 0.15)
            items.append(_entry(cid, channel, "outbound", when, answered))
            if answered and channel != "phone":
                items.append(_entry(cid, channel, "inbound", when + timedelta(hours=rng.uniform(1, 72))))
        for _ in range(rng.randint(0, 3)):
            channel = "chat" if rng.random() < 0.15 else favourite
            items.append(_entry(cid, channel, "inbound", now - timedelta(days=rng.uniform(1, 300))))
    return items


def demo_answers(rng: random.Random, cases: list[Case], customer_ids: list[str], now: datetime) -> list[CrmItem]:
    """CSAT on about half of the resolved cases (lower after a breach), NPS from a third of the customers."""
    items: list[CrmItem] = []
    for k in cases:
        if not k.resolved_at or rng.random() > 0.55:
            continue
        breached = k.first_response_breached or k.resolution_breached
        score = rng.choices([1, 2, 3, 4, 5], weights=[3, 3, 2, 1, 1] if breached else [1, 1, 2, 4, 5])[0]
        answered = datetime.fromisoformat(k.resolved_at.replace("Z", "+00:00")) + timedelta(hours=rng.uniform(1, 48))
        items += _answer(f"csat-{k.case_id}", "csat", k.customer_id, min(answered, now), score, case=k)
    for cid in customer_ids:
        if rng.random() < 0.33:
            score = rng.choices(range(11), weights=[1, 1, 1, 1, 2, 2, 3, 5, 8, 7, 6])[0]
            at = now - timedelta(days=rng.uniform(1, 80))
            items += _answer(f"nps-demo-{cid}", "nps", cid, at, score, campaign_id="demo-nps")
    return items


def _answer(
    survey_id: str,
    kind: str,
    customer_id: str,
    at: datetime,
    score: int,
    case: Case | None = None,
    campaign_id: str | None = None,
) -> list[CrmItem]:
    s: Survey = new_survey(
        survey_id,
        kind=kind,
        customer_id=customer_id,
        case_id=case.case_id if case else None,
        campaign_id=campaign_id,
        subject=case.subject if case else None,
        case_category=case.category if case else None,
        case_priority=case.priority if case else None,
        follow_up_owner=case.owner if case else None,
        lang="en",
        channel="email",
        asked_at=_iso(at - timedelta(hours=2)),
        score=score,
        answered_at=_iso(at),
    )
    index_answer(s)
    title = "Satisfaction" if kind == "csat" else "Recommendation"
    entry = new_entry(
        customer_id,
        "feedback",
        f"{title}: {score} of {5 if kind == 'csat' else 10}",
        channel="email",
        direction="inbound",
        actor="customer",
        occurred_at=_iso(at),
        ref={"survey_id": survey_id, **({"case_id": case.case_id} if case else {})},
    )
    return [s, entry]


def first_seen(orders: list[Any], entries: list[TimelineEntry], customer_ids: list[str]) -> list[dict[str, Any]]:
    """`customer_created` raw events for the demo: each customer became one at its first order or contact (the
    demo's items are written today, its history is older)."""
    first: dict[str, str] = {}
    for o in orders:
        at = getattr(o, "placed_at", None)
        if at and (o.customer_id not in first or at < first[o.customer_id]):
            first[o.customer_id] = at
    for e in entries:
        if e.customer_id not in first or e.occurred_at < first[e.customer_id]:
            first[e.customer_id] = e.occurred_at
    now = _iso(datetime.now().astimezone())
    return [
        {"kind": "customer_created", "event_id": cid, "at": first.get(cid, now), "customer_id": cid}
        for cid in customer_ids
    ]
