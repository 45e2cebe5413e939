"""The weighted forecast per owner and month and the pipeline by stage."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from crm.money import ZERO
from crm.sales import schemas
from crm.sales.models import weighted
from crm.sales.repository import opportunities_closing
from crm.sales.schemas import OPEN_STAGES


def _month_end(month: str) -> str:
    return f"{month}-31#~"


def forecast(q: schemas.ForecastQuery) -> schemas.Forecast:
    """Per owner, month (of expected close; of closing for won deals) and currency: open pipeline, weighted
    pipeline (amount x probability), won; forecast = won + weighted. Currencies are never added together."""
    opps = opportunities_closing(q.owner, f"{q.from_month}-01", _month_end(q.to_month), (*OPEN_STAGES, "closed_won"))
    rows: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {"open_count": 0, "pipeline": ZERO, "weighted": ZERO, "won_count": 0, "won": ZERO}
    )
    for o in opps:
        if o.status == "lost":
            continue
        r = rows[(o.owner, o.expected_close[:7], o.currency)]
        if o.status == "won":
            r["won_count"] += 1
            r["won"] += o.amount
        else:
            r["open_count"] += 1
            r["pipeline"] += o.amount
            r["weighted"] += weighted(o)
    out = [
        {"owner": k[0], "month": k[1], "currency": k[2], **v, "forecast": v["won"] + v["weighted"]}
        for k, v in sorted(rows.items())
    ]
    totals: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"weighted": ZERO, "won": ZERO})
    for r in out:
        t = totals[(r["month"], r["currency"])]
        t["weighted"] += r["weighted"]
        t["won"] += r["won"]
    return schemas.Forecast.model_validate(
        {
            "rows": out,
            "totals": [
                {"month": m, "currency": c, **v, "forecast": v["won"] + v["weighted"]}
                for (m, c), v in sorted(totals.items())
            ],
        }
    )


def pipeline(owner: str | None) -> schemas.Pipeline:
    """Open opportunities per stage and currency: count, amount, weighted amount."""
    opps = opportunities_closing(owner, "0000", "9999#~", OPEN_STAGES)
    agg: dict[tuple[str, str], dict[str, Any]] = defaultdict(lambda: {"count": 0, "amount": ZERO, "weighted": ZERO})
    for o in opps:
        if o.status != "open":
            continue
        a = agg[(o.stage, o.currency)]
        a["count"] += 1
        a["amount"] += o.amount
        a["weighted"] += weighted(o)
    order = {s: i for i, s in enumerate(OPEN_STAGES)}
    return schemas.Pipeline.model_validate(
        {
            "stages": [
                {"stage": s, "currency": c, **v}
                for (s, c), v in sorted(agg.items(), key=lambda kv: (order[kv[0][0]], kv[0][1]))
            ]
        }
    )
