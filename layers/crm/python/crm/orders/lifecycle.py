"""The order lifecycle: which status may follow which, and how each move changes the customer's counters.

    draft -> placed -> paid -> shipped -> delivered
      |        |        |        |            |
      +--------+--------+-> cancelled         +-> returned  (also from shipped)

`paid` is reached only by recording payments that cover the total; every other move is a status request.
"""

from __future__ import annotations

from crm.errors import Conflict

TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"placed", "cancelled"}),
    "placed": frozenset({"paid", "cancelled"}),
    "paid": frozenset({"shipped", "cancelled"}),
    "shipped": frozenset({"delivered", "returned"}),
    "delivered": frozenset({"returned"}),
    "cancelled": frozenset(),
    "returned": frozenset(),
}
STATUSES = tuple(TRANSITIONS)
PAYABLE = frozenset({"placed"})
REFUNDABLE = frozenset({"paid", "shipped", "delivered", "cancelled", "returned"})
COUNTED = frozenset({"placed", "paid", "shipped", "delivered"})  # statuses whose total counts as revenue


class InvalidTransition(Conflict):
    code = "invalid_transition"


def check(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        allowed = sorted(TRANSITIONS[current]) or ["none (final)"]
        raise InvalidTransition(
            f"an order that is {current} cannot become {target}; allowed: {', '.join(allowed)}",
            {"status": f"{current} -> {target} is not allowed"},
            current_status=current,
            allowed=sorted(TRANSITIONS[current]),
        )
