"""What other contexts may use of the contact centre: the items that let the ACD recognise a partner's phone,
and the signed verification a chat starts with when the customer signed in elsewhere (the customer portal)."""

from __future__ import annotations

from crm.contact_centre.models import PartnerPhone
from crm.contact_centre.repository import partner_phone_sk, phone_index
from crm.db import CrmItem


def partner_phone_items(pk: str, partner_id: str, phones: list[tuple[str, str]]) -> list[CrmItem]:
    """One item per (E.164 phone, contact name) in the partner's partition, on the phone index customers use."""
    return [
        PartnerPhone(
            pk=pk,
            sk=partner_phone_sk(phone),
            gsi1pk=phone_index(phone),
            gsi1sk=pk,
            partner_id=partner_id,
            phone=phone,
            contact_name=name,
        )
        for phone, name in phones
    ]


def verified_session(session_id: str, customer_id: str) -> dict[str, str]:
    """The attributes that tell the IVR's and the chatbot's rules this session's customer is verified (signed to
    the session, as a PIN check signs them)."""
    from crm.contact_centre import ivr

    return {"crm_verified": customer_id, "crm_sig": ivr.sign(session_id, customer_id)}


__all__ = ["partner_phone_items", "verified_session"]
