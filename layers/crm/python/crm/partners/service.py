"""PRM rules: partners, deal registration with conflict detection, approval with a protection window, conversion
to customer + opportunity with order attribution, contribution and scorecards, tiers, commission statements with
clawbacks, and the partner's own view (every partner function takes the caller's partner id and sees nothing else).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from difflib import SequenceMatcher
from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.catalog.service import _require_products
from crm.contactinfo import company_name_key
from crm.customers import schemas as customer_schemas
from crm.customers.models import ALL_CUSTOMERS, Customer, Identifier, customer_pk
from crm.customers.service import new_customer_items
from crm.db import CrmItem, check_version, decode_cursor, encode_cursor, now_iso, transaction
from crm.errors import Conflict, Forbidden, NotFound, ValidationFailed
from crm.money import ZERO, round_amount
from crm.orders.lifecycle import COUNTED
from crm.orders.models import Order, RevenueMonth
from crm.partners import schemas
from crm.partners.models import (
    Attribution,
    CommissionRule,
    MatchKey,
    Partner,
    PartnerContact,
    PrmSettings,
    Registration,
    TierRule,
)
from crm.partners.models import Conflict as ConflictItem
from crm.sales.models import Opportunity
from crm.sales.service import _new_opportunity, open_opportunities_of, weighted
from crm.timeline import new_entry

NAME_MATCH = 0.85  # difflib ratio of normalized company names from which two names are the same company
ACTIVE_REG = ("submitted", "approved")
DEFAULT_TIERS = [("registered", "0"), ("silver", "20000"), ("gold", "100000"), ("platinum", "250000")]
DEFAULT_COMMISSIONS = [
    ("registered", "*", "0.05"),
    ("silver", "*", "0.07"),
    ("gold", "*", "0.10"),
    ("gold", "services", "0.12"),
    ("platinum", "*", "0.12"),
    ("platinum", "services", "0.15"),
]


def _id() -> str:
    return uuid.uuid4().hex[:12]


def _now() -> datetime:
    return datetime.now(UTC)


# ----------------------------------------------------------------- settings


def load_settings() -> PrmSettings:
    try:
        return PrmSettings.get("PRMCONFIG", "SETTINGS")
    except DoesNotExist:
        return PrmSettings(
            pk="PRMCONFIG",
            sk="SETTINGS",
            protection_days=90,
            updated_at="default",
            tiers=[TierRule(tier=t, min_revenue=Decimal(v)) for t, v in DEFAULT_TIERS],
            commission_rules=[CommissionRule(tier=t, category=c, rate=Decimal(r)) for t, c, r in DEFAULT_COMMISSIONS],
        )


def settings_to_dict(s: PrmSettings) -> dict[str, Any]:
    return {
        "tiers": [t.as_dict() for t in s.tiers],
        "commission_rules": [r.as_dict() for r in s.commission_rules],
        "protection_days": int(s.protection_days),
        "updated_at": s.updated_at,
        "version": int(s.version) if s.version else 0,
        "base_currency": "EUR",
    }


def get_settings() -> dict[str, Any]:
    return settings_to_dict(load_settings())


def put_settings(data: schemas.SettingsIn, expected: int | None) -> dict[str, Any]:
    current = load_settings()
    if current.version is not None:
        check_version(current.version, expected, "PRM settings")
    current.tiers = [TierRule(tier=t.tier, min_revenue=t.min_revenue) for t in data.tiers]
    current.commission_rules = [
        CommissionRule(tier=r.tier, category=r.category, rate=r.rate) for r in data.commission_rules
    ]
    current.protection_days, current.updated_at = data.protection_days, now_iso()
    current.save()
    return settings_to_dict(current)


def tier_for(revenue_eur: Decimal, s: PrmSettings) -> str:
    reached = [t for t in s.tiers if revenue_eur >= t.min_revenue]
    return max(reached, key=lambda t: t.min_revenue).tier


def commission_rate(tier: str, category: str, s: PrmSettings) -> Decimal:
    """The rule for (tier, category), else (tier, *), else 0."""
    exact = [r.rate for r in s.commission_rules if r.tier == tier and r.category == category]
    default = [r.rate for r in s.commission_rules if r.tier == tier and r.category == "*"]
    return (exact or default or [ZERO])[0]


# ----------------------------------------------------------------- partners


def partner_to_dict(p: Partner) -> dict[str, Any]:
    return {
        "partner_id": p.partner_id,
        "name": p.name,
        "kind": p.kind,
        "tier": p.tier,
        "tier_evaluated_at": p.tier_evaluated_at,
        "territory": list(p.territory or []),
        "contacts": [c.as_dict() for c in p.contacts or []],
        "status": p.status,
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": int(p.version),
    }


def new_partner(data: schemas.PartnerIn, at: str | None = None) -> Partner:
    at = at or now_iso()
    pid = data.partner_id or f"P-{_id()[:8].upper()}"
    tier = min(load_settings().tiers, key=lambda t: t.min_revenue).tier
    return Partner(
        pk=f"PARTNER#{pid}",
        sk="PROFILE",
        gsi1pk="PARTNERS",
        gsi1sk=f"{data.name.casefold()}#{pid}",
        partner_id=pid,
        name=data.name,
        kind=data.kind,
        tier=tier,
        territory=data.territory,
        contacts=[PartnerContact(**c.model_dump()) for c in data.contacts],
        status="active",
        created_at=at,
        updated_at=at,
    )


def partner_phones(p: Partner) -> list[CrmItem]:
    """Partner contacts' phones on the same index as customers' phones, so the ACD knows a partner is calling."""
    from crm.routing.models import PartnerPhone

    return [
        PartnerPhone(
            pk=p.pk,
            sk=f"!ID#PHONE#{c.phone}",
            gsi1pk=f"PHONE#{c.phone}",
            gsi1sk=p.pk,
            partner_id=p.partner_id,
            phone=c.phone,
            contact_name=c.name,
        )
        for c in p.contacts or []
        if c.phone
    ]


def create_partner(data: schemas.PartnerIn) -> dict[str, Any]:
    p = new_partner(data)
    with transaction(lambda: Conflict(f"partner {p.partner_id} exists", {"partner_id": "already exists"})) as tx:
        tx.save(p, condition=CrmItem.pk.does_not_exist())
        for item in partner_phones(p):
            tx.save(item)
    return partner_to_dict(p)


def load_partner(partner_id: str) -> Partner:
    try:
        return Partner.get(f"PARTNER#{partner_id}", "PROFILE")
    except DoesNotExist as exc:
        raise NotFound(f"partner {partner_id} does not exist", {"partner_id": "unknown"}) from exc


def get_partner(partner_id: str) -> dict[str, Any]:
    return partner_to_dict(load_partner(partner_id))


def list_partners(limit: int, cursor: str | None) -> dict[str, Any]:
    start = decode_cursor(cursor, expect={"gsi1pk": "PARTNERS"})
    result = Partner.gsi1.query("PARTNERS", limit=limit, last_evaluated_key=start)
    return {"items": [partner_to_dict(p) for p in result], "next": encode_cursor(result.last_evaluated_key)}


def own_partner(partner_id: str | None) -> Partner:
    """The caller's partner; a user without a partner id (or a suspended partner) sees nothing."""
    if not partner_id:
        raise Forbidden("your account is not linked to a partner", {"partner_id": "missing on the account"})
    p = load_partner(partner_id)
    if p.status != "active":
        raise Forbidden(f"partner {partner_id} is {p.status}", {"partner_id": p.status})
    return p


# ----------------------------------------------------------------- registrations and conflicts


def _keys(company: str, domain: str | None, tax_id: str | None) -> list[tuple[str, str]]:
    keys = [("NAME", company_name_key(company)[:4])] if company_name_key(company) else []
    if domain:
        keys.append(("DOMAIN", domain))
    if tax_id:
        keys.append(("TAXID", tax_id))
    return keys


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, company_name_key(a), company_name_key(b)).ratio()


def detect_conflicts(
    company: str, domain: str | None, tax_id: str | None, exclude_registration: str | None = None
) -> list[dict[str, Any]]:
    """Existing customers matching by tax id, domain or a fuzzy name (with their open opportunities), and other
    active registrations matching the same way. Queries: one per identifier, one name-prefix Query, one per
    match key, one per matched customer (open opportunities), one BatchGet of registrations."""
    found: list[dict[str, Any]] = []
    customers: dict[str, str] = {}
    for kind, value in (("TAXID", tax_id), ("DOMAIN", domain)):
        if value:
            for ident in Identifier.gsi1.query(f"{kind}#{value}"):
                customers.setdefault(ident.customer_id, f"{kind.lower()} {value}")
    prefix = company.casefold()[:3]
    for c in Customer.gsi2.query(ALL_CUSTOMERS, Customer.gsi2sk.startswith(prefix)):
        ratio = _similar(company, c.name)
        if ratio >= NAME_MATCH:
            customers.setdefault(c.customer_id, f"name ~{ratio:.2f} ({c.name})")
    for cid, how in customers.items():
        found.append({"kind": "customer", "ref_id": cid, "matched_on": how})
        for o in open_opportunities_of(cid):
            found.append(
                {
                    "kind": "opportunity",
                    "ref_id": o.opportunity_id,
                    "matched_on": how,
                    "detail": f"{o.name}: {o.stage}, {o.amount} {o.currency}",
                    "partner_id": o.partner_id,
                }
            )
    reg_ids: dict[str, str] = {}
    for kind, value in _keys(company, domain, tax_id):
        for key in MatchKey.gsi3.query(f"REGKEY#{kind}#{value}"):
            if key.registration_id != exclude_registration:
                reg_ids.setdefault(key.registration_id, f"{kind.lower()} {value}")
    if reg_ids:
        for r in Registration.batch_get([(f"DEALREG#{i}", "REG") for i in reg_ids]):
            if r.status not in ACTIVE_REG or (r.status == "approved" and _expired(r)):
                continue
            how = reg_ids[r.registration_id]
            if how.startswith("name"):
                ratio = _similar(company, r.company)
                if ratio < NAME_MATCH:
                    continue
                how = f"name ~{ratio:.2f} ({r.company})"
            found.append(
                {
                    "kind": "registration",
                    "ref_id": r.registration_id,
                    "matched_on": how,
                    "detail": f"{r.status}, close {r.close_date}",
                    "partner_id": r.partner_id,
                }
            )
    return found


def _expired(r: Registration) -> bool:
    return bool(r.protected_until) and r.protected_until < now_iso()


def registration_to_dict(r: Registration, *, for_partner: bool = False) -> dict[str, Any]:
    keys = (
        "registration_id",
        "partner_id",
        "company",
        "domain",
        "tax_id",
        "country",
        "contact_name",
        "contact_email",
        "expected_value",
        "currency",
        "close_date",
        "notes",
        "status",
        "decided_at",
        "decision_note",
        "protected_until",
        "customer_id",
        "opportunity_id",
        "created_at",
        "updated_at",
    )
    out = {k: getattr(r, k) for k in keys} | {"products": list(r.products or []), "version": int(r.version)}
    conflicts = [c.as_dict() for c in r.conflicts or []]
    if for_partner:  # a partner learns that a conflict exists, never whose records it is
        out["conflicts"] = [
            {"kind": _partner_kind(c, r.partner_id), "matched_on": c["matched_on"].split(" ")[0]} for c in conflicts
        ]
        out.pop("decided_by", None)
    else:
        out["conflicts"] = conflicts
        out["decided_by"] = r.decided_by
    return out


def _partner_kind(conflict: dict[str, Any], own: str) -> str:
    if conflict["kind"] != "registration":
        return "existing relationship"
    return "your earlier registration" if conflict.get("partner_id") == own else "another registration"


def _index_reg(r: Registration) -> None:
    r.gsi1pk, r.gsi1sk = f"PARTNERREGS#{r.partner_id}", f"{r.created_at}#{r.registration_id}"
    r.gsi2pk = f"REGS#{r.status}"
    r.gsi2sk = f"{r.protected_until if r.status == 'approved' else r.created_at}#{r.registration_id}"


def new_registration(
    partner_id: str, data: schemas.RegistrationIn, actor: str, at: str | None = None
) -> tuple[Registration, list[MatchKey]]:
    at = at or now_iso()
    rid = _id()
    r = Registration(
        pk=f"DEALREG#{rid}",
        sk="REG",
        registration_id=rid,
        partner_id=partner_id,
        company=data.company,
        domain=data.domain,
        tax_id=data.tax_id,
        country=data.country,
        contact_name=data.contact_name,
        contact_email=data.contact_email,
        expected_value=data.expected_value,
        currency=data.currency,
        products=data.products,
        close_date=data.close_date.isoformat(),
        notes=data.notes,
        status="submitted",
        submitted_by=actor,
        created_at=at,
        updated_at=at,
    )
    _index_reg(r)
    keys = [
        MatchKey(
            pk=r.pk,
            sk=f"!KEY#{k}#{v}",
            gsi3pk=f"REGKEY#{k}#{v}",
            gsi3sk=rid,
            registration_id=rid,
            partner_id=partner_id,
            kind=k,
            value=v,
        )
        for k, v in _keys(data.company, data.domain, data.tax_id)
    ]
    return r, keys


def submit_registration(partner_id: str | None, data: schemas.RegistrationIn, actor: str) -> dict[str, Any]:
    partner = own_partner(partner_id)
    if data.close_date < _now().date():
        raise ValidationFailed("close_date is in the past", {"close_date": "in the past"})
    _require_products(data.products and list(data.products), "products")
    r, keys = new_registration(partner.partner_id, data, actor)
    r.conflicts = [ConflictItem(**c) for c in detect_conflicts(data.company, data.domain, data.tax_id)]
    with transaction("registration id collision, retry") as tx:
        tx.save(r, condition=CrmItem.pk.does_not_exist())
        for k in keys:
            tx.save(k)
    return registration_to_dict(r, for_partner=True)


def _load_reg(registration_id: str) -> Registration:
    try:
        return Registration.get(f"DEALREG#{registration_id}", "REG")
    except DoesNotExist as exc:
        raise NotFound(f"registration {registration_id} does not exist", {"registration_id": "unknown"}) from exc


def get_registration(registration_id: str, partner_id: str | None = None) -> dict[str, Any]:
    """Internal users see any registration; a partner only its own (another partner's is a 404, as if absent)."""
    r = _load_reg(registration_id)
    if partner_id is not None and r.partner_id != partner_id:
        raise NotFound(f"registration {registration_id} does not exist", {"registration_id": "unknown"})
    return registration_to_dict(r, for_partner=partner_id is not None)


def list_registrations(status: str, limit: int, cursor: str | None) -> dict[str, Any]:
    key = f"REGS#{status}"
    start = decode_cursor(cursor, expect={"gsi2pk": key})
    result = Registration.gsi2.query(key, limit=limit, last_evaluated_key=start)
    return {"items": [registration_to_dict(r) for r in result], "next": encode_cursor(result.last_evaluated_key)}


def partner_registrations(partner_id: str | None, limit: int, cursor: str | None) -> dict[str, Any]:
    partner = own_partner(partner_id)
    key = f"PARTNERREGS#{partner.partner_id}"
    start = decode_cursor(cursor, expect={"gsi1pk": key})
    result = Registration.gsi1.query(key, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return {
        "items": [registration_to_dict(r, for_partner=True) for r in result],
        "next": encode_cursor(result.last_evaluated_key),
    }


def _decide(r: Registration, status: str, actor: str, note: str | None) -> None:
    r.status, r.decided_by, r.decided_at, r.decision_note, r.updated_at = status, actor, now_iso(), note, now_iso()


def approve(registration_id: str, data: schemas.DecisionIn, actor: str) -> dict[str, Any]:
    """submitted -> approved with a protection window; conditional, so two managers cannot both approve. Another
    partner's protected registration for the same customer blocks approval unless overridden."""
    r = _load_reg(registration_id)
    if r.status != "submitted":
        raise Conflict(f"registration {registration_id} is {r.status}", {"status": r.status})
    current = detect_conflicts(r.company, r.domain, r.tax_id, exclude_registration=registration_id)
    protected = [
        c
        for c in current
        if c["kind"] == "registration" and c.get("partner_id") != r.partner_id and c["detail"].startswith("approved")
    ]
    if protected and not data.override_conflicts:
        raise Conflict(
            "another partner holds a protected registration for this customer",
            {"registration_id": "conflict"},
            conflicts=protected,
        )
    r.conflicts = [ConflictItem(**c) for c in current]
    _decide(r, "approved", actor, data.note)
    r.protected_until = (
        (_now() + timedelta(days=int(load_settings().protection_days)))
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )
    _index_reg(r)
    with transaction(lambda: Conflict("the registration was decided meanwhile", {"status": "changed"})) as tx:
        tx.save(r, condition=Registration.status == "submitted")
    return registration_to_dict(r)


def reject(registration_id: str, data: schemas.RejectIn, actor: str) -> dict[str, Any]:
    r = _load_reg(registration_id)
    if r.status != "submitted":
        raise Conflict(f"registration {registration_id} is {r.status}", {"status": r.status})
    _decide(r, "rejected", actor, data.reason)
    _index_reg(r)
    with transaction(lambda: Conflict("the registration was decided meanwhile", {"status": "changed"})) as tx:
        tx.save(r, condition=Registration.status == "submitted")
    return registration_to_dict(r)


def convert(registration_id: str, data: schemas.ConvertRegIn, actor: str) -> dict[str, Any]:
    """approved -> converted: the customer (given, matched, or new), an opportunity credited to the partner, and
    the attribution that makes the customer's orders the partner's — one transaction, conditional on the
    registration still being approved (no double conversion)."""
    r = _load_reg(registration_id)
    if r.status != "approved":
        raise Conflict(
            f"registration {registration_id} is {r.status}", {"status": r.status}, opportunity_id=r.opportunity_id
        )
    if _expired(r):
        raise Conflict(f"the protection window ended on {r.protected_until}", {"status": "expired"})
    items: list[CrmItem] = []
    customer_id = data.customer_id
    if customer_id is None:
        matched = {
            c["ref_id"]
            for c in detect_conflicts(r.company, r.domain, r.tax_id, registration_id)
            if c["kind"] == "customer"
        }
        if len(matched) > 1:
            raise Conflict(
                "several customers match; convert with customer_id",
                {"customer_id": "ambiguous"},
                candidates=sorted(matched),
            )
        customer_id = next(iter(matched), None)
    if customer_id is None:
        body = customer_schemas.CustomerCreate(
            kind="company",
            name=r.company,
            tax_id=r.tax_id,
            website=f"https://{r.domain}" if r.domain else None,
            address=customer_schemas.Address(country=r.country) if r.country else None,
            contacts=[
                customer_schemas.ContactIn(
                    last_name=r.contact_name or "Contact", emails=[r.contact_email] if r.contact_email else []
                )
            ],
            tags=["partner-sourced"],
        )
        customer, items = new_customer_items(body, actor)
        customer_id = customer.customer_id
    else:
        try:
            Customer.get(customer_pk(customer_id), "PROFILE")
        except DoesNotExist as exc:
            raise ValidationFailed(f"customer {customer_id} does not exist", {"customer_id": "unknown"}) from exc
    close = max(date.fromisoformat(r.close_date), _now().date())
    opp = _new_opportunity(
        name=f"{r.company} (partner {r.partner_id})",
        customer_id=customer_id,
        owner=actor,
        amount=r.expected_value,
        currency=r.currency,
        expected_close=close,
        stage="qualification",
        probability=None,
        actor=actor,
        partner_id=r.partner_id,
    )
    at = now_iso()
    attribution = Attribution(
        pk=customer_pk(customer_id),
        sk="PARTNER",
        customer_id=customer_id,
        partner_id=r.partner_id,
        registration_id=registration_id,
        since=at,
    )
    r.status, r.customer_id, r.opportunity_id, r.updated_at = "converted", customer_id, opp.opportunity_id, at
    _index_reg(r)
    with transaction(
        lambda: Conflict("the registration was converted or changed meanwhile", {"status": "changed"})
    ) as tx:
        tx.save(r, condition=Registration.status == "approved")
        tx.save(opp, condition=CrmItem.pk.does_not_exist())
        tx.save(attribution)
        for i, item in enumerate(items):
            tx.save(item, condition=CrmItem.pk.does_not_exist() if i == 0 else None)
        tx.save(
            new_entry(
                customer_id,
                "partner",
                f"Deal registered by partner {r.partner_id} converted",
                actor=actor,
                occurred_at=at,
                ref={"registration_id": registration_id, "opportunity_id": opp.opportunity_id},
            )
        )
    return {
        "registration": registration_to_dict(r),
        "customer_id": customer_id,
        "customer_created": bool(items),
        "opportunity_id": opp.opportunity_id,
    }


def expire_due(now: datetime | None = None) -> dict[str, Any]:
    """Approved registrations whose protection window ended become expired (scheduled daily)."""
    upper = (now or _now()).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    expired = []
    for r in Registration.gsi2.query("REGS#approved", Registration.gsi2sk <= f"{upper}#~"):
        r.status, r.updated_at = "expired", now_iso()
        _index_reg(r)
        try:
            with transaction("changed") as tx:
                tx.save(r, condition=Registration.status == "approved")
        except Conflict:
            continue  # converted or changed meanwhile
        expired.append(r.registration_id)
    return {"expired": len(expired), "registration_ids": expired}


# ----------------------------------------------------------------- contribution, tiers, commissions


def _months(start: date, end: date) -> list[str]:
    out, y, m = [], start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m + 1) if m < 12 else (y + 1, 1)
    return out


def _partner_orders(partner_id: str, start: date, end: date) -> list[Order]:
    return list(
        Order.gsi3.query(f"PARTNERORDERS#{partner_id}", Order.gsi3sk.between(start.isoformat(), f"{end.isoformat()}#~"))
    )


def _eur(amount: Decimal, currency: str, rates: dict[str, Decimal]) -> Decimal:
    from crm.suppliers.service import convert

    return convert(amount, currency, "EUR", rates)


def performance(partner_id: str, start: date, end: date) -> dict[str, Any]:
    """Sourced and influenced revenue (booked orders, net of cancellations and returns) per currency, its share
    of all booked revenue in the period, registrations, win rate, deal velocity, pipeline and the tier the
    trailing 12 months of attributed revenue earn."""
    from crm.suppliers.service import fx_rates

    p = load_partner(partner_id)
    revenue: dict[str, dict[str, Decimal]] = defaultdict(lambda: {"sourced": ZERO, "influenced": ZERO})
    orders = _partner_orders(partner_id, start, end)
    for o in orders:
        if o.status in COUNTED:
            revenue[o.currency][o.partner_role or "influenced"] += o.grand_total
    totals: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for month in _months(start, end):
        for row in RevenueMonth.query(f"REVENUE#{month}"):
            totals[row.currency] += row.revenue
    by_currency = []
    for cur, parts in sorted(revenue.items()):
        mine = parts["sourced"] + parts["influenced"]
        share = mine / totals[cur] * 100 if totals.get(cur) else None
        by_currency.append(
            {
                "currency": cur,
                "sourced": parts["sourced"],
                "influenced": parts["influenced"],
                "total": mine,
                "company_total": totals.get(cur, ZERO),
                "share_pct": round_amount(share, "EUR") if share is not None else None,
            }
        )
    regs = list(Registration.gsi1.query(f"PARTNERREGS#{partner_id}"))
    status_counts: dict[str, int] = defaultdict(int)
    for r in regs:
        status_counts[r.status] += 1
    opp_ids = [r.opportunity_id for r in regs if r.opportunity_id]
    opps = list(Opportunity.batch_get([(f"OPP#{i}", "OPP") for i in opp_ids])) if opp_ids else []
    won = [o for o in opps if o.status == "won"]
    lost = [o for o in opps if o.status == "lost"]
    created = {r.opportunity_id: r.created_at for r in regs if r.opportunity_id}
    days = [
        (date.fromisoformat(o.closed_at[:10]) - date.fromisoformat(created[o.opportunity_id][:10])).days
        for o in won
        if o.closed_at
    ]
    open_opps = [o for o in opps if o.status == "open"]
    rates = fx_rates()
    today = _now().date()
    trailing = sum(
        (
            _eur(o.grand_total, o.currency, rates)
            for o in _partner_orders(partner_id, today - timedelta(365), today)
            if o.status in COUNTED
        ),
        ZERO,
    )
    s = load_settings()
    return {
        "partner": partner_to_dict(p),
        "from": start.isoformat(),
        "to": end.isoformat(),
        "revenue": by_currency,
        "orders": sum(1 for o in orders if o.status in COUNTED),
        "registrations": dict(status_counts),
        "win_rate_pct": round_amount(Decimal(len(won)) * 100 / (len(won) + len(lost)), "EUR") if won or lost else None,
        "deal_velocity_days": round_amount(Decimal(sum(days)) / len(days), "EUR") if days else None,
        "pipeline": [
            {
                "currency": c,
                "open": sum((o.amount for o in open_opps if o.currency == c), ZERO),
                "weighted": sum((weighted(o) for o in open_opps if o.currency == c), ZERO),
            }
            for c in sorted({o.currency for o in open_opps})
        ],
        "tier": {
            "current": p.tier,
            "evaluated": tier_for(trailing, s),
            "revenue_12m_eur": round_amount(trailing, "EUR"),
            "thresholds": [t.as_dict() for t in s.tiers],
        },
    }


def apply_tier(partner_id: str, actor: str) -> dict[str, Any]:
    today = _now().date()
    perf = performance(partner_id, today - timedelta(days=365), today)
    p = load_partner(partner_id)
    p.tier, p.tier_evaluated_at, p.updated_at = perf["tier"]["evaluated"], now_iso(), now_iso()
    p.save()
    return partner_to_dict(p)


def ranking(start: date, end: date) -> dict[str, Any]:
    """Every partner's contribution in the period, ranked by attributed revenue in EUR (one report)."""
    from crm.suppliers.service import fx_rates

    rates = fx_rates()
    rows = []
    for p in Partner.gsi1.query("PARTNERS"):
        perf = performance(p.partner_id, start, end)
        eur = sum((_eur(r["total"], r["currency"], rates) for r in perf["revenue"]), ZERO)
        rows.append(
            {
                "partner_id": p.partner_id,
                "name": p.name,
                "kind": p.kind,
                "tier": p.tier,
                "revenue_eur": round_amount(eur, "EUR"),
                "orders": perf["orders"],
                "win_rate_pct": perf["win_rate_pct"],
                "deal_velocity_days": perf["deal_velocity_days"],
                "evaluated_tier": perf["tier"]["evaluated"],
            }
        )
    rows.sort(key=lambda r: -r["revenue_eur"])
    for i, r in enumerate(rows, start=1):
        r["rank"] = i
    return {"from": start.isoformat(), "to": end.isoformat(), "partners": rows}


def _event_at(o: Order, status: str) -> str | None:
    return next((h.at for h in o.history or [] if h.status == status), None)


def statement(partner_id: str, month: str) -> dict[str, Any]:
    """Commission for a month: orders attributed to the partner that became paid in the month earn
    net line amount x rate(tier, category); orders paid earlier and returned or cancelled in the month are clawed
    back with the amount they earned. The partner's current tier applies."""
    p = load_partner(partner_id)
    s = load_settings()
    y, m = int(month[:4]), int(month[5:])
    first = date(y, m, 1)
    last = date(y + (m == 12), m % 12 + 1, 1) - timedelta(days=1)
    lines, totals = [], defaultdict(lambda: ZERO)
    for o in _partner_orders(partner_id, first - timedelta(days=400), last):
        paid_at = _event_at(o, "paid")
        if not paid_at:
            continue
        earned = sum((line.net * commission_rate(p.tier, line.category, s) for line in o.lines), ZERO)
        earned = round_amount(earned, o.currency)
        undo = _event_at(o, "returned") or _event_at(o, "cancelled")
        if paid_at[:7] == month:
            lines.append(
                {
                    "order_id": o.order_id,
                    "kind": "commission",
                    "at": paid_at,
                    "currency": o.currency,
                    "net": o.net_total,
                    "amount": earned,
                    "detail": [
                        {
                            "sku": x.sku,
                            "category": x.category,
                            "net": x.net,
                            "rate": commission_rate(p.tier, x.category, s),
                        }
                        for x in o.lines
                    ],
                }
            )
            totals[o.currency] += earned
        if undo and undo[:7] == month and paid_at[:7] <= month:
            lines.append(
                {
                    "order_id": o.order_id,
                    "kind": "clawback",
                    "at": undo,
                    "currency": o.currency,
                    "net": -o.net_total,
                    "amount": -earned,
                    "detail": [{"reason": o.status}],
                }
            )
            totals[o.currency] -= earned
    lines.sort(key=lambda x: x["at"])
    return {
        "partner_id": partner_id,
        "month": month,
        "tier": p.tier,
        "lines": lines,
        "totals": [{"currency": c, "amount": v} for c, v in sorted(totals.items())],
    }


def partner_orders(partner_id: str | None, start: date, end: date) -> dict[str, Any]:
    """The partner's own attributed orders (commercial content only, no customer contact data)."""
    partner = own_partner(partner_id)
    out = [
        {
            "order_id": o.order_id,
            "order_date": o.order_date,
            "status": o.status,
            "currency": o.currency,
            "net_total": o.net_total,
            "grand_total": o.grand_total,
            "partner_role": o.partner_role,
            "customer_name": o.customer_name,
        }
        for o in _partner_orders(partner.partner_id, start, end)
    ]
    return {"items": out}
