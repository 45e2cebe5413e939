"""What partners contribute: sourced and influenced revenue, win rate, velocity and pipeline, the tier the trailing
12 months earn, the ranking, monthly commission statements with clawbacks, and a partner's own orders."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal

from crm.db import now_iso, today
from crm.money import ZERO, round_amount
from crm.orders.public import COUNTED, Order, orders_of_partner, revenue_by_currency
from crm.partners import responses as out
from crm.partners.directory import own_partner, partner_out
from crm.partners.models import Partner, Registration
from crm.partners.repository import all_partners, load_partner, registrations_of
from crm.partners.settings import commission_rate, load_settings, tier_for
from crm.sales.public import opportunities_by_id, weighted
from crm.suppliers.public import convert, fx_rates


def months(start: date, end: date) -> list[str]:
    found, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        found.append(f"{y}-{m:02d}")
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return found


def _revenue(partner_id: str, orders: list[Order], start: date, end: date) -> list[out.CurrencyRevenue]:
    """Booked revenue (net of cancellations and returns) per currency and role, and its share of the company's."""
    revenue: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"sourced": ZERO, "influenced": ZERO})
    for o in orders:
        if o.status in COUNTED:
            revenue[o.currency][o.partner_role or "influenced"] += o.grand_total
    totals = revenue_by_currency(months(start, end))
    rows = []
    for cur, parts in sorted(revenue.items()):
        mine = parts["sourced"] + parts["influenced"]
        share = mine / totals[cur] * 100 if totals.get(cur) else None
        rows.append(
            out.CurrencyRevenue(
                currency=cur,
                sourced=parts["sourced"],
                influenced=parts["influenced"],
                total=mine,
                company_total=totals.get(cur, ZERO),
                share_pct=round_amount(share, "EUR") if share is not None else None,
            )
        )
    return rows


def _pipeline(regs: list[Registration]) -> tuple[Decimal | None, Decimal | None, list[out.PipelineAmount]]:
    """Win rate, deal velocity (days from registration to won) and the open pipeline of converted deals."""
    opps = opportunities_by_id([r.opportunity_id for r in regs if r.opportunity_id])
    won = [o for o in opps if o.status == "won"]
    lost = [o for o in opps if o.status == "lost"]
    created = {r.opportunity_id: r.created_at for r in regs if r.opportunity_id}
    days = [
        (date.fromisoformat(o.closed_at[:10]) - date.fromisoformat(created[o.opportunity_id][:10])).days
        for o in won
        if o.closed_at
    ]
    open_opps = [o for o in opps if o.status == "open"]
    win_rate = round_amount(Decimal(len(won)) * 100 / (len(won) + len(lost)), "EUR") if won or lost else None
    velocity = round_amount(Decimal(sum(days)) / len(days), "EUR") if days else None
    pipeline = [
        out.PipelineAmount(
            currency=c,
            open=sum((o.amount for o in open_opps if o.currency == c), ZERO),
            weighted=sum((weighted(o) for o in open_opps if o.currency == c), ZERO),
        )
        for c in sorted({o.currency for o in open_opps})
    ]
    return win_rate, velocity, pipeline


def _tier(p: Partner) -> out.TierStanding:
    rates = fx_rates()
    day = today()
    trailing = sum(
        (
            convert(o.grand_total, o.currency, "EUR", rates)
            for o in orders_of_partner(p.partner_id, day - timedelta(365), day)
            if o.status in COUNTED
        ),
        ZERO,
    )
    s = load_settings()
    return out.TierStanding(
        current=p.tier,
        evaluated=tier_for(trailing, s),
        revenue_12m_eur=round_amount(trailing, "EUR"),
        thresholds=[out.TierRule.model_validate(t.as_dict()) for t in s.tiers],
    )


def performance(partner_id: str, start: date, end: date) -> out.PartnerPerformance:
    """Sourced and influenced revenue per currency and its share of all booked revenue in the period,
    registrations, win rate, deal velocity, pipeline and the tier the trailing 12 months of revenue earn."""
    p = load_partner(partner_id)
    orders = orders_of_partner(partner_id, start, end)
    regs = registrations_of(partner_id)
    counts: dict[str, int] = defaultdict(int)
    for r in regs:
        counts[r.status] += 1
    win_rate, velocity, pipeline = _pipeline(regs)
    return out.PartnerPerformance(
        partner=partner_out(p),
        from_=start.isoformat(),
        to=end.isoformat(),
        revenue=_revenue(partner_id, orders, start, end),
        orders=sum(1 for o in orders if o.status in COUNTED),
        registrations=out.RegistrationCounts.model_validate(counts),
        win_rate_pct=win_rate,
        deal_velocity_days=velocity,
        pipeline=pipeline,
        tier=_tier(p),
    )


def apply_tier(partner_id: str, actor: str) -> out.PartnerOut:
    day = today()
    perf = performance(partner_id, day - timedelta(days=365), day)
    p = load_partner(partner_id)
    p.tier, p.tier_evaluated_at, p.updated_at = perf.tier.evaluated, now_iso(), now_iso()
    p.save()
    return partner_out(p)


def ranking(start: date, end: date) -> out.PartnerRanking:
    """Every partner's contribution in the period, ranked by attributed revenue in EUR (one report)."""
    rates = fx_rates()
    rows = []
    for p in all_partners():
        perf = performance(p.partner_id, start, end)
        eur = sum((convert(r.total, r.currency, "EUR", rates) for r in perf.revenue), ZERO)
        rows.append(
            out.RankedPartner(
                rank=0,
                partner_id=p.partner_id,
                name=p.name,
                kind=p.kind,
                tier=p.tier,
                revenue_eur=round_amount(eur, "EUR"),
                orders=perf.orders,
                win_rate_pct=perf.win_rate_pct,
                deal_velocity_days=perf.deal_velocity_days,
                evaluated_tier=perf.tier.evaluated,
            )
        )
    rows.sort(key=lambda r: -r.revenue_eur)
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return out.PartnerRanking(from_=start.isoformat(), to=end.isoformat(), partners=rows)


def _event_at(o: Order, status: str) -> str | None:
    return next((h.at for h in o.history or [] if h.status == status), None)


def _statement_lines(p: Partner, o: Order, month: str) -> Iterator[out.StatementLine]:
    """An order paid in the month earns its net lines x rate(tier, category); one paid earlier or in the month
    and returned or cancelled in the month is clawed back with what it earned."""
    paid_at = _event_at(o, "paid")
    if not paid_at:
        return
    s = load_settings()
    earned = sum((line.net * commission_rate(p.tier, line.category, s) for line in o.lines), ZERO)
    earned = round_amount(earned, o.currency)
    undo = _event_at(o, "returned") or _event_at(o, "cancelled")
    common = {"order_id": o.order_id, "currency": o.currency}
    if paid_at[:7] == month:
        detail = [
            out.CommissionDetail(sku=x.sku, category=x.category, net=x.net, rate=commission_rate(p.tier, x.category, s))
            for x in o.lines
        ]
        yield out.StatementLine(kind="commission", at=paid_at, net=o.net_total, amount=earned, detail=detail, **common)
    if undo and undo[:7] == month and paid_at[:7] <= month:
        detail = [out.CommissionDetail(reason=o.status)]
        yield out.StatementLine(kind="clawback", at=undo, net=-o.net_total, amount=-earned, detail=detail, **common)


def statement(partner_id: str, month: str) -> out.Statement:
    """Commission for a month at the partner's current tier, with clawbacks of earlier commissions."""
    p = load_partner(partner_id)
    y, m = int(month[:4]), int(month[5:])
    first = date(y, m, 1)
    last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    lines = [
        line
        for o in orders_of_partner(partner_id, first - timedelta(days=400), last)
        for line in _statement_lines(p, o, month)
    ]
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        totals[line.currency] += line.amount
    lines.sort(key=lambda x: x.at)
    return out.Statement(
        partner_id=partner_id,
        month=month,
        tier=p.tier,
        lines=lines,
        totals=[out.CurrencyAmount(currency=c, amount=v) for c, v in sorted(totals.items())],
    )


def partner_orders(partner_id: str | None, start: date, end: date) -> out.PartnerOrderList:
    """The partner's own attributed orders (commercial content only, no customer contact data)."""
    partner = own_partner(partner_id)
    return out.PartnerOrderList(
        items=[
            out.PartnerOrder(
                order_id=o.order_id,
                order_date=o.order_date,
                status=o.status,
                currency=o.currency,
                net_total=o.net_total,
                grand_total=o.grand_total,
                partner_role=o.partner_role,
                customer_name=o.customer_name,
            )
            for o in orders_of_partner(partner.partner_id, start, end)
        ]
    )
