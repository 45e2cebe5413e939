"""The routing decision: which queue a caller goes to, and why. Pure; unit-tested.

Rules, in order, each adding eligible queues:
1. an open case whose owner has a queue → that owner's queue (the agent who knows the case);
2. a partner's contact → the partner desk;
3. VIP or high value (CLV band high/top, or RFM Champions / Loyal / Can't lose) → the priority queue;
4. the caller's language has a queue → that language's queue;
5. no rule applies (and every unknown caller) → the general queue.
Load awareness: the first rule's queue is kept while its expected wait is at most OVERFLOW_AFTER seconds (the
case owner or the VIP desk is worth a short wait); beyond that, the eligible queue with the lowest expected wait
wins. Only metrics no older than 60 s count; with no fresh metrics for the first queue it is kept unless a
measured alternative exists; with none at all the first rule decides.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_METRICS_AGE = timedelta(seconds=60)
OVERFLOW_AFTER = 120  # seconds


@dataclass(frozen=True)
class Queues:
    general: str
    priority: str
    partner_desk: str
    by_language: dict[str, str]
    by_owner: dict[str, str]
    names: dict[str, str]


@dataclass(frozen=True)
class Metric:
    expected_wait_s: int
    refreshed_at: datetime


@dataclass(frozen=True)
class Decision:
    queue_arn: str
    queue_name: str
    reason: str
    eligible: tuple[str, ...]


def expected_wait(
    contacts_in_queue: int, agents_online: int, agents_available: int, oldest_age_s: int, aht_s: int
) -> int:
    """Seconds a new caller would wait: nothing when an agent is free and nobody waits; otherwise the queue
    ahead of them worked off by the agents online at the average handle time, plus how long the oldest waits."""
    if agents_available > 0 and contacts_in_queue == 0:
        return 0
    if agents_online == 0:
        return 3600
    return int(oldest_age_s + (contacts_in_queue + 1) * aht_s / agents_online)


def decide(
    *,
    known: bool,
    open_case_owner: str | None,
    partner: bool,
    high_value: bool,
    language: str | None,
    queues: Queues,
    metrics: dict[str, Metric],
    now: datetime,
) -> Decision:
    eligible: list[tuple[str, str]] = []  # (queue, why)
    if open_case_owner and open_case_owner in queues.by_owner:
        eligible.append((queues.by_owner[open_case_owner], f"open case owned by {open_case_owner}"))
    if partner:
        eligible.append((queues.partner_desk, "partner caller"))
    if high_value:
        eligible.append((queues.priority, "VIP / high-value customer"))
    lang = (language or "")[:2].lower()
    if lang and lang in queues.by_language:
        eligible.append((queues.by_language[lang], f"language {lang}"))
    if not eligible:
        eligible.append((queues.general, "known customer, no special rule" if known else "unknown caller"))
    fresh = {q: m for q, m in metrics.items() if now - m.refreshed_at <= MAX_METRICS_AGE}
    first, first_why = eligible[0]
    measured = [(fresh[q].expected_wait_s, i, q, why) for i, (q, why) in enumerate(eligible) if q in fresh]
    if first in fresh and fresh[first].expected_wait_s <= OVERFLOW_AFTER:
        queue, reason = first, f"{first_why}; expected wait {fresh[first].expected_wait_s}s"
    elif measured:
        wait, _, queue, why = min(measured)
        if queue == first:
            reason = f"{first_why}; expected wait {wait}s, still the lowest of {len(measured)} eligible queue(s)"
        else:
            waited = f"waits {fresh[first].expected_wait_s}s" if first in fresh else "has no fresh metrics"
            reason = f"{first_why}, but its queue {waited}; overflow to {why}: expected wait {wait}s"
    else:
        queue, reason = first, f"{first_why}; no queue metrics younger than 60s"
    return Decision(queue, queues.names.get(queue, queue.rsplit("/", 1)[-1]), reason, tuple(q for q, _ in eligible))
