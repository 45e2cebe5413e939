"""Who is calling: the caller card from the phone number in at most two requests.

1. Query gsi1 `PHONE#<e164>`: customer identifiers and partner contact phones carry that key.
2. The card's items by key in one BatchGetItem (the IVR lock and PIN, the profile, the analytics figures, the
   partner attribution, the open case; each context names its own keys), to which the ACD adds the routing
   state's two items when its cache is stale — so a cold ACD invocation makes the same two requests as a warm
   one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from crm.cases.public import OpenCase, open_case_keys
from crm.contact_centre.models import CustomerCard, PartnerPhone
from crm.contact_centre.repository import card_key, items_with_phone
from crm.contactinfo import normalize_phone
from crm.customers.public import Attribution, Customer, CustomerFigures, Identifier, caller_card_keys
from crm.db import CrmItem, Prefetch

E164 = re.compile(r"\+[1-9]\d{6,14}")
HIGH_VALUE_BANDS = frozenset({"high", "top"})
HIGH_VALUE_SEGMENTS = frozenset({"Champions", "Loyal", "Can't lose"})


@dataclass
class CallerCard:
    phone: str | None
    customer_id: str | None = None
    name: str | None = None
    language: str | None = None
    vip: bool = False
    owner: str | None = None
    rfm_segment: str | None = None
    clv_band: str | None = None
    churn_level: str | None = None
    next_product: str | None = None
    open_case_id: str | None = None
    open_case_owner: str | None = None
    partner_id: str | None = None  # the caller is a partner's contact
    attributed_partner: str | None = None  # the customer was brought by a partner
    postal_code: str | None = None
    card: CustomerCard | None = field(default=None, repr=False)

    @property
    def known(self) -> bool:
        return self.customer_id is not None or self.partner_id is not None

    @property
    def high_value(self) -> bool:
        return self.vip or (self.clv_band or "") in HIGH_VALUE_BANDS or (self.rfm_segment or "") in HIGH_VALUE_SEGMENTS


def identify(phone: str | None) -> tuple[str | None, str | None]:
    """(customer id, partner id) the phone number belongs to: one Query of the phone index."""
    if not phone:
        return None, None
    matches = items_with_phone(phone, limit=5)
    partner = next((m for m in matches if isinstance(m, PartnerPhone)), None)
    ident = next((m for m in matches if isinstance(m, Identifier)), None)
    return (ident.customer_id if ident else None), (partner.partner_id if partner else None)


def identify_dialled(text: str, default_region: str | None) -> tuple[str, str | None, str | None]:
    """(E.164 number, customer id, partner id) for a number as given. The phone index holds normalized E.164
    numbers only, and normalizing one gives it back; so an E.164 number (as Amazon Connect passes a caller's) is
    looked up as it is, and parsed (phonenumbers, ~40 ms to import) only when that finds no one.
    Raises ValueError for what is not a phone number."""
    if E164.fullmatch(text):
        customer_id, partner_id = identify(text)
        if customer_id or partner_id:
            return text, customer_id, partner_id
    e164 = normalize_phone(text, default_region)
    if e164 == text:
        return e164, None, None  # looked up already
    return (e164, *identify(e164))


def find_caller(phone: str | None) -> CallerCard:
    customer_id, partner_id = identify(phone)
    if customer_id is None:
        return CallerCard(phone, partner_id=partner_id)
    return load_card(customer_id, phone, partner_id)


def card_keys(customer_id: str) -> list[tuple[str, str]]:
    """Every item a caller card is made of, by key."""
    return [card_key(customer_id), *caller_card_keys(customer_id), *open_case_keys(customer_id)]


def load_card(customer_id: str, phone: str | None = None, partner_id: str | None = None) -> CallerCard:
    return card_of(Prefetch(card_keys(customer_id)).items(), customer_id, phone, partner_id)


def card_of(
    items: Iterable[CrmItem], customer_id: str, phone: str | None = None, partner_id: str | None = None
) -> CallerCard:
    """The card from its items (any others among them are ignored); an inactive customer is no known caller."""
    out = CallerCard(phone, customer_id=customer_id, partner_id=partner_id)
    for item in items:
        if isinstance(item, Customer):
            if item.status != "active":
                return CallerCard(phone, partner_id=partner_id)
            out.name, out.language, out.owner = item.name, item.language, item.owner
            out.vip = "vip" in {t.lower() for t in item.tags or []}
            out.postal_code = item.address.postal_code if item.address else None
        elif isinstance(item, CustomerCard):
            out.card = item
        elif isinstance(item, OpenCase):
            out.open_case_id, out.open_case_owner = item.case_id, item.owner or None
        elif isinstance(item, CustomerFigures):
            out.rfm_segment, out.clv_band = item.rfm_segment, item.clv_band
            out.churn_level, out.next_product = item.churn_level, item.next_product
        elif isinstance(item, Attribution):
            out.attributed_partner = item.partner_id
    return out
