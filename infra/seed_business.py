"""Demo business history on top of the demo customers: catalog, price lists with a price increase, a summer
promotion and a permanent price cut, group discounts, 15 months of orders with seasonality and buying
patterns, payments, returns, invoices, cases with SLA timers, leads, opportunities and tasks.

Everything is priced and totalled by the same code the API uses (pricing engine, order lines, SLA calendar)
and batch-written. Deterministic for a given seed; skipped when the catalog already exists.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from crm.analytics_events import raw_events
from crm.cases.models import Case, OpenCase
from crm.cases.repository import case_ref
from crm.cases.service import _deadlines, _open_case, mark_breaches, next_due, record_event
from crm.cases.service import _index as _index_case
from crm.cases.sla import DEFAULT_CALENDARS, DEFAULT_POLICIES
from crm.cases.teams import team_of
from crm.catalog import schemas as cs
from crm.catalog.models import PriceChange, PriceList, Product
from crm.catalog.price_lists import history_item, new_price_list
from crm.catalog.price_rules import new_rule
from crm.catalog.pricing import Break, ListPriceIn, RuleIn, price_for
from crm.catalog.products import new_product
from crm.customers.models import Customer
from crm.customers.public import CustomerRef
from crm.customers.repository import customer_pk
from crm.customers.timeline import new_entry
from crm.db import CrmItem
from crm.money import round_amount
from crm.orders.amounts import make_line
from crm.orders.models import CustomerStats, Invoice, InvoiceCounter, Money, RevenueMonth, StatusChange
from crm.orders.placement import new_order
from crm.orders.repository import index_order as _index_order
from crm.sales import schemas as ss
from crm.sales.leads import new_lead
from crm.sales.opportunities import _status, new_opportunity
from crm.sales.repository import index_opportunity
from crm.tasks.models import Task
from crm.tasks.repository import index_task
from infra.seed import _phone
from infra.seed_service import demo_answers, demo_contacts, first_seen

ACTOR = "seed@crm.local"
# sku, name, category, unit, tax rate, EUR price 2025, kind
PRODUCTS = [
    ("MX-100", "Compact press MX-100", "machines", "piece", "0.19", "4200", "product"),
    ("MX-200", "Industrial press MX-200", "machines", "piece", "0.19", "9800", "product"),
    ("SP-010", "Hydraulic seal kit", "spare-parts", "piece", "0.19", "45", "product"),
    ("SP-020", "Pressure valve", "spare-parts", "piece", "0.19", "120", "product"),
    ("SP-030", "Control board", "spare-parts", "piece", "0.19", "380", "product"),
    ("CN-001", "Lubricant 5 L", "consumables", "package", "0.19", "32", "product"),
    ("CN-002", "Filter cartridge", "consumables", "piece", "0.19", "18", "product"),
    ("CN-003", "Cleaning agent 10 L", "consumables", "package", "0.19", "26", "product"),
    ("CN-004", "Safety gloves (box of 100)", "consumables", "package", "0.19", "14", "product"),
    ("BK-001", "Operator handbook", "consumables", "piece", "0.07", "39", "product"),
    ("SV-INST", "Installation", "services", "hour", "0.19", "95", "service"),
    ("SV-MAINT", "Maintenance contract", "services", "month", "0.19", "149", "service"),
    ("SV-TRAIN", "Operator training", "services", "day", "0.19", "890", "service"),
    ("SW-MON", "Monitoring licence", "software", "year", "0.19", "1200", "service"),
    ("SW-APP", "Mobile app licence", "software", "year", "0.19", "240", "service"),
]
# standard cost as a share of the 2025 list price: thin on machines, fat on software
COST_SHARE = {
    "machines": Decimal("0.68"),
    "spare-parts": Decimal("0.45"),
    "consumables": Decimal("0.55"),
    "services": Decimal("0.40"),
    "software": Decimal("0.12"),
}
FX = {"EUR": Decimal(1), "USD": Decimal("1.08"), "GBP": Decimal("0.86")}
CURRENCY_OF = {"GB": "GBP", "US": "USD"}
PROMO_SKUS = ("CN-001", "CN-002", "CN-003", "CN-004")
SEASON = {1: 0.8, 2: 0.9, 3: 1.0, 4: 1.0, 5: 1.0, 6: 0.9, 7: 0.7, 8: 0.6, 9: 1.1, 10: 1.2, 11: 1.5, 12: 1.7}
PARTNER_IDS = ["P-DEMO-1", "P-DEMO-2", "P-AGENT-3", "P-REF-4"]
SOURCED: dict[str, tuple[str, str]] = {}  # customer id -> (partner id, name) of customers partners brought in
REPS = ["sales@crm.local", "anna.weber@crm.local", "li.chen@crm.local", "tom.hughes@crm.local"]


@dataclass
class SeedCustomer:
    customer_id: str
    name: str
    kind: str
    country: str
    owner: str | None
    tags: frozenset[str]


def _at(day: date, rng: random.Random) -> str:
    t = datetime.combine(day, time(rng.randint(7, 18), rng.randint(0, 59), rng.randint(0, 59)), UTC)
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _catalog(today: date) -> tuple[list[CrmItem], dict[str, Product], dict[str, list[ListPriceIn]], list[RuleIn]]:
    items: list[CrmItem] = []
    products: dict[str, Product] = {}
    for sku, name, cat, unit, tax, price, kind in PRODUCTS:
        cost = (Decimal(price) * COST_SHARE[cat]).quantize(Decimal("0.01"))
        p = new_product(
            cs.ProductIn(
                sku=sku,
                name=name,
                category=cat,
                unit=unit,
                tax_rate=tax,
                kind=kind,
                unit_cost=cost,
                attributes={"line": "eco" if sku.startswith("CN") else "pro"},
            ),
            at="2025-01-01T00:00:00.000Z",
        )
        p.version = 1
        products[sku] = p
        items.append(p)
    base = {sku: Decimal(price) for sku, *_, price, _ in [(r[0], r[5], r[6]) for r in PRODUCTS]}
    lists: dict[str, list[ListPriceIn]] = defaultdict(list)
    y1, y2 = today.year - 1, today.year
    plans = [
        (f"{{cur}} list {y1}", date(y1, 1, 1), date(y1, 12, 31), lambda sku: base[sku], list(base)),
        (
            f"{{cur}} list {y2}",
            date(y2, 1, 1),
            None,  # +4 % on everything but software
            lambda sku: base[sku] * (Decimal(1) if sku.startswith("SW") else Decimal("1.04")),
            list(base),
        ),
        (
            f"{{cur}} summer promotion {y2}",
            date(y2, 6, 1),
            date(y2, 8, 31),
            lambda sku: base[sku] * Decimal("1.04") * Decimal("0.85"),
            list(PROMO_SKUS),
        ),
    ]
    for cur, fx in FX.items():
        for name, start, end, price, skus in plans:
            body = cs.PriceListIn(
                name=name.format(cur=cur),
                currency=cur,
                valid_from=start,
                valid_to=end,
                prices=[cs.PriceIn(sku=s, unit_price=round_amount(price(s) * fx, cur)) for s in skus],
            )
            at = f"{start.isoformat()}T00:00:00.000Z"
            pl, list_items = new_price_list(body, ACTOR, at=at)
            pl.version = 1
            items += [pl, *list_items]
            for i in list_items:
                if hasattr(i, "unit_price"):
                    lists[i.sku].append(ListPriceIn(pl.list_id, i.unit_price, cur, start, end))
    rules: list[RuleIn] = []
    for sku in PROMO_SKUS:
        rule, change = new_rule(
            cs.PriceRuleIn(
                sku=sku,
                name="Wholesale volume discount",
                group="wholesale",
                kind="percent",
                valid_from=date(y1, 1, 1),
                breaks=[cs.BreakIn(min_quantity=10, value=5), cs.BreakIn(min_quantity=50, value=10)],
            ),
            ACTOR,
            at=f"{y1}-01-01T00:00:00.000Z",
        )
        rule.version = 1
        items += [rule, change]
        rules.append(
            RuleIn(
                rule.rule_id,
                "percent",
                (Break(Decimal(10), Decimal(5)), Break(Decimal(50), Decimal(10))),
                date(y1, 1, 1),
                None,
                None,
                None,
                "wholesale",
            )
        )
    return items, products, lists, rules


def _basket(rng: random.Random, c: SeedCustomer) -> list[tuple[str, Decimal]]:
    """Buying patterns an analysis can find: machines come with installation/training/monitoring, lubricant
    with filters, seal kits with valves."""
    mission = rng.random()
    lines: dict[str, Decimal] = {}
    if mission < 0.08 and c.kind == "company":
        lines[rng.choice(["MX-100", "MX-100", "MX-200"])] = Decimal(1)
        if rng.random() < 0.7:
            lines["SV-INST"] = Decimal(rng.randint(4, 12))
        if rng.random() < 0.4:
            lines["SV-TRAIN"] = Decimal(rng.randint(1, 2))
        if rng.random() < 0.3:
            lines["SW-MON"] = Decimal(1)
        if rng.random() < 0.5:
            lines["BK-001"] = Decimal(rng.randint(1, 3))
    elif mission < 0.6:
        lines["CN-001"] = Decimal(rng.randint(2, 30))
        if rng.random() < 0.6:
            lines["CN-002"] = Decimal(rng.randint(4, 40))
        if rng.random() < 0.3:
            lines["CN-003"] = Decimal(rng.randint(1, 20))
        if rng.random() < 0.25:
            lines["CN-004"] = Decimal(rng.randint(1, 10))
    elif mission < 0.85:
        lines["SP-010"] = Decimal(rng.randint(1, 8))
        if rng.random() < 0.35:
            lines["SP-020"] = Decimal(rng.randint(1, 4))
        if rng.random() < 0.1:
            lines["SP-030"] = Decimal(1)
    else:
        lines[rng.choice(["SV-MAINT", "SW-APP", "SW-MON", "SV-INST"])] = Decimal(rng.randint(1, 6))
    return list(lines.items())


CAMPAIGN = "spring-offer"  # a past newsletter with a 20 % holdout: what the campaign-effect job measures
CAMPAIGN_DAYS_AGO = 75


def _campaign_audience(customers: list[SeedCustomer]) -> dict[str, bool]:
    """customer id -> holdout? for the seeded campaign (seven in ten customers were in its audience)."""
    crng = random.Random(77)
    return {c.customer_id: crng.random() < 0.2 for c in customers if crng.random() < 0.7}


def _campaign_orders(
    customers: list[SeedCustomer],
    products: dict[str, Product],
    lists: dict[str, list[ListPriceIn]],
    rules: list[RuleIn],
    today: date,
) -> list[tuple[Any, date]]:
    """Mailed customers bought a little more in the three weeks after the mail (the holdout did not get it);
    drawn from their own generator, so the rest of the history stays as it was."""
    crng = random.Random(78)
    sent = today - timedelta(days=CAMPAIGN_DAYS_AGO)
    audience = _campaign_audience(customers)
    out = []
    for c in customers:
        if audience.get(c.customer_id) is not False or crng.random() >= 0.15:
            continue
        day = sent + timedelta(days=crng.randint(1, 21))
        currency = CURRENCY_OF.get(c.country, "EUR")
        lines = []
        for n, (sku, qty) in enumerate(_basket(crng, c), start=1):
            r = price_for(
                customer_id=c.customer_id,
                customer_groups=c.tags,
                quantity=qty,
                day=day,
                currency=currency,
                list_prices=lists[sku],
                rules=rules,
            )
            if r.unit_price is not None:
                lines.append(
                    make_line(
                        n,
                        products[sku],
                        qty,
                        currency,
                        r.unit_price,
                        r.list_price,
                        r.rule["rule_id"] if r.rule else None,
                        r.explanation,
                    )
                )
        if lines:
            ref = CustomerRef(c.customer_id, c.name, c.tags, c.owner, c.country)
            o = new_order(
                ref,
                currency,
                lines,
                c.owner or ACTOR,
                at=_at(day, crng),
                campaign_id=CAMPAIGN,
                order_id=uuid.UUID(int=crng.getrandbits(128)).hex[:12],
            )
            if c.customer_id in SOURCED:
                o.partner_id, o.partner_role = SOURCED[c.customer_id][0], "sourced"
            out.append((o, day))
    return out


def _campaign_history(customers: list[SeedCustomer], today: date) -> tuple[list[CrmItem], list[dict[str, Any]]]:
    """The campaign, its send records (sent / holdout), opens and clicks, and their raw-zone events."""
    from crm.messaging.models import Campaign, SendRecord, TrackEvent

    trng = random.Random(79)
    sent = datetime.combine(today - timedelta(days=CAMPAIGN_DAYS_AGO), time(9, 0), UTC)
    iso = sent.isoformat(timespec="seconds").replace("+00:00", "Z")
    items: list[CrmItem] = [
        Campaign(
            pk=f"CAMPAIGN#{CAMPAIGN}",
            sk="META",
            gsi1pk="CAMPAIGNS",
            gsi1sk=f"{iso}#{CAMPAIGN}",
            campaign_id=CAMPAIGN,
            name="Spring offer",
            template="newsletter",
            holdout_pct=20,
            conversion_days=30,
            status="sent",
            created_at=iso,
            launched_at=iso,
        )
    ]
    events: list[dict[str, Any]] = []
    for cid, holdout in sorted(_campaign_audience(customers).items()):
        send_id = f"{CAMPAIGN}:{uuid.UUID(int=trng.getrandbits(128)).hex[:16]}"
        rec = SendRecord(
            pk=f"SEND#{send_id}",
            sk="SEND",
            gsi1pk=f"CAMPAIGNSENDS#{CAMPAIGN}",
            gsi1sk=send_id,
            send_id=send_id,
            channel="email",
            customer_id=cid,
            campaign_id=CAMPAIGN,
            template="newsletter",
            status="holdout" if holdout else "sent",
            sent_at=None if holdout else iso,
            holdout=holdout,
        )
        items.append(rec)
        events += raw_events(None, {**rec.attribute_values, "type": "send_record", "sent_at": iso})
        if holdout:
            continue
        for kind, p, minutes in (("open", 0.35, 90), ("click", 0.08, 100)):
            if trng.random() < p:
                at = (
                    (sent + timedelta(minutes=minutes + trng.randint(0, 3000)))
                    .isoformat(timespec="seconds")
                    .replace("+00:00", "Z")
                )
                t = TrackEvent(
                    pk=f"CAMPAIGN#{CAMPAIGN}",
                    sk=f"TRACK#{send_id}#{at}#{kind[0]}",
                    campaign_id=CAMPAIGN,
                    send_id=send_id,
                    customer_id=cid,
                    kind=kind,
                    at=at,
                    method="GET",
                )
                items.append(t)
                events += raw_events(None, {**t.attribute_values, "type": "track_event", "pk": t.pk, "sk": t.sk})
    return items, events


def _orders(
    rng: random.Random,
    customers: list[SeedCustomer],
    products: dict[str, Product],
    lists: dict[str, list[ListPriceIn]],
    rules: list[RuleIn],
    today: date,
) -> list[CrmItem]:
    start = today - timedelta(days=456)
    items: list[CrmItem] = []
    placed: list[Any] = []
    prng = random.Random(99)  # partner attribution draws apart, so the order history stays as it was
    sourced = {c.customer_id: prng.choice(PARTNER_IDS) for c in customers if prng.random() < 0.12}
    SOURCED.clear()
    SOURCED.update({c.customer_id: (sourced[c.customer_id], c.name) for c in customers if c.customer_id in sourced})
    stats: dict[tuple[str, str], dict[str, Any]] = {}
    for c in customers:
        currency = CURRENCY_OF.get(c.country, "EUR")
        profile = rng.random()
        mean_gap = 30 if profile < 0.2 else 75 if profile < 0.55 else 200 if profile < 0.85 else 60
        stop = today if profile < 0.85 else start + timedelta(days=180)  # the last 15 % lapsed after six months
        day = start + timedelta(days=rng.randint(0, 90))
        while day <= stop:
            if rng.random() < SEASON[day.month] / 1.7 + 0.15:
                promo = date(today.year, 6, 1) <= day <= date(today.year, 8, 31)
                lines = []
                for n, (sku, qty) in enumerate(_basket(rng, c), start=1):
                    if promo and sku in PROMO_SKUS:
                        qty = (qty * Decimal("1.5")).to_integral_value()  # customers stock up when prices drop
                    p = products[sku]
                    r = price_for(
                        customer_id=c.customer_id,
                        customer_groups=c.tags,
                        quantity=qty,
                        day=day,
                        currency=currency,
                        list_prices=lists[sku],
                        rules=rules,
                    )
                    if r.unit_price is None:
                        continue
                    lines.append(
                        make_line(
                            n,
                            p,
                            qty,
                            currency,
                            r.unit_price,
                            r.list_price,
                            r.rule["rule_id"] if r.rule else None,
                            r.explanation,
                        )
                    )
                if lines:
                    at = _at(day, rng)
                    ref = CustomerRef(c.customer_id, c.name, c.tags, c.owner, c.country)
                    o = new_order(
                        ref,
                        currency,
                        lines,
                        c.owner or ACTOR,
                        at=at,
                        order_id=uuid.UUID(int=rng.getrandbits(128)).hex[:12],
                        campaign_id="summer-promo" if promo and rng.random() < 0.4 else None,
                    )
                    if c.customer_id in sourced:
                        o.partner_id, o.partner_role = sourced[c.customer_id], "sourced"
                    elif prng.random() < 0.05:
                        o.partner_id, o.partner_role = prng.choice(PARTNER_IDS), "influenced"
                    placed.append((o, day))
            day += timedelta(days=max(3, int(rng.expovariate(1 / mean_gap))))
    placed += _campaign_orders(customers, products, lists, rules, today)
    placed.sort(key=lambda x: x[0].created_at)
    counters: dict[str, int] = defaultdict(int)
    months: dict[tuple[str, str], list[Any]] = defaultdict(lambda: [Decimal(0), 0])
    for o, day in placed:
        at = o.created_at
        age = (today - day).days
        year = at[:4]
        counters[year] += 1
        number = f"{year}-{counters[year]:06d}"
        o.status, o.placed_at, o.invoice_number, o.invoice_date, o.order_date = "placed", at, number, at[:10], at[:10]
        o.history = [
            StatusChange(status="draft", at=at, actor=o.created_by),
            StatusChange(status="placed", at=at, actor=o.created_by),
        ]
        key = (o.customer_id, o.currency)
        s = stats.setdefault(
            key, {"orders": 0, "cancelled": 0, "returns": 0, "revenue": Decimal(0), "first": at, "last": at}
        )
        s["orders"] += 1
        s["revenue"] += o.grand_total
        s["last"] = at
        m = months[(at[:7], o.currency)]
        m[0] += o.grand_total
        m[1] += 1
        roll = rng.random()
        steps = ["paid", "shipped", "delivered"][: 0 if age < 2 else 1 if age < 5 else 2 if age < 12 else 3]
        if roll < 0.02 and age > 3:
            steps = ["cancelled"]
        elif roll < 0.05 and age > 20:
            steps = ["paid", "shipped", "delivered", "returned"]
        t = datetime.fromisoformat(at.replace("Z", "+00:00"))
        for step in steps:
            t += timedelta(days=rng.randint(1, 4), hours=rng.randint(0, 8))
            iso = t.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            if step == "paid":
                o.paid_total = o.grand_total
                o.transactions = [
                    Money(
                        txn_id=uuid.UUID(int=rng.getrandbits(128)).hex[:12],
                        kind="payment",
                        amount=o.grand_total,
                        currency=o.currency,
                        method=rng.choice(["transfer", "card", "direct_debit"]),
                        at=iso,
                        actor=o.created_by,
                    )
                ]
            if step == "returned":
                o.return_reason = rng.choice(["damaged in transit", "wrong item", "no longer needed"])
                o.refunded_total = o.grand_total
                o.transactions = [
                    *o.transactions,
                    Money(
                        txn_id=uuid.UUID(int=rng.getrandbits(128)).hex[:12],
                        kind="refund",
                        amount=o.grand_total,
                        currency=o.currency,
                        method="transfer",
                        at=iso,
                        actor=o.created_by,
                    ),
                ]
            if step in ("cancelled", "returned"):
                s["cancelled" if step == "cancelled" else "returns"] += 1
                s["revenue"] -= o.grand_total
                m[0] -= o.grand_total
                m[1] -= 1
            o.status, o.updated_at = step, iso
            o.history = [*o.history, StatusChange(status=step, at=iso, actor=o.created_by)]
        o.version = 1 + len(steps)
        _index_order(o)
        items.append(o)
        items.append(
            Invoice(
                pk=f"INVOICE#{number}",
                sk="INVOICE",
                invoice_number=number,
                order_id=o.order_id,
                customer_id=o.customer_id,
                currency=o.currency,
                net_total=o.net_total,
                tax_total=o.tax_total,
                grand_total=o.grand_total,
                issued_at=at,
            )
        )
        items.append(
            new_entry(
                o.customer_id,
                "order",
                f"Order {o.order_id} placed: {o.grand_total} {o.currency}, invoice {number}",
                actor=o.created_by,
                occurred_at=at,
                ref={"order_id": o.order_id, "invoice_number": number},
            )
        )
    for year, last in counters.items():
        items.append(InvoiceCounter(pk="INVOICESEQ", sk=year, year=year, last=last))
    for (month, cur), (revenue, count) in months.items():
        items.append(
            RevenueMonth(pk=f"REVENUE#{month}", sk=cur, month=month, currency=cur, revenue=revenue, orders=count)
        )
    for (cid, cur), s in stats.items():
        items.append(
            CustomerStats(
                pk=customer_pk(cid),
                sk=f"STATS#{cur}",
                customer_id=cid,
                currency=cur,
                orders_count=s["orders"],
                cancelled_count=s["cancelled"],
                returns_count=s["returns"],
                revenue=s["revenue"],
                first_order_at=s["first"],
                last_order_at=s["last"],
            )
        )
    return items


def _cases(rng: random.Random, customers: list[SeedCustomer], now: datetime) -> list[CrmItem]:
    items: list[CrmItem] = []
    cards: dict[str, OpenCase] = {}
    subjects = [
        ("complaint", "Late delivery"),
        ("question", "How do I reorder filters?"),
        ("return", "Wrong valve delivered"),
        ("incident", "Press stops with error E42"),
        ("question", "Invoice address change"),
        ("complaint", "Damaged packaging"),
    ]
    for c in customers:
        if rng.random() > 0.3:
            continue
        for _ in range(rng.randint(1, 2)):
            category, subject = rng.choice(subjects)
            priority = rng.choice(["low", "normal", "normal", "high", "urgent"])
            opened = now - timedelta(days=rng.uniform(0.05, 60))
            at = opened.isoformat(timespec="milliseconds").replace("+00:00", "Z")
            case_id = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
            k = Case(
                pk=f"CASE#{case_id}",
                sk="CASE",
                case_id=case_id,
                customer_id=c.customer_id,
                subject=subject,
                channel=rng.choice(["web", "phone", "email", "chat"]),
                category=category,
                priority=priority,
                status="new",
                owner=rng.choice(["agent@crm.local", "sales@crm.local"]),
                team=team_of(None, category, None),
                created_at=at,
                created_by="agent@crm.local",
                updated_at=at,
                history=[],
            )
            policy = DEFAULT_POLICIES[priority]
            _deadlines(k, policy, DEFAULT_CALENDARS[policy.calendar_id])
            record_event(k, at, "agent@crm.local", "opened", new="new")
            age_days = (now - opened).days
            if age_days > 3 or rng.random() < 0.5:  # answered after a while
                reply = opened + timedelta(minutes=rng.randint(10, 600))
                mark_breaches(k, reply)
                k.first_responded_at = reply.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                k.status = "open"
            if age_days > 7:
                done = opened + timedelta(days=rng.uniform(0.5, 6))
                if rng.random() < 0.25:  # waited on the customer before it was settled
                    asked = (opened + (done - opened) / 2).isoformat(timespec="milliseconds").replace("+00:00", "Z")
                    record_event(k, asked, "agent@crm.local", "status", "open", "pending")
                    record_event(k, asked, "customer", "status", "pending", "open")
                mark_breaches(k, done)
                k.resolved_at = done.isoformat(timespec="milliseconds").replace("+00:00", "Z")
                k.status = "closed" if age_days > 14 else "resolved"
            else:
                mark_breaches(k, now)
            if k.first_response_breached or k.resolution_breached:
                k.escalation_level = 2
            k.version = 1
            assert next_due(k) is None or k.status in ("new", "open")
            _index_case(k)
            items += [k, case_ref(k)]
            if k.status not in ("resolved", "closed"):  # the phone channel's pointer to the running case
                cards[c.customer_id] = _open_case(k)
            items.append(
                new_entry(
                    c.customer_id,
                    "case",
                    f"Case opened: {subject} ({priority})",
                    occurred_at=at,
                    ref={"case_id": case_id},
                    actor="agent@crm.local",
                )
            )
    return items + list(cards.values())


def _pipeline(rng: random.Random, customers: list[SeedCustomer], today: date) -> list[CrmItem]:
    items: list[CrmItem] = []
    companies = [c for c in customers if c.kind == "company"] or customers
    for _ in range(max(10, len(customers) // 4)):
        c = rng.choice(companies)
        currency = CURRENCY_OF.get(c.country, "EUR")
        stage = rng.choice(
            ["prospecting", "qualification", "proposal", "proposal", "negotiation", "closed_won", "closed_lost"]
        )
        close = today + timedelta(days=rng.randint(-120, 180))
        if stage.startswith("closed"):
            close = today - timedelta(days=rng.randint(1, 120))
        elif close < today:
            close = today + timedelta(days=rng.randint(5, 60))
        o = new_opportunity(
            name=f"{c.name.split()[0]} {rng.choice(['press upgrade', 'service renewal', 'fleet'])}",
            customer_id=c.customer_id,
            owner=c.owner or rng.choice(REPS),
            amount=Decimal(rng.randrange(2000, 60000, 500)),
            currency=currency,
            expected_close=close,
            stage=stage,
            probability=None,
            actor=ACTOR,
            at=_at(close - timedelta(days=60), rng),
        )
        o.opportunity_id = o.pk.removeprefix("OPP#")
        if stage.startswith("closed"):
            o.status, o.closed_at = _status(stage), _at(close, rng)
            o.close_reason = rng.choice(["price", "fit", "relationship", "timing", "competitor"])
        o.version = 1
        index_opportunity(o)
        items.append(o)
    for n in range(max(8, len(customers) // 5)):
        data = ss.LeadIn(
            company=f"Prospect {n + 1} {rng.choice(['Logistics', 'Foods', 'Software', 'Energy'])}",
            last_name=rng.choice(["Keller", "Dupont", "Clarke", "Rossi", "Nowak"]),
            email=f"buyer{n + 1}@prospect{n + 1}.example" if rng.random() < 0.8 else None,
            phone=_phone(rng, "DE") if rng.random() < 0.3 else None,
            source=rng.choice(["web", "event", "referral", "partner", "campaign", "cold_call"]),
            employees=rng.choice([None, 8, 40, 120, 400, 2500]),
            budget=rng.choice([None, Decimal(5000), Decimal(20000), Decimal(80000)]),
            currency="EUR",
            timeframe=rng.choice(["0-3m", "3-6m", "6-12m", "unknown"]),
            industry=rng.choice(["logistics", "food", "software", "energy"]),
            owner=rng.choice(REPS),
        )
        lead = new_lead(data, ACTOR, at=_at(today - timedelta(days=rng.randint(0, 90)), rng))
        lead.version = 1
        items.append(lead)
    return items


def _tasks(rng: random.Random, customers: list[SeedCustomer], now: datetime) -> list[CrmItem]:
    items: list[CrmItem] = []
    for _ in range(max(12, len(customers) // 3)):
        c = rng.choice(customers)
        kind = rng.choice(["call", "call", "task", "meeting", "email"])
        when = now + timedelta(days=rng.uniform(-10, 14))
        when = when.replace(minute=0, second=0, microsecond=0)
        iso = when.isoformat(timespec="seconds").replace("+00:00", "Z")
        assignee = rng.choice(["sales@crm.local", "agent@crm.local", "anna.weber@crm.local", "li.chen@crm.local"])
        tid = uuid.UUID(int=rng.getrandbits(128)).hex[:12]
        timed = kind == "meeting"
        t = Task(
            task_id=tid,
            kind=kind,
            subject=f"{kind.capitalize()} {c.name}",
            assignee=assignee,
            due_at=None if timed else iso,
            start_at=iso if timed else None,
            end_at=(when + timedelta(hours=1)).isoformat(timespec="seconds").replace("+00:00", "Z") if timed else None,
            customer_id=c.customer_id,
            status="open",
            created_at=iso,
            created_by=ACTOR,
            updated_at=iso,
        )
        if when < now:
            t.status, t.done_at, t.outcome = "done", iso, rng.choice(["reached", "left voicemail", "sent offer"])
        elif rng.random() < 0.5:
            t.remind_at = (when - timedelta(minutes=15)).isoformat(timespec="seconds").replace("+00:00", "Z")
        t.version = 1
        index_task(t)
        items.append(t)
    return items


def raw_zone_events(
    orders: list[Any],
    extra: list[dict[str, Any]] = (),  # type: ignore[assignment]
    inserted: list[CrmItem] = (),  # type: ignore[assignment]
) -> list[dict[str, Any]]:
    """The demo history reaches the analytics raw zone too (it was batch-written, not streamed): orders with their
    history, `extra` events as they are, and the events the stream would make of `inserted` items' new images."""
    from boto3.dynamodb.types import TypeDeserializer

    from crm.analytics_events import history_events

    des = TypeDeserializer()
    events = [e for o in orders for e in history_events({k: des.deserialize(v) for k, v in o.serialize().items()})]
    events += list(extra)
    return events + [
        e for i in inserted for e in raw_events(None, {k: des.deserialize(v) for k, v in i.serialize().items()})
    ]


def write_raw_zone(events: list[dict[str, Any]]) -> int:
    """The events as the raw zone holds them after the nightly compaction: earlier days compacted to Parquet
    (rawzone.write_day, what compaction writes), today's as the stream consumer's NDJSON batches; returns how
    many. A year of history written batch by batch would cost every fresh stack and test a 365-day compaction."""
    import os
    from concurrent.futures import ThreadPoolExecutor
    from datetime import UTC, datetime

    import boto3

    from analytics_jobs import rawzone
    from crm.analytics_events import batches

    bucket = os.environ.get("ANALYTICS_BUCKET")
    if not bucket or not events:
        return 0
    s3 = boto3.client("s3")
    today = datetime.now(UTC).date().isoformat()

    def write(key: str, body: bytes) -> None:
        kind, day = key.split("/")[1], rawzone.day_of(key)
        if day < today:
            rawzone.write_day(s3, bucket, kind, day, rawzone.lines_of([body]), merge=False)
        else:
            s3.put_object(Bucket=bucket, Key=key, Body=body)

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda kb: write(*kb), batches(events)))
    return len(events)


def seed_business(
    customers: list[SeedCustomer], seed: int = 2026, raw_zone_later: list[dict[str, Any]] | None = None
) -> dict[str, int]:
    """The demo's business history; its analytics raw zone is written now, or left in `raw_zone_later` for the
    caller to write (the local stack does it in the background, before the analytics jobs)."""
    if not customers:
        return {}
    try:
        Product.get("PRODUCT#MX-100", "PRODUCT")
        return {"skipped": 1}
    except Product.DoesNotExist:
        pass
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    catalog, products, lists, rules = _catalog(today)
    # a permanent price cut on filters from September (kept in the history like any API change)
    cut = date(today.year, 9, 1)
    if cut <= today:
        for cur, fx in FX.items():
            for lp in list(lists["CN-002"]):
                if lp.currency == cur and lp.valid_to is None:
                    new = round_amount(Decimal(15) * fx, cur)
                    lists["CN-002"].append(ListPriceIn(lp.list_id + "-cut", new, cur, cut, None))
                    for item in catalog:  # the stored list price is changed in place, as the API would
                        if getattr(item, "list_id", None) == lp.list_id and getattr(item, "sku", None) == "CN-002":
                            item.unit_price = new
                    catalog.append(
                        history_item(
                            "CN-002",
                            "list",
                            lp.list_id,
                            cur,
                            "changed",
                            lp.unit_price,
                            new,
                            ACTOR,
                            f"{cut.isoformat()}T00:00:00.000Z",
                        )
                    )
    orders = _orders(rng, customers, products, lists, rules, today)
    cases = _cases(rng, customers, now)
    pipeline = _pipeline(rng, customers, today)
    tasks = _tasks(rng, customers, now)
    campaign, campaign_events = _campaign_history(customers, today)
    ids = [c.customer_id for c in customers]
    contacts = demo_contacts(random.Random(seed + 1), ids, now)
    answers = demo_answers(random.Random(seed + 2), [k for k in cases if isinstance(k, Case)], ids, now)
    with CrmItem.batch_write() as batch:
        for item in [*catalog, *orders, *cases, *pipeline, *tasks, *campaign, *contacts, *answers]:
            batch.save(item)
    placed = [o for o in orders if o.__class__.__name__ == "Order"]
    events = raw_zone_events(
        placed,
        [*campaign_events, *first_seen(placed, contacts, ids)],
        [
            *(i for i in catalog if isinstance(i, PriceList | PriceChange)),
            *(k for k in cases if isinstance(k, Case)),
            *contacts,
            *answers,
        ],
    )
    if raw_zone_later is None:
        write_raw_zone(events)
    else:
        raw_zone_later.extend(events)
    return {
        "products": len(products),
        "orders": sum(1 for i in orders if i.__class__.__name__ == "Order"),
        "cases": sum(isinstance(i, Case) for i in cases),
        "opportunities_and_leads": len(pipeline),
        "tasks": len(tasks),
    }


def from_customers(items: list[Customer]) -> list[SeedCustomer]:
    return [
        SeedCustomer(
            c.customer_id,
            c.name,
            c.kind,
            (c.address.country if c.address else None) or "DE",
            c.owner,
            frozenset(t.lower() for t in c.tags or []),
        )
        for c in items
    ]
