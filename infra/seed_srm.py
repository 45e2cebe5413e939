"""Demo SRM data: six suppliers whose delivery histories differ enough that the RFQ ranking, the scorecards and
the Kraljic portfolio say something — a reliable but dearer German supplier, a cheap and unreliable one, one
improving fast, a single source of control boards, a steady US supplier and a prospect without history — with a
year of purchase orders and deliveries, exchange rates, a risk register and an open RFQ with three offers.
Built with the service's own builders and batch-written; skipped when suppliers exist.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from crm.db import CrmItem
from crm.suppliers import schemas as s
from crm.suppliers.models import FxRate, Offer, OfferLineItem, RiskEntry, SpendTotal, SuppliedItem, Supplier
from crm.suppliers.profiles import new_supplier
from crm.suppliers.purchasing import build_delivery, new_po
from crm.suppliers.repository import CONFIG_PK

ACTOR = "purchasing@crm.local"
FX = {"USD": "0.92", "GBP": "1.16", "CNY": "0.13", "PLN": "0.23"}
# name, country, currency, certifications, categories, on-time probability (first half, second half),
# mean days late, defect rate, price factor, items (sku, base EUR price, lead days)
SUPPLIERS = [
    (
        "Hansa Dichtungstechnik GmbH",
        "DE",
        "EUR",
        ["ISO 9001", "ISO 14001"],
        ["spare-parts", "consumables"],
        (0.95, 0.96),
        2,
        0.002,
        1.06,
        [("SP-010", "21.00", 10), ("SP-020", "58.00", 12)],
    ),
    (
        "Shenzhen Rapid Parts Ltd",
        "CN",
        "USD",
        [],
        ["spare-parts"],
        (0.55, 0.50),
        9,
        0.04,
        0.88,
        [("SP-010", "21.00", 25), ("SP-020", "58.00", 28)],
    ),
    (
        "Polska Filtry Sp. z o.o.",
        "PL",
        "PLN",
        ["ISO 9001"],
        ["consumables", "spare-parts"],
        (0.70, 0.97),
        4,
        0.004,
        0.97,
        [("CN-002", "8.00", 9), ("CN-001", "14.00", 9)],
    ),
    (
        "Elektronik Nord AG",
        "DE",
        "EUR",
        ["ISO 9001"],
        ["electronics"],
        (0.80, 0.72),
        6,
        0.01,
        1.00,
        [("SP-030", "190.00", 30)],
    ),
    (
        "Atlantic Lubricants Inc.",
        "US",
        "USD",
        ["ISO 9001"],
        ["consumables"],
        (0.88, 0.90),
        3,
        0.006,
        1.00,
        [("CN-001", "14.00", 18), ("CN-003", "11.00", 18)],
    ),
    ("Nieuw Verpakking BV", "NL", "EUR", ["ISO 9001"], ["consumables", "packaging"], (1.0, 1.0), 0, 0.0, 1.0, []),
]


def seed_srm(seed: int = 7) -> dict[str, int]:
    if next(iter(Supplier.gsi1.query("SUPPLIERS", limit=1)), None) is not None:
        return {}
    rng = random.Random(seed)
    now = datetime.now(UTC)
    today = now.date()
    rates = {"EUR": Decimal(1), **{k: Decimal(v) for k, v in FX.items()}}
    items: list[CrmItem] = [
        FxRate(pk=CONFIG_PK, sk=f"FX#{c}", currency=c, rate_to_base=Decimal(r), as_of=now.isoformat())
        for c, r in FX.items()
    ]
    ids: list[str] = []
    spend: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    deliveries = 0
    for name, cc, cur, certs, cats, on_time, days_late, defects, factor, supplied in SUPPLIERS:
        sup = new_supplier(
            s.SupplierIn(
                name=name,
                country=cc,
                currency=cur,
                categories=cats,
                payment_terms="net30",
                certifications=[s.CertificationIn(name=c) for c in certs],
                status="prospective" if not supplied else "active",
                contacts=[s.SupplierContactIn(name="Key Account", role="sales")],
            ),
            at=(now - timedelta(days=400)).isoformat(),
        )
        sup.version = 1
        items.append(sup)
        ids.append(sup.supplier_id)
        prices = {}
        for sku, base, lead in supplied:
            price = (Decimal(base) * Decimal(str(factor)) / rates[cur]).quantize(Decimal("0.01"))
            prices[sku] = (price, lead)
            items.append(
                SuppliedItem(
                    pk=sup.pk,
                    sk=f"ITEM#{sku}",
                    gsi1pk=f"SUPITEM#{sku}",
                    gsi1sk=sup.supplier_id,
                    supplier_id=sup.supplier_id,
                    sku=sku,
                    category=cats[0],
                    unit_price=price,
                    currency=cur,
                    lead_time_days=lead,
                    min_quantity=Decimal(1),
                    updated_at=now.isoformat(),
                )
            )
        if not supplied:
            continue
        for month in range(12, 0, -1):  # a PO every month for the last year, delivered in one or two parts
            ordered = today - timedelta(days=30 * month + rng.randint(0, 5))
            sku = rng.choice(list(prices))
            price, lead = prices[sku]
            qty = Decimal(rng.choice([100, 200, 300, 400]) * (2 if month <= 6 and name.startswith("Polska") else 1))
            expected = ordered + timedelta(days=lead)
            po = new_po(
                sup.supplier_id,
                cur,
                [(sku, qty, price, expected)],
                ACTOR,
                at=datetime.combine(ordered, datetime.min.time(), UTC).isoformat(),
            )
            p_on_time = on_time[1] if month <= 6 else on_time[0]
            late = 0 if rng.random() < p_on_time else max(1, int(rng.expovariate(1 / max(days_late, 1))))
            delivered = min(today, expected + timedelta(days=late - (rng.randint(0, 2) if not late else 0)))
            parts = [qty] if rng.random() < 0.9 else [qty / 2, qty / 2]
            for n, part in enumerate(parts):
                on = min(today, delivered + timedelta(days=7 * n))
                # defects come in bad batches: a few deliveries carry them, the expected rate stays `defects`
                p_bad = min(0.9, defects * 12)
                bad = p_bad and rng.random() < p_bad
                rejected = Decimal(round(float(part) * defects / p_bad * rng.uniform(0.6, 1.4))) if bad else Decimal(0)
                invoiced = price if rng.random() < 0.85 else (price * Decimal("1.03")).quantize(Decimal("0.01"))
                record, value = build_delivery(
                    po,
                    s.DeliveryIn(
                        delivered_on=on,
                        lines=[
                            s.DeliveryLineIn(
                                line_no=1, received=part, rejected=min(rejected, part), invoiced_unit_price=invoiced
                            )
                        ],
                    ),
                    ACTOR,
                    rates[cur],
                    at=on.isoformat(),
                )
                items.append(record)
                spend[(on.isoformat()[:4], sup.supplier_id)] += value
                deliveries += 1
            po.version = 1
            items.append(po)
    # open purchase orders: two overdue (not delivered yet), one due next week
    for idx, sku, qty, due in ((1, "SP-010", 600, -5), (3, "SP-030", 40, -3), (0, "SP-020", 150, 7)):
        sup_id = ids[idx]
        _, cur = SUPPLIERS[idx][0], SUPPLIERS[idx][2]
        price = (Decimal(dict((x[0], x[1]) for x in SUPPLIERS[idx][9])[sku]) / rates[cur]).quantize(Decimal("0.01"))
        ordered = today + timedelta(days=due - 25)
        po = new_po(
            sup_id,
            cur,
            [(sku, Decimal(qty), price, today + timedelta(days=due))],
            ACTOR,
            at=datetime.combine(ordered, datetime.min.time(), UTC).isoformat(),
        )
        po.version = 1
        items.append(po)
    for (year, sid), value in spend.items():
        items.append(SpendTotal(pk=f"SPEND#{year}", sk=sid, year=year, supplier_id=sid, spend=value))
    items.append(
        RiskEntry(
            pk=f"SUP#{ids[1]}",
            sk="RISK#port",
            risk_id="port",
            supplier_id=ids[1],
            title="Port congestion in Shenzhen",
            category="geopolitical",
            likelihood=4,
            impact=3,
            mitigation=None,
            owner=ACTOR,
            status="open",
            created_at=now.isoformat(),
            updated_at=now.isoformat(),
            version=1,
        )
    )
    items.append(
        RiskEntry(
            pk=f"SUP#{ids[3]}",
            sk="RISK#single",
            risk_id="single",
            supplier_id=ids[3],
            title="Only source of control boards",
            category="delivery",
            likelihood=3,
            impact=5,
            mitigation="Qualify a second source in 2027",
            owner=ACTOR,
            status="open",
            created_at=now.isoformat(),
            updated_at=now.isoformat(),
            version=1,
        )
    )
    from crm.suppliers.models import Rfq, RfqLine

    rfq = Rfq(
        pk="RFQ#demo-seals",
        sk="RFQ",
        gsi1pk="RFQS#open",
        gsi1sk=f"{now.isoformat()}#demo-seals",
        rfq_id="demo-seals",
        title="Seal kits and valves for 2027",
        currency="EUR",
        lines=[RfqLine(sku="SP-010", quantity=Decimal(2000)), RfqLine(sku="SP-020", quantity=Decimal(400))],
        invited=[ids[0], ids[1], ids[2]],
        weights={"tco": "0.5", "lead_time": "0.15", "risk": "0.2", "quality": "0.15"},
        lateness_cost_per_day=Decimal("0.005"),
        defect_cost_factor=Decimal(1),
        deadline=(today + timedelta(days=14)).isoformat(),
        status="open",
        created_at=now.isoformat(),
        created_by=ACTOR,
        version=1,
    )
    items.append(rfq)
    offers = [
        (ids[0], "EUR", ("22.10", "60.50"), (10, 12), "0"),
        (ids[1], "USD", ("20.20", "55.00"), (25, 28), "400"),
        (ids[2], "PLN", ("94.00", "262.00"), (14, 16), "120"),
    ]
    for sid, cur, (p1, p2), (l1, l2), freight in offers:
        items.append(
            Offer(
                pk=rfq.pk,
                sk=f"OFFER#{sid}",
                rfq_id=rfq.rfq_id,
                supplier_id=sid,
                currency=cur,
                lines=[
                    OfferLineItem(sku="SP-010", unit_price=Decimal(p1), min_quantity=Decimal(1), lead_time_days=l1),
                    OfferLineItem(sku="SP-020", unit_price=Decimal(p2), min_quantity=Decimal(1), lead_time_days=l2),
                ],
                freight=Decimal(freight),
                duties=Decimal(0),
                valid_until=(today + timedelta(30)).isoformat(),
                submitted_at=now.isoformat(),
                submitted_by=ACTOR,
                version=1,
            )
        )
    with CrmItem.batch_write() as batch:
        for item in items:
            batch.save(item)
    return {"suppliers": len(ids), "deliveries": deliveries, "rfqs": 1}
