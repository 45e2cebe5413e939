"""Lead scoring: a documented points table, so every score explains itself (each reason names its points).

Each rule that fires adds its points and its reason; the total is capped at 100 and graded A (>= 70),
B (>= 45), C (>= 25), D. The table favours how the lead came to us (referrals close best), whether we can
reach a decision maker at a business address, company size, a stated budget and a near buying timeframe.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from crm.contactinfo import FREE_MAIL

SOURCE_POINTS = {"referral": 30, "partner": 25, "event": 20, "web": 15, "campaign": 10, "cold_call": 5, "other": 0}
TARGET_INDUSTRIES = frozenset({"manufacturing", "wholesale", "logistics", "healthcare", "software"})
SIZE_POINTS = ((1000, 20), (200, 15), (50, 10), (10, 5))  # employees >= n -> points
BUDGET_POINTS = ((Decimal(50000), 20), (Decimal(10000), 10), (Decimal("0.01"), 5))
TIMEFRAME_POINTS = {"0-3m": 15, "3-6m": 8, "6-12m": 3, "unknown": 0}


@dataclass(frozen=True)
class Score:
    points: int
    grade: str
    reasons: list[str]


def score_lead(
    *,
    source: str,
    email: str | None,
    phone: str | None,
    employees: int | None,
    budget: Decimal | None,
    timeframe: str | None,
    industry: str | None,
) -> Score:
    reasons: list[tuple[int, str]] = []
    if SOURCE_POINTS.get(source, 0):
        reasons.append((SOURCE_POINTS[source], f"source {source}"))
    if email and email.rsplit("@", 1)[-1] not in FREE_MAIL:
        reasons.append((10, "business email address"))
    if phone:
        reasons.append((5, "phone number given"))
    if employees is not None:
        for threshold, pts in SIZE_POINTS:
            if employees >= threshold:
                reasons.append((pts, f"{threshold}+ employees"))
                break
    if budget is not None:
        for limit, pts in BUDGET_POINTS:
            if budget >= limit:
                reasons.append((pts, f"budget >= {limit.normalize():f}"))
                break
    if timeframe and TIMEFRAME_POINTS.get(timeframe, 0):
        reasons.append((TIMEFRAME_POINTS[timeframe], f"buying within {timeframe}"))
    if industry and industry.lower() in TARGET_INDUSTRIES:
        reasons.append((10, f"target industry {industry.lower()}"))
    total = min(100, sum(p for p, _ in reasons))
    grade = "A" if total >= 70 else "B" if total >= 45 else "C" if total >= 25 else "D"
    return Score(total, grade, [f"+{p} {r}" for p, r in reasons])
