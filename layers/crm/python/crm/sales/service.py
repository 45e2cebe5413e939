"""Lead and opportunity rules: scoring on every change, conversion in one transaction, stage moves with
probabilities, closing with a reason, and the weighted forecast and pipeline read from indexes.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.customers import public as customers
from crm.customers.public import Identifier, customer_ref, find_duplicates, new_customer_items, new_entry
from crm.db import CrmItem, Index, check_version, decode_cursor, encode_cursor, now_iso, today, transaction
from crm.errors import Conflict, DuplicateCustomer, NotFound, ValidationFailed, VersionConflict
from crm.money import ZERO, round_amount
from crm.sales import schemas
from crm.sales.models import Lead, Opportunity, StageChange
from crm.sales.schemas import OPEN_STAGES, STAGE_PROBABILITY
from crm.sales.scoring import score_lead

LEAD_FIELDS = (
    "company",
    "first_name",
    "last_name",
    "title",
    "email",
    "phone",
    "country",
    "industry",
    "employees",
    "budget",
    "currency",
    "timeframe",
    "source",
    "campaign_id",
    "partner_id",
    "notes",
    "owner",
)


def _id() -> str:
    return uuid.uuid4().hex[:12]


# ----------------------------------------------------------------- leads


def lead_to_dict(lead: Lead) -> dict[str, Any]:
    return {
        **{f: getattr(lead, f) for f in LEAD_FIELDS},
        "lead_id": lead.lead_id,
        "status": lead.status,
        "employees": int(lead.employees) if lead.employees is not None else None,
        "score": int(lead.score),
        "grade": lead.grade,
        "score_reasons": list(lead.score_reasons or []),
        "disqualify_reason": lead.disqualify_reason,
        "customer_id": lead.customer_id,
        "opportunity_id": lead.opportunity_id,
        "created_at": lead.created_at,
        "updated_at": lead.updated_at,
        "version": int(lead.version),
    }


def _rescore(lead: Lead) -> None:
    s = score_lead(
        source=lead.source,
        email=lead.email,
        phone=lead.phone,
        employees=int(lead.employees) if lead.employees is not None else None,
        budget=lead.budget,
        timeframe=lead.timeframe,
        industry=lead.industry,
    )
    lead.score, lead.grade, lead.score_reasons = s.points, s.grade, s.reasons


def _index_lead(lead: Lead) -> None:
    lead.gsi1pk = f"LEADS#OWNER#{lead.owner}" if lead.owner else None
    lead.gsi1sk = f"{lead.status}#{lead.created_at}#{lead.lead_id}" if lead.owner else None
    lead.gsi2pk = f"LEADS#STATUS#{lead.status}"
    lead.gsi2sk = f"{int(lead.score):03d}#{lead.created_at}#{lead.lead_id}"


def new_lead(data: schemas.LeadIn, actor: str, at: str | None = None) -> Lead:
    at = at or now_iso()
    lead_id = _id()
    lead = Lead(
        pk=f"LEAD#{lead_id}",
        sk="LEAD",
        lead_id=lead_id,
        status="new",
        created_at=at,
        updated_at=at,
        **{f: getattr(data, f) for f in LEAD_FIELDS},
    )
    lead.owner = lead.owner or actor
    _rescore(lead)
    _index_lead(lead)
    return lead


def create_lead(data: schemas.LeadIn, actor: str) -> schemas.LeadOut:
    if not (data.email or data.phone):
        raise ValidationFailed("a lead needs an email or a phone to be reachable", {"email": "email or phone"})
    lead = new_lead(data, actor)
    with transaction("lead id collision, retry") as tx:
        tx.save(lead, condition=CrmItem.pk.does_not_exist())
    return schemas.LeadOut.model_validate(lead_to_dict(lead))


def _load_lead(lead_id: str) -> Lead:
    try:
        return Lead.get(f"LEAD#{lead_id}", "LEAD")
    except DoesNotExist as exc:
        raise NotFound(f"lead {lead_id} does not exist", {"lead_id": "unknown"}) from exc


def get_lead(lead_id: str) -> schemas.LeadOut:
    return schemas.LeadOut.model_validate(lead_to_dict(_load_lead(lead_id)))


def update_lead(lead_id: str, patch: schemas.LeadPatch, expected: int | None) -> schemas.LeadOut:
    lead = _load_lead(lead_id)
    check_version(lead.version, expected, "lead")
    if lead.status == "converted":
        raise Conflict(
            f"lead {lead_id} was converted; work on customer {lead.customer_id}",
            {"lead_id": "converted"},
            customer_id=lead.customer_id,
        )
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    for name in ("last_name", "source", "status"):
        if name in changes and changes[name] is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
    if changes.get("status") == "disqualified" and not (changes.get("disqualify_reason") or lead.disqualify_reason):
        raise ValidationFailed("say why the lead is disqualified", {"disqualify_reason": "required"})
    for name, value in changes.items():
        setattr(lead, name, value)
    if lead.budget is not None and lead.currency is None:
        raise ValidationFailed("a budget needs a currency", {"currency": "required with budget"})
    lead.updated_at = now_iso()
    _rescore(lead)
    _index_lead(lead)
    with transaction(lambda: VersionConflict("the lead was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(lead)
    return schemas.LeadOut.model_validate(lead_to_dict(lead))


def list_leads(q: schemas.LeadQuery) -> schemas.LeadPage:
    """An owner's leads (optionally by status, newest first) or all leads of a status, best score first."""
    index: Index
    if q.owner:
        key, index, attr = f"LEADS#OWNER#{q.owner}", Lead.gsi1, "gsi1"
        cond = Lead.gsi1sk.startswith(f"{q.status}#") if q.status else None
    elif q.status:
        key, index, attr, cond = f"LEADS#STATUS#{q.status}", Lead.gsi2, "gsi2", None
    else:
        raise ValidationFailed("filter by owner or status", {"status": "one filter"})
    start = decode_cursor(q.cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, scan_index_forward=False, limit=q.limit, last_evaluated_key=start)
    return schemas.LeadPage.model_validate(
        {"items": [lead_to_dict(x) for x in result], "next": encode_cursor(result.last_evaluated_key)}
    )


def convert_lead(lead_id: str, data: schemas.ConvertIn, actor: str) -> schemas.ConversionOut:
    """Lead -> customer (new, or an existing one) + opportunity, with the lead marked converted: ONE transaction,
    conditional on the lead not being converted already (no double conversion)."""
    lead = _load_lead(lead_id)
    if lead.status in ("converted", "disqualified"):
        raise Conflict(
            f"lead {lead_id} is {lead.status}",
            {"lead_id": lead.status},
            customer_id=lead.customer_id,
            opportunity_id=lead.opportunity_id,
        )
    if data.expected_close < today():
        raise ValidationFailed("expected_close is in the past", {"expected_close": "in the past"})
    items: list[CrmItem] = []
    if data.customer_id:
        customer_id, created = customer_ref(data.customer_id).customer_id, False
        assert customer_id is not None
    else:
        body = customers.CustomerCreate(
            kind="company" if lead.company else "person",
            name=lead.company,
            first_name=lead.first_name,
            last_name=lead.last_name,
            emails=[lead.email] if lead.email else [],
            phones=[lead.phone] if lead.phone else [],
            industry=lead.industry,
            owner=lead.owner,
            address=customers.Address(country=lead.country) if lead.country else None,
            contacts=[
                customers.ContactIn(
                    first_name=lead.first_name, last_name=lead.last_name, title=lead.title, is_primary=True
                )
            ]
            if lead.company
            else [],
        )
        customer, items = new_customer_items(body, actor)
        dups = find_duplicates([(i.kind, i.value) for i in items if isinstance(i, Identifier)])
        if dups:
            raise DuplicateCustomer(
                "the lead's email or phone belongs to an existing customer; convert with its customer_id",
                {"customer_id": f"use {dups[0]['customer_id']}"},
                duplicates=dups,
            )
        customer_id, created = customer.customer_id, True
    opp = new_opportunity(
        name=data.opportunity_name or f"{lead.company or lead.last_name} - first deal",
        customer_id=customer_id,
        owner=lead.owner or actor,
        amount=data.amount,
        currency=data.currency,
        expected_close=data.expected_close,
        stage=data.stage,
        probability=None,
        actor=actor,
        lead_id=lead_id,
        partner_id=lead.partner_id,
    )
    lead.status, lead.customer_id, lead.opportunity_id = "converted", customer_id, opp.opportunity_id
    lead.updated_at = now_iso()
    _index_lead(lead)
    summary = f"Opportunity {opp.name} from lead ({lead.source}, score {lead.score})"
    entry = new_entry(
        customer_id, "opportunity", summary, actor=actor, ref={"opportunity_id": opp.opportunity_id, "lead_id": lead_id}
    )
    with transaction(lambda: Conflict("the lead was converted or changed meanwhile", {"lead_id": "changed"})) as tx:
        tx.save(lead)  # version condition: a second conversion fails here
        tx.save(opp, condition=CrmItem.pk.does_not_exist())
        for i, item in enumerate(items):
            tx.save(item, condition=CrmItem.pk.does_not_exist() if i == 0 else None)
        tx.save(entry)
    return schemas.ConversionOut.model_validate(
        {
            "lead": lead_to_dict(lead),
            "customer_id": customer_id,
            "customer_created": created,
            "opportunity": opportunity_to_dict(opp),
        }
    )


# ----------------------------------------------------------------- opportunities


def weighted(o: Opportunity) -> Decimal:
    return round_amount(o.amount * Decimal(int(o.probability)) / 100, o.currency)


def opportunity_to_dict(o: Opportunity) -> dict[str, Any]:
    keys = (
        "opportunity_id",
        "name",
        "customer_id",
        "owner",
        "stage",
        "amount",
        "currency",
        "expected_close",
        "status",
        "close_reason",
        "closed_at",
        "lead_id",
        "partner_id",
        "created_at",
        "updated_at",
    )
    return {
        **{k: getattr(o, k) for k in keys},
        "probability": int(o.probability),
        "weighted_amount": weighted(o),
        "history": [h.as_dict() for h in o.history or []],
        "version": int(o.version),
    }


def _index_opp(o: Opportunity) -> None:
    o.gsi1pk, o.gsi1sk = f"OPPS#OWNER#{o.owner}", f"{o.expected_close}#{o.opportunity_id}"
    o.gsi2pk, o.gsi2sk = f"OPPS#STAGE#{o.stage}", f"{o.expected_close}#{o.opportunity_id}"
    o.gsi3pk, o.gsi3sk = f"OPPS#CUST#{o.customer_id}", f"{o.status}#{o.expected_close}#{o.opportunity_id}"


def opportunities_by_id(opportunity_ids: list[str]) -> list[Opportunity]:
    """One BatchGet."""
    return list(Opportunity.batch_get([(f"OPP#{i}", "OPP") for i in opportunity_ids])) if opportunity_ids else []


def open_opportunities_of(customer_id: str) -> list[Opportunity]:
    """A customer's open opportunities: one Query on gsi3."""
    return list(Opportunity.gsi3.query(f"OPPS#CUST#{customer_id}", Opportunity.gsi3sk.startswith("open#")))


def new_opportunity(
    *,
    name: str,
    customer_id: str,
    owner: str,
    amount: Decimal,
    currency: str,
    expected_close: date,
    stage: str,
    probability: int | None,
    actor: str,
    lead_id: str | None = None,
    partner_id: str | None = None,
    at: str | None = None,
) -> Opportunity:
    at = at or now_iso()
    prob = STAGE_PROBABILITY[stage] if probability is None else probability
    oid = _id()
    o = Opportunity(
        pk=f"OPP#{oid}",
        sk="OPP",
        opportunity_id=oid,
        name=name,
        customer_id=customer_id,
        owner=owner,
        stage=stage,
        probability=prob,
        amount=amount,
        currency=currency,
        expected_close=expected_close.isoformat(),
        status=_status(stage),
        lead_id=lead_id,
        partner_id=partner_id,
        history=[StageChange(stage=stage, probability=prob, at=at, actor=actor)],
        created_at=at,
        updated_at=at,
    )
    _index_opp(o)
    return o


def _status(stage: str) -> str:
    return {"closed_won": "won", "closed_lost": "lost"}.get(stage, "open")


def create_opportunity(data: schemas.OpportunityIn, actor: str) -> schemas.OpportunityOut:
    customer = customer_ref(data.customer_id)
    if data.stage not in OPEN_STAGES:
        raise ValidationFailed("create opportunities open; close them with a reason", {"stage": "must be open"})
    if data.expected_close < today():
        raise ValidationFailed("expected_close is in the past", {"expected_close": "in the past"})
    o = new_opportunity(
        name=data.name,
        customer_id=data.customer_id,
        owner=data.owner or customer.owner or actor,
        amount=data.amount,
        currency=data.currency,
        expected_close=data.expected_close,
        stage=data.stage,
        probability=data.probability,
        actor=actor,
        partner_id=data.partner_id,
    )
    with transaction("opportunity id collision, retry") as tx:
        tx.save(o, condition=CrmItem.pk.does_not_exist())
        tx.save(
            new_entry(
                data.customer_id,
                "opportunity",
                f"Opportunity {o.name}: {o.amount} {o.currency}",
                actor=actor,
                ref={"opportunity_id": o.opportunity_id},
            )
        )
    return schemas.OpportunityOut.model_validate(opportunity_to_dict(o))


def _load_opp(opportunity_id: str) -> Opportunity:
    try:
        return Opportunity.get(f"OPP#{opportunity_id}", "OPP")
    except DoesNotExist as exc:
        raise NotFound(f"opportunity {opportunity_id} does not exist", {"opportunity_id": "unknown"}) from exc


def get_opportunity(opportunity_id: str) -> schemas.OpportunityOut:
    return schemas.OpportunityOut.model_validate(opportunity_to_dict(_load_opp(opportunity_id)))


def update_opportunity(
    opportunity_id: str, patch: schemas.OpportunityPatch, expected: int | None, actor: str
) -> schemas.OpportunityOut:
    o = _load_opp(opportunity_id)
    check_version(o.version, expected, "opportunity")
    if o.status != "open":
        raise Conflict(f"opportunity {opportunity_id} is closed ({o.status})", {"stage": o.stage})
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    for name in ("name", "stage", "amount", "expected_close", "owner", "probability"):
        if name in changes and changes[name] is None:
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
    at = now_iso()
    stage = changes.get("stage", o.stage)
    closing = stage in ("closed_won", "closed_lost")
    if closing and not changes.get("close_reason"):
        raise ValidationFailed(
            f"say why the deal was {'won' if stage == 'closed_won' else 'lost'}",
            {"close_reason": "required when closing"},
        )
    if "expected_close" in changes and not closing and changes["expected_close"] < today():
        raise ValidationFailed("expected_close is in the past", {"expected_close": "in the past"})
    for name in ("name", "amount", "owner", "close_reason"):
        if name in changes:
            setattr(o, name, changes[name])
    if "expected_close" in changes:
        o.expected_close = changes["expected_close"].isoformat()
    if stage != o.stage or "probability" in changes:
        o.probability = changes.get("probability", STAGE_PROBABILITY[stage] if stage != o.stage else o.probability)
        if closing:
            o.probability = STAGE_PROBABILITY[stage]
        o.stage = stage
        o.history = [*(o.history or []), StageChange(stage=stage, probability=int(o.probability), at=at, actor=actor)]
    extra: list[CrmItem] = []
    if closing:
        o.status, o.closed_at, o.expected_close = _status(stage), at, at[:10]  # a closed deal counts when it closed
        extra.append(
            new_entry(
                o.customer_id,
                "opportunity",
                f"Opportunity {o.name} {o.status}: {o.close_reason}",
                actor=actor,
                ref={"opportunity_id": o.opportunity_id},
            )
        )
    o.updated_at = at
    _index_opp(o)
    with transaction(lambda: VersionConflict("the opportunity was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(o)
        for item in extra:
            tx.save(item)
    return schemas.OpportunityOut.model_validate(opportunity_to_dict(o))


def list_opportunities(q: schemas.OpportunityQuery) -> schemas.OpportunityPage:
    lo = q.close_from.isoformat() if q.close_from else "0000"
    hi = (q.close_to.isoformat() if q.close_to else "9999") + "#~"
    if q.owner and q.stage:
        raise ValidationFailed("filter by owner or by stage", {"stage": "cannot combine with owner"})
    index: Index
    if q.owner:
        key, index, attr = f"OPPS#OWNER#{q.owner}", Opportunity.gsi1, "gsi1"
        cond = Opportunity.gsi1sk.between(lo, hi)
    elif q.stage:
        key, index, attr = f"OPPS#STAGE#{q.stage}", Opportunity.gsi2, "gsi2"
        cond = Opportunity.gsi2sk.between(lo, hi)
    else:
        raise ValidationFailed("filter by owner or stage", {"owner": "one filter"})
    start = decode_cursor(q.cursor, expect={f"{attr}pk": key})
    result = index.query(key, cond, limit=q.limit, last_evaluated_key=start)
    return schemas.OpportunityPage.model_validate(
        {"items": [opportunity_to_dict(o) for o in result], "next": encode_cursor(result.last_evaluated_key)}
    )


def _month_end(month: str) -> str:
    return f"{month}-31#~"


def _in_range(owner: str | None, lo: str, hi: str, stages: tuple[str, ...]) -> list[Opportunity]:
    if owner:
        return list(Opportunity.gsi1.query(f"OPPS#OWNER#{owner}", Opportunity.gsi1sk.between(lo, hi)))
    out: list[Opportunity] = []
    for stage in stages:  # one Query per stage partition; no Scan
        out += Opportunity.gsi2.query(f"OPPS#STAGE#{stage}", Opportunity.gsi2sk.between(lo, hi))
    return out


def forecast(q: schemas.ForecastQuery) -> schemas.Forecast:
    """Per owner, month (of expected close; of closing for won deals) and currency: open pipeline, weighted
    pipeline (amount x probability), won; forecast = won + weighted. Currencies are never added together."""
    opps = _in_range(q.owner, f"{q.from_month}-01", _month_end(q.to_month), (*OPEN_STAGES, "closed_won"))
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
    opps = _in_range(owner, "0000", "9999#~", OPEN_STAGES)
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
