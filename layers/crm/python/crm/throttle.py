"""Fixed-window counters for what an anonymous caller can make the CRM do (send a confirmation email): one
conditional UpdateItem per check, so concurrent requests cannot both pass the limit; the windows expire by the
table's TTL. Keys: THROTTLE#<what>#<who> / <window start> (this module alone spells them)."""

from __future__ import annotations

import time

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import UpdateError

from crm.db import CrmItem


class Counter(CrmItem, discriminator="throttle"):
    n = NumberAttribute(default=0)
    expires = NumberAttribute()


def allow(what: str, who: str, limit: int, window_s: int, now: float | None = None) -> bool:
    """True, counting this one, while `who` has done `what` fewer than `limit` times in the current window."""
    t = int(time.time() if now is None else now)
    start = t - t % window_s
    counter = Counter(pk=f"THROTTLE#{what}#{who}", sk=str(start))
    try:
        counter.update(
            actions=[Counter.n.add(1), Counter.expires.set(start + 2 * window_s)],
            condition=Counter.n.does_not_exist() | (Counter.n < limit),
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True
