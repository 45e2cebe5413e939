"""SRM formulas, pure and unit-tested by hand: offer total cost of ownership and weighted ranking, delivery
scorecards, supplier risk and the Kraljic portfolio. Inputs are plain values; every result explains itself.

Offer comparison (all money converted to the RFQ's evaluation currency with the rates table):
  goods        = sum over lines of unit price x max(requested quantity, offer's minimum quantity)
  freight, duties as offered
  lateness     = goods x P(late) x expected days late x lateness cost per day (RFQ setting, default 0.5 %/day)
  defects      = goods x defect rate x defect cost factor (RFQ setting, default 1.0: a rejected part costs its
                 price again in handling and replacement)
  TCO          = goods + freight + duties + lateness + defects
  P(late), days late and defect rate come from the supplier's own deliveries; without history the documented
  priors apply (20 % late, 5 days, 2 % defects) and the explanation says so.
Scores 0-100 per criterion: tco = 100 x lowest TCO / this TCO; lead time = 100 x shortest / this (longest line
of the offer); risk = 100 x (1 - risk index); quality = 100 x (1 - defect rate) - 10 without ISO 9001, clamped.
Total = sum of weight x score with the RFQ's weights (they sum to 1); rank by total, ties by TCO.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PRIOR_LATE_RATE = Decimal("0.20")
PRIOR_DAYS_LATE = Decimal(5)
PRIOR_DEFECT_RATE = Decimal("0.02")
D0, D1, D100 = Decimal(0), Decimal(1), Decimal(100)


def q2(x: Decimal) -> Decimal:
    return x.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ----------------------------------------------------------------- delivery history


@dataclass(frozen=True)
class DeliveryLine:
    """One PO line's share of one delivery, as recorded."""

    delivered_on: date
    expected_on: date
    ordered_at: date
    quantity_open_before: Decimal  # what was still outstanding on the line before this delivery
    received: Decimal
    rejected: Decimal
    agreed_unit_price: Decimal
    invoiced_unit_price: Decimal
    spend: Decimal  # accepted quantity x invoiced price, in the base currency

    @property
    def accepted(self) -> Decimal:
        return self.received - self.rejected

    @property
    def on_time(self) -> bool:
        return self.delivered_on <= self.expected_on

    @property
    def in_full(self) -> bool:
        return self.accepted >= self.quantity_open_before

    @property
    def days_late(self) -> int:
        return max(0, (self.delivered_on - self.expected_on).days)

    @property
    def lead_time_days(self) -> int:
        return (self.delivered_on - self.ordered_at).days


@dataclass
class Scorecard:
    deliveries: int
    on_time_pct: Decimal | None
    in_full_pct: Decimal | None
    otif_pct: Decimal | None
    defect_ppm: int | None
    price_variance_pct: Decimal | None
    lead_time_mean_days: Decimal | None
    lead_time_stdev_days: Decimal | None
    spend: Decimal
    late_rate: Decimal
    mean_days_late: Decimal
    defect_rate: Decimal
    uses_priors: bool


def scorecard(lines: Iterable[DeliveryLine]) -> Scorecard:
    """on time % = lines delivered by their expected date; in full % = lines whose accepted quantity completed
    what was outstanding; OTIF % = both; defect ppm = rejected / received x 1,000,000; price variance % =
    (invoiced - agreed) x accepted / (agreed x accepted); lead time = delivery date - PO date (mean, population
    standard deviation); spend = accepted x invoiced (base currency)."""
    rows = list(lines)
    n = len(rows)
    spend = sum((r.spend for r in rows), D0)
    if n == 0:
        return Scorecard(
            0,
            None,
            None,
            None,
            None,
            None,
            None,
            None,
            spend,
            PRIOR_LATE_RATE,
            PRIOR_DAYS_LATE,
            PRIOR_DEFECT_RATE,
            True,
        )
    pct = lambda k: q2(Decimal(k) * D100 / n)  # noqa: E731
    received = sum((r.received for r in rows), D0)
    rejected = sum((r.rejected for r in rows), D0)
    agreed = sum((r.agreed_unit_price * r.accepted for r in rows), D0)
    invoiced = sum((r.invoiced_unit_price * r.accepted for r in rows), D0)
    leads = [r.lead_time_days for r in rows]
    late = [r for r in rows if not r.on_time]
    return Scorecard(
        deliveries=n,
        on_time_pct=pct(n - len(late)),
        in_full_pct=pct(sum(r.in_full for r in rows)),
        otif_pct=pct(sum(r.on_time and r.in_full for r in rows)),
        defect_ppm=int((rejected * Decimal(1_000_000) / received).to_integral_value(ROUND_HALF_UP)) if received else 0,
        price_variance_pct=q2((invoiced - agreed) * D100 / agreed) if agreed else None,
        lead_time_mean_days=q2(Decimal(statistics.fmean(leads))),
        lead_time_stdev_days=q2(Decimal(statistics.pstdev(leads))),
        spend=q2(spend),
        late_rate=Decimal(len(late)) / n,
        mean_days_late=Decimal(sum(r.days_late for r in late)) / len(late) if late else D0,
        defect_rate=rejected / received if received else D0,
        uses_priors=False,
    )


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def trend(previous: Decimal | None, latest: Decimal | None, band: Decimal = Decimal(5)) -> str:
    """OTIF trend between two quarters: improving / declining beyond +-5 points, else stable."""
    if previous is None or latest is None:
        return "unknown"
    if latest - previous > band:
        return "improving"
    if previous - latest > band:
        return "declining"
    return "stable"


# ----------------------------------------------------------------- offers


@dataclass(frozen=True)
class OfferLine:
    sku: str
    quantity: Decimal  # requested in the RFQ
    unit_price: Decimal  # in the evaluation currency
    min_quantity: Decimal
    lead_time_days: int


@dataclass(frozen=True)
class OfferIn:
    supplier_id: str
    supplier_name: str
    lines: tuple[OfferLine, ...]
    freight: Decimal
    duties: Decimal
    history: Scorecard
    risk_index: Decimal  # 0..1
    iso9001: bool


@dataclass
class Ranked:
    supplier_id: str
    rank: int = 0
    total_score: Decimal = D0
    tco: Decimal = D0
    components: dict[str, Decimal] = field(default_factory=dict)
    scores: dict[str, Decimal] = field(default_factory=dict)
    explanation: list[str] = field(default_factory=list)


def tco(offer: OfferIn, lateness_per_day: Decimal, defect_factor: Decimal) -> tuple[dict[str, Decimal], list[str]]:
    h = offer.history
    goods = sum((line.unit_price * max(line.quantity, line.min_quantity) for line in offer.lines), D0)
    lateness = goods * h.late_rate * h.mean_days_late * lateness_per_day
    defects = goods * h.defect_rate * defect_factor
    parts = {
        "goods": q2(goods),
        "freight": q2(offer.freight),
        "duties": q2(offer.duties),
        "expected_lateness": q2(lateness),
        "expected_defects": q2(defects),
    }
    parts["tco"] = sum(parts.values(), D0)
    src = "assumed (no delivery history)" if h.uses_priors else f"from {h.deliveries} delivery lines"
    notes = [
        f"goods {parts['goods']} = "
        + " + ".join(
            f"{line.unit_price} x {max(line.quantity, line.min_quantity)} {line.sku}"
            + (f" (minimum {line.min_quantity})" if line.min_quantity > line.quantity else "")
            for line in offer.lines
        ),
        f"lateness {parts['expected_lateness']} = goods x {q2(h.late_rate * D100)} % late x "
        f"{q2(h.mean_days_late)} days x {q2(lateness_per_day * D100)} %/day, {src}",
        f"defects {parts['expected_defects']} = goods x {q2(h.defect_rate * D100)} % rejected x {defect_factor}, {src}",
    ]
    return parts, notes


def rank_offers(
    offers: list[OfferIn], weights: dict[str, Decimal], lateness_per_day: Decimal, defect_factor: Decimal
) -> list[Ranked]:
    if not offers:
        return []
    results: list[Ranked] = []
    for o in offers:
        parts, notes = tco(o, lateness_per_day, defect_factor)
        r = Ranked(o.supplier_id, tco=parts["tco"], components=parts, explanation=notes)
        results.append(r)
    best_tco = min(r.tco for r in results)
    lead = {o.supplier_id: max(line.lead_time_days for line in o.lines) for o in offers}
    best_lead = min(lead.values())
    for o, r in zip(offers, results, strict=True):
        quality = D100 * (D1 - o.history.defect_rate) - (D0 if o.iso9001 else Decimal(10))
        r.scores = {
            "tco": q2(D100 * best_tco / r.tco) if r.tco else D100,
            "lead_time": q2(D100 * Decimal(max(best_lead, 1)) / Decimal(max(lead[o.supplier_id], 1))),
            "risk": q2(D100 * (D1 - o.risk_index)),
            "quality": q2(min(D100, max(D0, quality))),
        }
        r.total_score = q2(sum((weights[k] * r.scores[k] for k in weights), D0))
        r.explanation += [
            f"tco score {r.scores['tco']} = 100 x {best_tco} / {r.tco}",
            f"lead time score {r.scores['lead_time']} = 100 x {best_lead} / {lead[o.supplier_id]} days",
            f"risk score {r.scores['risk']} = 100 x (1 - risk index {q2(o.risk_index)})",
            f"quality score {r.scores['quality']} = 100 x (1 - {q2(o.history.defect_rate * D100)} % defects)"
            + ("" if o.iso9001 else " - 10 (no ISO 9001)"),
            "total " + " + ".join(f"{weights[k]} x {r.scores[k]}" for k in weights) + f" = {r.total_score}",
        ]
    results.sort(key=lambda r: (-r.total_score, r.tco))
    for i, r in enumerate(results, start=1):
        r.rank = i
    return results


# ----------------------------------------------------------------- risk and portfolio


RISK_WEIGHTS = {
    "concentration": Decimal("0.25"),
    "single_source": Decimal("0.20"),
    "delivery_trend": Decimal("0.15"),
    "country": Decimal("0.20"),
    "incidents": Decimal("0.20"),
}


def risk_index(
    *,
    spend_share: Decimal,
    single_source_items: int,
    supplied_items: int,
    otif_trend: str,
    country_risk: Decimal,
    open_incidents: list[tuple[int, int]],
) -> tuple[Decimal, dict[str, Any]]:
    """0 (none) .. 1 (high). Components, each 0..1:
    concentration = min(1, spend share / 30 %); single source = single-sourced items / items supplied;
    delivery trend = 1 declining, 0.5 unknown, 0.25 stable, 0 improving; country = the configured score;
    incidents = min(1, sum of likelihood x impact of open risks / 25)."""
    parts = {
        "concentration": min(D1, spend_share / Decimal("0.30")),
        "single_source": Decimal(single_source_items) / supplied_items if supplied_items else D0,
        "delivery_trend": {"declining": D1, "unknown": Decimal("0.5"), "stable": Decimal("0.25"), "improving": D0}[
            otif_trend
        ],
        "country": country_risk,
        "incidents": min(D1, Decimal(sum(likelihood * impact for likelihood, impact in open_incidents)) / 25),
    }
    index = sum((RISK_WEIGHTS[k] * v for k, v in parts.items()), D0)
    detail = {k: {"value": q2(v), "weight": RISK_WEIGHTS[k]} for k, v in parts.items()}
    return index.quantize(Decimal("0.0001")), detail


def kraljic(profit_impact: Decimal, supply_risk: Decimal, impact_threshold: Decimal, risk_threshold: Decimal) -> str:
    """Profit impact (the supplier's share of spend) x supply risk (the risk index) -> quadrant."""
    high_impact, high_risk = profit_impact >= impact_threshold, supply_risk >= risk_threshold
    if high_impact:
        return "strategic" if high_risk else "leverage"
    return "bottleneck" if high_risk else "non-critical"


def key_potential(
    *,
    quadrant: str,
    card: Scorecard,
    spend_growth: Decimal | None,
    iso9001: bool,
    country_risk: Decimal,
    second_source_for: list[str],
) -> list[str]:
    """Reasons a supplier could become key; a candidate needs three or more and is not already strategic."""
    if quadrant == "strategic":
        return []
    reasons = []
    if card.otif_pct is not None and card.otif_pct >= 90:
        reasons.append(f"reliable: OTIF {card.otif_pct} %")
    if card.defect_ppm is not None and card.defect_ppm <= 5000:
        reasons.append(f"quality: {card.defect_ppm} ppm defects")
    if spend_growth is not None and spend_growth > 0:
        reasons.append(f"growing: spend +{q2(spend_growth * D100)} % on the previous half-year")
    if iso9001:
        reasons.append("ISO 9001 certified")
    if country_risk <= Decimal("0.3"):
        reasons.append(f"low country risk ({country_risk})")
    if second_source_for:
        reasons.append(f"could second-source single-sourced items: {', '.join(sorted(second_source_for))}")
    return reasons if len(reasons) >= 3 else []
