"""Partners: their profiles and contacts (whose phones reach the partner desk), and the partner a portal user
belongs to."""

from __future__ import annotations

from crm.contact_centre.public import partner_phone_items
from crm.db import CrmItem, new_id, now_iso, transaction
from crm.errors import Conflict, Forbidden
from crm.partners import schemas
from crm.partners.models import Partner, PartnerContact
from crm.partners.repository import ALL_PARTNERS, PARTNER_SK, load_partner, partner_pk, partners_page
from crm.partners.responses import PartnerOut, PartnerPage
from crm.partners.settings import load_settings


def partner_out(p: Partner) -> PartnerOut:
    return PartnerOut.model_validate(
        {
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
    )


def new_partner(data: schemas.PartnerIn, at: str | None = None) -> Partner:
    at = at or now_iso()
    pid = data.partner_id or f"P-{new_id(8).upper()}"
    tier = min(load_settings().tiers, key=lambda t: t.min_revenue).tier
    return Partner(
        pk=partner_pk(pid),
        sk=PARTNER_SK,
        gsi1pk=ALL_PARTNERS,
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
    """Partner contacts' phones, kept by the contact centre so the ACD knows a partner is calling."""
    return partner_phone_items(p.pk, p.partner_id, [(c.phone, c.name) for c in p.contacts or [] if c.phone])


def create_partner(data: schemas.PartnerIn) -> PartnerOut:
    p = new_partner(data)
    with transaction(lambda: Conflict(f"partner {p.partner_id} exists", {"partner_id": "already exists"})) as tx:
        tx.save(p, condition=CrmItem.pk.does_not_exist())
        for item in partner_phones(p):
            tx.save(item)
    return partner_out(p)


def get_partner(partner_id: str) -> PartnerOut:
    return partner_out(load_partner(partner_id))


def list_partners(limit: int, cursor: str | None) -> PartnerPage:
    found, nxt = partners_page(limit, cursor)
    return PartnerPage(items=[partner_out(p) for p in found], next=nxt)


def own_partner(partner_id: str | None) -> Partner:
    """The caller's partner; a user without a partner id (or a suspended partner) sees nothing."""
    if not partner_id:
        raise Forbidden("your account is not linked to a partner", {"partner_id": "missing on the account"})
    p = load_partner(partner_id)
    if p.status != "active":
        raise Forbidden(f"partner {partner_id} is {p.status}", {"partner_id": p.status})
    return p
