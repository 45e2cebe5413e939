"""How suppliers perform and what they put at risk: quarterly scorecards from their own deliveries, the risk
index with its components and the risk register, and the Kraljic portfolio with key-supplier candidates.
Formulas live in analysis.py; this module reads the items they need."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from crm.db import CrmItem, check_version, new_id, now_iso, today, transaction
from crm.errors import ValidationFailed, VersionConflict
from crm.suppliers import analysis, schemas
from crm.suppliers import repository as repo
from crm.suppliers import responses as out
from crm.suppliers.analysis import DeliveryLine, Scorecard, q2, quarter_of
from crm.suppliers.models import RiskEntry, SuppliedItem, Supplier
from crm.suppliers.settings import BASE_CURRENCY, UNKNOWN_COUNTRY_RISK, country_risks


def delivery_lines(supplier_id: str, since: date | None = None) -> list[DeliveryLine]:
    out_lines = []
    for d in repo.deliveries(supplier_id, since):
        for line in d.lines:
            out_lines.append(
                DeliveryLine(
                    delivered_on=date.fromisoformat(d.delivered_on),
                    expected_on=date.fromisoformat(line.expected_date),
                    ordered_at=date.fromisoformat(d.po_date),
                    quantity_open_before=line.open_before,
                    received=line.received,
                    rejected=line.rejected,
                    agreed_unit_price=line.agreed_unit_price,
                    invoiced_unit_price=line.invoiced_unit_price,
                    spend=(line.received - line.rejected) * line.invoiced_unit_price * d.rate_to_base,
                )
            )
    return out_lines


def _stats(c: Scorecard) -> dict[str, object]:
    return {
        "deliveries": c.deliveries,
        "on_time_pct": c.on_time_pct,
        "in_full_pct": c.in_full_pct,
        "otif_pct": c.otif_pct,
        "defect_ppm": c.defect_ppm,
        "price_variance_pct": c.price_variance_pct,
        "lead_time_mean_days": c.lead_time_mean_days,
        "lead_time_stdev_days": c.lead_time_stdev_days,
        "spend": c.spend,
    }


def history_out(c: Scorecard) -> out.OfferHistory:
    return out.OfferHistory.model_validate({**_stats(c), "uses_priors": c.uses_priors})


def _quarters(n: int, until: date) -> list[str]:
    names, y, q = [], until.year, (until.month - 1) // 3 + 1
    for _ in range(n):
        names.append(f"{y}-Q{q}")
        y, q = (y, q - 1) if q > 1 else (y - 1, 4)
    return list(reversed(names))


def scorecard(supplier_id: str, quarters: int = 4) -> out.Scorecard:
    """Per quarter (oldest first) and for the whole window, computed from deliveries only; one Query."""
    s = repo.load_supplier(supplier_id)
    names = _quarters(quarters, today())
    y, q = int(names[0][:4]), int(names[0][-1])
    lines = delivery_lines(supplier_id, date(y, 3 * q - 2, 1))
    cards = _quarter_cards(lines, names)
    per = [
        out.QuarterStats.model_validate({"quarter": n, **_stats(card), "uses_priors": card.uses_priors})
        for n, card in zip(names, cards, strict=True)
    ]
    return out.Scorecard(
        supplier_id=supplier_id,
        name=s.name,
        currency=BASE_CURRENCY,
        window=out.DeliveryStats.model_validate(_stats(analysis.scorecard(lines))),
        quarters=per,
        otif_trend=_trend(cards),
    )


def _quarter_cards(lines: list[DeliveryLine], names: list[str]) -> list[Scorecard]:
    by_q: dict[str, list[DeliveryLine]] = defaultdict(list)
    for line in lines:
        by_q[quarter_of(line.delivered_on)].append(line)
    return [analysis.scorecard(by_q.get(n, [])) for n in names]


def _trend(cards: list[Scorecard]) -> str:
    """OTIF of the last quarter with deliveries against the one before it."""
    with_data = [c for c in cards if c.deliveries]
    return analysis.trend(with_data[-2].otif_pct, with_data[-1].otif_pct) if len(with_data) >= 2 else "unknown"


@dataclass
class PortfolioContext:
    """What risk needs across suppliers: spend per supplier (this and last year) and country scores."""

    spend: dict[str, Decimal]
    total: Decimal
    country: dict[str, Decimal]

    def share(self, supplier_id: str) -> Decimal:
        return self.spend.get(supplier_id, Decimal(0)) / self.total if self.total else Decimal(0)


def portfolio_context() -> PortfolioContext:
    year = today().year
    spend: dict[str, Decimal] = defaultdict(Decimal)
    for y in (year - 1, year):
        for row in repo.spend_of_year(y):
            spend[row.supplier_id] += row.spend
    return PortfolioContext(spend, sum(spend.values(), Decimal(0)), country_risks())


@dataclass
class SupplierFacts:
    """What risk, scorecards and the portfolio read of one supplier: a Query each for its items, deliveries and
    risks (the supplier item itself comes from the caller's list or BatchGet)."""

    supplier: Supplier
    items: list[SuppliedItem]
    lines: list[DeliveryLine]
    risks: list[RiskEntry]


def facts_of(s: Supplier, since: date | None = None) -> SupplierFacts:
    return SupplierFacts(
        s, repo.supplied_items(s.supplier_id), delivery_lines(s.supplier_id, since), repo.risks(s.supplier_id)
    )


def sole_source_skus(f: SupplierFacts, sources: dict[str, set[str]] | None = None) -> list[str]:
    """Items only this supplier supplies; from `sources` (sku -> suppliers) when the caller has read every
    supplier's items anyway, else one index Query per item."""
    me = f.supplier.supplier_id
    if sources is not None:
        return [i.sku for i in f.items if sources.get(i.sku) == {me}]
    return [i.sku for i in f.items if repo.suppliers_of_item(i.sku) == [me]]


def supplier_risk(supplier_id: str, context: PortfolioContext | None = None) -> out.SupplierRisk:
    names = _quarters(2, today())
    f = facts_of(repo.load_supplier(supplier_id), date(int(names[0][:4]), 3 * int(names[0][-1]) - 2, 1))
    return risk_of(f, context or portfolio_context(), sole_source_skus(f))


def risk_of(f: SupplierFacts, ctx: PortfolioContext, single: list[str]) -> out.SupplierRisk:
    """The risk index and its parts from what was read; the OTIF trend of the last two quarters."""
    s = f.supplier
    share = ctx.share(s.supplier_id)
    trend = _trend(_quarter_cards(f.lines, _quarters(2, today())))
    open_risks = [r for r in f.risks if r.status == "open"]
    country = ctx.country.get(s.country, UNKNOWN_COUNTRY_RISK)
    index, parts = analysis.risk_index(
        spend_share=share,
        single_source_items=len(single),
        supplied_items=len(f.items),
        otif_trend=trend,
        country_risk=country,
        open_incidents=[(int(r.likelihood), int(r.impact)) for r in open_risks],
    )
    return out.SupplierRisk(
        supplier_id=s.supplier_id,
        name=s.name,
        risk_index=index,
        components=out.RiskComponents.model_validate(parts),
        facts=out.RiskFacts(
            spend_share_pct=q2(share * 100),
            single_source_items=single,
            items_supplied=len(f.items),
            otif_trend=trend,
            country=s.country,
            country_risk=country,
            open_risks=len(open_risks),
        ),
        risk_register=[risk_out(r) for r in f.risks],
    )


def risk_out(r: RiskEntry) -> out.RiskEntryOut:
    return out.RiskEntryOut(
        risk_id=r.risk_id,
        title=r.title,
        category=r.category,
        likelihood=int(r.likelihood),
        impact=int(r.impact),
        severity=int(r.likelihood) * int(r.impact),
        mitigation=r.mitigation,
        owner=r.owner,
        status=r.status,
        created_at=r.created_at,
        updated_at=r.updated_at,
        version=int(r.version),
    )


def add_risk(supplier_id: str, data: schemas.RiskIn) -> out.RiskEntryOut:
    repo.load_supplier(supplier_id)
    at = now_iso()
    r = RiskEntry(
        risk_id=new_id(), supplier_id=supplier_id, status="open", created_at=at, updated_at=at, **data.model_dump()
    )
    repo.risk_keys(r)
    r.save(condition=CrmItem.pk.does_not_exist())
    return risk_out(r)


def update_risk(supplier_id: str, risk_id: str, patch: schemas.RiskPatch, expected: int | None) -> out.RiskEntryOut:
    r = repo.load_risk(supplier_id, risk_id)
    check_version(r.version, expected, "risk")
    for name in patch.model_fields_set - {"version"}:
        value = getattr(patch, name)
        if value is None and name != "mitigation":
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        setattr(r, name, value)
    if r.status == "mitigated" and not r.mitigation:
        raise ValidationFailed("say how the risk was mitigated", {"mitigation": "required when mitigated"})
    r.updated_at = now_iso()
    with transaction(lambda: VersionConflict("the risk was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(r)
    return risk_out(r)


def _spend_growth(lines: list[DeliveryLine]) -> Decimal | None:
    """Last half year's spend against the half year before (None without spend before)."""
    half = today() - timedelta(days=182)
    recent = sum((x.spend for x in lines if x.delivered_on >= half), Decimal(0))
    before = sum((x.spend for x in lines if half - timedelta(days=182) <= x.delivered_on < half), Decimal(0))
    return (recent - before) / before if before else None


def _sources(every: list[Supplier], facts: dict[str, SupplierFacts]) -> dict[str, set[str]]:
    """sku -> the suppliers that supply it, from the items already read (blocked suppliers' items read here)."""
    sources: dict[str, set[str]] = defaultdict(set)
    for s in every:
        items = facts[s.supplier_id].items if s.supplier_id in facts else repo.supplied_items(s.supplier_id)
        for i in items:
            sources[i.sku].add(s.supplier_id)
    return sources


def portfolio(q: schemas.PortfolioQuery) -> out.Portfolio:
    """Every active supplier on the Kraljic matrix (spend share x risk index) and the key-supplier candidates.
    Reads: the supplier list, the two spend partitions, then per supplier a Query each for its items, its
    deliveries since January last year and its risks (3 + 3 per supplier)."""
    ctx = portfolio_context()
    rows: list[out.PortfolioSupplier] = []
    candidates: list[out.KeySupplierCandidate] = []
    every = repo.all_suppliers()
    since = date(today().year - 1, 1, 1)
    facts = {s.supplier_id: facts_of(s, since) for s in every if s.status != "blocked"}
    sources = _sources(every, facts)
    single = {sid: sole_source_skus(f, sources) for sid, f in facts.items()}
    single_cats = {(i.sku, i.category, sid) for sid, f in facts.items() for i in f.items if i.sku in single[sid]}
    for sid, f in facts.items():
        s = f.supplier
        risk = risk_of(f, ctx, single[sid])
        share = ctx.share(sid)
        quadrant = analysis.kraljic(share, risk.risk_index, q.impact_threshold, q.risk_threshold)
        card = analysis.scorecard(f.lines)
        reasons = analysis.key_potential(
            quadrant=quadrant,
            card=card,
            spend_growth=_spend_growth(f.lines),
            iso9001=iso9001(s),
            country_risk=ctx.country.get(s.country, UNKNOWN_COUNTRY_RISK),
            second_source_for=[sku for sku, cat, other in single_cats if other != sid and cat in (s.categories or [])],
        )
        rows.append(
            out.PortfolioSupplier(
                supplier_id=s.supplier_id,
                name=s.name,
                quadrant=quadrant,
                spend_share_pct=q2(share * 100),
                risk_index=risk.risk_index,
                otif_pct=card.otif_pct,
                defect_ppm=card.defect_ppm,
            )
        )
        if reasons:
            candidates.append(
                out.KeySupplierCandidate(supplier_id=s.supplier_id, name=s.name, quadrant=quadrant, reasons=reasons)
            )
    rows.sort(key=lambda r: (r.quadrant, -r.spend_share_pct))
    return out.Portfolio(
        impact_threshold=q.impact_threshold,
        risk_threshold=q.risk_threshold,
        suppliers=rows,
        potential_key_suppliers=candidates,
    )


def iso9001(s: Supplier) -> bool:
    """A valid ISO 9001 certificate today (the quality score's bonus and a key-supplier reason)."""
    on = today()
    return any(
        "9001" in c.name and (c.valid_until is None or date.fromisoformat(c.valid_until) >= on)
        for c in s.certifications or []
    )
