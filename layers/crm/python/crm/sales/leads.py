"""Leads: captured with an explainable points score (scoring.py), qualified or disqualified, converted to a
customer and an opportunity in one transaction."""

from __future__ import annotations

from crm.customers import public as customers
from crm.customers.public import Identifier, customer_ref, find_duplicates, new_customer_items, new_entry
from crm.customfields.public import apply_custom, custom_out
from crm.db import CrmItem, check_version, new_id, now_iso, today, transaction
from crm.errors import Conflict, DuplicateCustomer, ValidationFailed, VersionConflict
from crm.sales import schemas
from crm.sales.models import Lead
from crm.sales.opportunities import new_opportunity, opportunity_out
from crm.sales.repository import index_lead, leads_page, load_lead
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


def lead_out(lead: Lead) -> schemas.LeadOut:
    return schemas.LeadOut.model_validate(
        {
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
            "replied_at": lead.replied_at,
            "unsubscribed_at": lead.unsubscribed_at,
            "custom": custom_out(lead.custom),
            "created_at": lead.created_at,
            "updated_at": lead.updated_at,
            "version": int(lead.version),
        }
    )


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


def new_lead(data: schemas.LeadIn, actor: str, at: str | None = None) -> Lead:
    at = at or now_iso()
    lead_id = new_id()
    lead = Lead(
        lead_id=lead_id,
        status="new",
        created_at=at,
        updated_at=at,
        custom=apply_custom("lead", data.custom, None, creating=True),
        **{f: getattr(data, f) for f in LEAD_FIELDS},
    )
    lead.owner = lead.owner or actor
    _rescore(lead)
    index_lead(lead)
    return lead


def create_lead(data: schemas.LeadIn, actor: str) -> schemas.LeadOut:
    if not (data.email or data.phone):
        raise ValidationFailed("a lead needs an email or a phone to be reachable", {"email": "email or phone"})
    lead = new_lead(data, actor)
    with transaction("lead id collision, retry") as tx:
        tx.save(lead, condition=CrmItem.pk.does_not_exist())
    return lead_out(lead)


def get_lead(lead_id: str) -> schemas.LeadOut:
    return lead_out(load_lead(lead_id))


def update_lead(lead_id: str, patch: schemas.LeadPatch, expected: int | None) -> schemas.LeadOut:
    lead = load_lead(lead_id)
    check_version(lead.version, expected, "lead")
    if lead.status == "converted":
        raise Conflict(
            f"lead {lead_id} was converted; work on customer {lead.customer_id}",
            {"lead_id": "converted"},
            customer_id=lead.customer_id,
        )
    changes = patch.model_dump(exclude_unset=True, exclude={"version", "custom"})
    if "custom" in patch.model_fields_set:
        lead.custom = apply_custom("lead", patch.custom, lead.custom, creating=False)
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
    index_lead(lead)
    with transaction(lambda: VersionConflict("the lead was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(lead)
    return lead_out(lead)


def list_leads(q: schemas.LeadQuery) -> schemas.LeadPage:
    """An owner's leads (optionally by status, newest first) or all leads of a status, best score first."""
    if not (q.owner or q.status):
        raise ValidationFailed("filter by owner or status", {"status": "one filter"})
    leads, nxt = leads_page(q.owner, q.status, q.limit, q.cursor)
    return schemas.LeadPage(items=[lead_out(x) for x in leads], next=nxt)


def _customer_for(lead: Lead, given: str | None, actor: str) -> tuple[str, list[CrmItem]]:
    """The customer a lead converts to: the one given, or a new one from the lead (409 naming the existing
    customer when the lead's email or phone already belongs to one); a new one's items join the transaction."""
    if given:
        customer_id = customer_ref(given).customer_id
        assert customer_id is not None
        return customer_id, []
    contacts = (
        [customers.ContactIn(first_name=lead.first_name, last_name=lead.last_name, title=lead.title, is_primary=True)]
        if lead.company
        else []
    )
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
        contacts=contacts,
    )
    customer, items = new_customer_items(body, actor)
    dups = find_duplicates([(i.kind, i.value) for i in items if isinstance(i, Identifier)])
    if dups:
        raise DuplicateCustomer(
            "the lead's email or phone belongs to an existing customer; convert with its customer_id",
            {"customer_id": f"use {dups[0]['customer_id']}"},
            duplicates=dups,
        )
    return customer.customer_id, items


def convert_lead(lead_id: str, data: schemas.ConvertIn, actor: str) -> schemas.ConversionOut:
    """Lead -> customer (new, or an existing one) + opportunity, with the lead marked converted: ONE transaction,
    conditional on the lead not being converted already (no double conversion)."""
    lead = load_lead(lead_id)
    if lead.status in ("converted", "disqualified"):
        raise Conflict(
            f"lead {lead_id} is {lead.status}",
            {"lead_id": lead.status},
            customer_id=lead.customer_id,
            opportunity_id=lead.opportunity_id,
        )
    if data.expected_close < today():
        raise ValidationFailed("expected_close is in the past", {"expected_close": "in the past"})
    customer_id, items = _customer_for(lead, data.customer_id, actor)
    created = bool(items)
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
    index_lead(lead)
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
            "lead": lead_out(lead),
            "customer_id": customer_id,
            "customer_created": created,
            "opportunity": opportunity_out(opp),
        }
    )
