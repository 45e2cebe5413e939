"""Deal registration: a partner registers a deal, conflicts are detected, a channel manager approves (with a
protection window) or rejects, and an approved registration converts to customer + opportunity with the
partner credited for the customer's orders. Partner views never show another partner's data."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

from crm.catalog.public import require_products
from crm.customers import public as customers
from crm.customers.public import new_entry
from crm.db import CrmItem, new_id, now_iso, today, transaction
from crm.errors import Conflict, NotFound, ValidationFailed
from crm.partners import responses as out
from crm.partners import schemas
from crm.partners.conflicts import detect_conflicts, match_keys, protection_ended
from crm.partners.directory import own_partner
from crm.partners.models import Conflict as ConflictItem
from crm.partners.models import MatchKey, Registration
from crm.partners.repository import (
    index_registration,
    load_registration,
    match_key,
    partner_registrations_page,
    protection_ended_by,
    registrations_page,
)
from crm.partners.settings import load_settings
from crm.sales.public import new_opportunity

_FIELDS = (
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


def _fields(r: Registration) -> dict[str, Any]:
    return {k: getattr(r, k) for k in _FIELDS} | {"products": list(r.products or []), "version": int(r.version)}


def registration_out(r: Registration) -> out.Registration:
    """The channel managers' view: every conflict with its reference and who decided."""
    conflicts = [c.as_dict() for c in r.conflicts or []]
    return out.Registration.model_validate({**_fields(r), "conflicts": conflicts, "decided_by": r.decided_by})


def partner_view(r: Registration) -> out.PartnerRegistration:
    """The partner's view: a conflict exists, never whose records it is."""
    conflicts = [
        {"kind": _partner_kind(c, r.partner_id), "matched_on": c["matched_on"].split(" ")[0]}
        for c in (c.as_dict() for c in r.conflicts or [])
    ]
    return out.PartnerRegistration.model_validate({**_fields(r), "conflicts": conflicts})


def _partner_kind(conflict: dict[str, Any], own: str) -> str:
    if conflict["kind"] != "registration":
        return "existing relationship"
    return "your earlier registration" if conflict.get("partner_id") == own else "another registration"


def new_registration(
    partner_id: str, data: schemas.RegistrationIn, actor: str, at: str | None = None
) -> tuple[Registration, list[MatchKey]]:
    at = at or now_iso()
    rid = new_id()
    r = Registration(
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
    index_registration(r)
    keys = [match_key(r, k, v) for k, v in match_keys(data.company, data.domain, data.tax_id)]
    return r, keys


def submit_registration(partner_id: str | None, data: schemas.RegistrationIn, actor: str) -> out.PartnerRegistration:
    partner = own_partner(partner_id)
    if data.close_date < today():
        raise ValidationFailed("close_date is in the past", {"close_date": "in the past"})
    require_products(data.products and list(data.products), "products")
    r, keys = new_registration(partner.partner_id, data, actor)
    r.conflicts = [ConflictItem(**c) for c in detect_conflicts(data.company, data.domain, data.tax_id)]
    with transaction("registration id collision, retry") as tx:
        tx.save(r, condition=CrmItem.pk.does_not_exist())
        for k in keys:
            tx.save(k)
    return partner_view(r)


def get_registration(registration_id: str) -> out.Registration:
    return registration_out(load_registration(registration_id))


def partner_registration(registration_id: str, partner_id: str | None) -> out.PartnerRegistration:
    """A partner sees only its own registration; another partner's is a 404, as if absent."""
    partner = own_partner(partner_id)
    r = load_registration(registration_id)
    if r.partner_id != partner.partner_id:
        raise NotFound(f"registration {registration_id} does not exist", {"registration_id": "unknown"})
    return partner_view(r)


def list_registrations(status: str, limit: int, cursor: str | None) -> out.RegistrationPage:
    found, nxt = registrations_page(status, limit, cursor)
    return out.RegistrationPage(items=[registration_out(r) for r in found], next=nxt)


def partner_registrations(partner_id: str | None, limit: int, cursor: str | None) -> out.PartnerRegistrationPage:
    partner = own_partner(partner_id)
    found, nxt = partner_registrations_page(partner.partner_id, limit, cursor)
    return out.PartnerRegistrationPage(items=[partner_view(r) for r in found], next=nxt)


def _decide(r: Registration, status: str, actor: str, note: str | None) -> None:
    r.status, r.decided_by, r.decided_at, r.decision_note, r.updated_at = status, actor, now_iso(), note, now_iso()


def approve(registration_id: str, data: schemas.DecisionIn, actor: str) -> out.Registration:
    """submitted -> approved with a protection window; conditional, so two managers cannot both approve. Another
    partner's protected registration for the same customer blocks approval unless overridden."""
    r = load_registration(registration_id)
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
        (datetime.now(UTC) + timedelta(days=int(load_settings().protection_days)))
        .isoformat(timespec="milliseconds")
        .replace("+00:00", "Z")
    )
    index_registration(r)
    with transaction(lambda: Conflict("the registration was decided meanwhile", {"status": "changed"})) as tx:
        tx.save(r, condition=Registration.status == "submitted")
    return registration_out(r)


def reject(registration_id: str, data: schemas.RejectIn, actor: str) -> out.Registration:
    r = load_registration(registration_id)
    if r.status != "submitted":
        raise Conflict(f"registration {registration_id} is {r.status}", {"status": r.status})
    _decide(r, "rejected", actor, data.reason)
    index_registration(r)
    with transaction(lambda: Conflict("the registration was decided meanwhile", {"status": "changed"})) as tx:
        tx.save(r, condition=Registration.status == "submitted")
    return registration_out(r)


def _customer_for(r: Registration, given: str | None, actor: str) -> tuple[str, list[CrmItem]]:
    """The customer a registration converts to: the one given, the one existing customer it matches (409 when
    several do), or a new one (its items join the converting transaction)."""
    if given is not None:
        customers.require_customer(given, "customer_id")
        return given, []
    conflicts = detect_conflicts(r.company, r.domain, r.tax_id, r.registration_id)
    matched = {c["ref_id"] for c in conflicts if c["kind"] == "customer"}
    if len(matched) > 1:
        raise Conflict(
            "several customers match; convert with customer_id",
            {"customer_id": "ambiguous"},
            candidates=sorted(matched),
        )
    if matched:
        return next(iter(matched)), []
    contact = customers.ContactIn(
        last_name=r.contact_name or "Contact", emails=[r.contact_email] if r.contact_email else []
    )
    body = customers.CustomerCreate(
        kind="company",
        name=r.company,
        tax_id=r.tax_id,
        website=f"https://{r.domain}" if r.domain else None,
        address=customers.Address(country=r.country) if r.country else None,
        contacts=[contact],
        tags=["partner-sourced"],
    )
    customer, items = customers.new_customer_items(body, actor)
    return customer.customer_id, items


def convert(registration_id: str, data: schemas.ConvertRegIn, actor: str) -> out.RegistrationConverted:
    """approved -> converted: the customer (given, matched, or new), an opportunity credited to the partner, and
    the attribution that makes the customer's orders the partner's — one transaction, conditional on the
    registration still being approved (no double conversion)."""
    r = load_registration(registration_id)
    if r.status != "approved":
        raise Conflict(
            f"registration {registration_id} is {r.status}", {"status": r.status}, opportunity_id=r.opportunity_id
        )
    if protection_ended(r):
        raise Conflict(f"the protection window ended on {r.protected_until}", {"status": "expired"})
    customer_id, items = _customer_for(r, data.customer_id, actor)
    close = max(date.fromisoformat(r.close_date), today())
    opp = new_opportunity(
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
    attribution = customers.source_partner_item(customer_id, r.partner_id, registration_id, at)
    r.status, r.customer_id, r.opportunity_id, r.updated_at = "converted", customer_id, opp.opportunity_id, at
    index_registration(r)
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
    return out.RegistrationConverted(
        registration=registration_out(r),
        customer_id=customer_id,
        customer_created=bool(items),
        opportunity_id=opp.opportunity_id,
    )


def expire_due(now: datetime | None = None) -> dict[str, Any]:
    """Approved registrations whose protection window ended become expired (scheduled daily)."""
    upper = (now or datetime.now(UTC)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    expired = []
    for r in protection_ended_by(upper):
        r.status, r.updated_at = "expired", now_iso()
        index_registration(r)
        try:
            with transaction("changed") as tx:
                tx.save(r, condition=Registration.status == "approved")
        except Conflict:
            continue  # converted or changed meanwhile
        expired.append(r.registration_id)
    return {"expired": len(expired), "registration_ids": expired}
