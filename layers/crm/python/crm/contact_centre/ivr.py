"""IVR self-service: caller verification (PIN or postcode, hashed PINs, limited attempts and lockout) and the
intents — order status, open case, last invoice and balance, opening hours, callback request.

Verification is proven to later steps of the same contact by a signature over (contact id, customer id) with a
key only the hooks hold, so a contact attribute cannot be forged into access.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from crm.cases.public import get_case, sla_settings
from crm.contact_centre.caller import CallerCard, load_card
from crm.contact_centre.models import CustomerCard
from crm.contact_centre.prompts import language_of, say
from crm.contact_centre.repository import customer_card
from crm.contact_centre.schemas import PinSet
from crm.customers.public import get_customer
from crm.db import now_iso
from crm.errors import ValidationFailed
from crm.orders.public import balance_due, order_by_invoice, orders_of_customer
from crm.secrets import signing_keys

MAX_ATTEMPTS = 3
LOCK_MINUTES = 30
PBKDF2_ROUNDS = 120_000


def _mac(key: bytes, contact_id: str, customer_id: str) -> str:
    return hmac.new(key, f"{contact_id}|{customer_id}".encode(), hashlib.sha256).hexdigest()[:32]


def sign(contact_id: str, customer_id: str) -> str:
    """`<key id>.<mac>`: the contact's attribute that says the caller was verified (crm.secrets: keys rotate)."""
    keys = signing_keys("IVR_SIGNING")
    return f"{keys.kid}.{_mac(keys.key, contact_id, customer_id)}"


def verified_customer(contact_id: str, attributes: dict[str, str], now: float | None = None) -> str | None:
    cid, sig = attributes.get("crm_verified"), attributes.get("crm_sig", "")
    if not cid or not sig.isascii():  # a forged attribute; compare_digest raises on non-ASCII text
        return None
    kid, _, mac = sig.rpartition(".")
    key = signing_keys("IVR_SIGNING").key_for(kid or None, now)
    return cid if key is not None and hmac.compare_digest(_mac(key, contact_id, cid), mac) else None


def hash_pin(pin: str, salt: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", pin.encode(), bytes.fromhex(salt), PBKDF2_ROUNDS).hex()


def set_pin(customer_id: str, pin: str) -> PinSet:
    """Store a salted PBKDF2 hash of the PIN on the caller card and reset the lockout (404 for an unknown customer)."""
    get_customer(customer_id)
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationFailed("a PIN is 4 to 8 digits", {"pin": "4-8 digits"})
    salt = secrets.token_hex(16)
    c = CustomerCard
    customer_card(customer_id).update(
        actions=[
            c.type.set(CustomerCard),
            c.customer_id.set(customer_id),
            c.pin_salt.set(salt),
            c.pin_hash.set(hash_pin(pin, salt)),
            c.failed_attempts.set(0),
            c.locked_until.remove(),
            c.updated_at.set(now_iso()),
        ]
    )
    return PinSet(customer_id=customer_id, pin_set=True)


def _norm_postcode(v: str | None) -> str:
    return "".join(ch for ch in (v or "") if ch.isalnum()).upper()


def verify(contact_id: str, card: CallerCard, digits: str, now: datetime | None = None) -> dict[str, str]:
    """Check a PIN or postcode; three misses lock self-service for 30 minutes (one UpdateItem per attempt)."""
    now = now or datetime.now(UTC)
    lang = language_of(card.language)
    if card.customer_id is None:
        return {"crm_result": "unknown_caller", "prompt": say("unknown", lang)}
    c = card.card
    if c and c.locked_until and c.locked_until > now.isoformat():
        return {"crm_result": "locked", "prompt": say("locked", lang, minutes=LOCK_MINUTES)}
    ok = False
    if c and c.pin_hash and c.pin_salt and digits.isdigit():
        ok = hmac.compare_digest(hash_pin(digits, c.pin_salt), c.pin_hash)
    if not ok and card.postal_code:
        ok = _norm_postcode(digits) == _norm_postcode(card.postal_code)
    model = CustomerCard
    item = customer_card(card.customer_id)
    if ok:
        if c and (c.failed_attempts or c.locked_until):
            item.update(actions=[model.failed_attempts.set(0), model.locked_until.remove()])
        return {
            "crm_result": "verified",
            "crm_verified": card.customer_id,
            "crm_sig": sign(contact_id, card.customer_id),
            "prompt": say("verified", lang, name=card.name or ""),
        }
    item.update(
        actions=[model.type.set(CustomerCard), model.customer_id.set(card.customer_id), model.failed_attempts.add(1)]
    )
    failed = int(item.failed_attempts or 0)
    if failed >= MAX_ATTEMPTS:
        until = (now + timedelta(minutes=LOCK_MINUTES)).isoformat()
        item.update(actions=[model.locked_until.set(until), model.failed_attempts.set(0)])
        return {"crm_result": "locked", "prompt": say("locked", lang, minutes=LOCK_MINUTES)}
    return {
        "crm_result": "wrong",
        "crm_attempts_left": str(MAX_ATTEMPTS - failed),
        "prompt": say("wrong", lang, left=MAX_ATTEMPTS - failed),
    }


def order_status(customer_id: str, digits: str, lang: str) -> dict[str, str]:
    """The order by its invoice number as keyed in (e.g. 2026000942 for 2026-000942): two GetItems."""
    number = f"{digits[:4]}-{digits[4:]}" if len(digits) > 4 and digits.isdigit() else digits
    order = order_by_invoice(number)
    if order is None or order.customer_id != customer_id:  # someone else's order number: answer as if unknown
        return {"crm_result": "not_found", "prompt": say("order_unknown", lang, number=number)}
    return {
        "crm_result": "ok",
        "crm_order_status": order.status,
        "prompt": say(
            "order_status", lang, number=number, status=order.status, amount=order.grand_total, currency=order.currency
        ),
    }


def case_status(card: CallerCard, lang: str) -> dict[str, str]:
    if not card.open_case_id:
        return {"crm_result": "none", "prompt": say("no_case", lang)}
    case = get_case(card.open_case_id)
    return {
        "crm_result": "ok",
        "crm_case_id": case.case_id,
        "crm_case_status": case.status,
        "prompt": say(
            "case_status",
            lang,
            subject=case.subject,
            status=case.status,
            owner=(case.owner or "").split("@")[0],
        ),
    }


def balance(customer_id: str, lang: str) -> dict[str, str]:
    """The newest order with an invoice and its open balance: one Query on the customer's orders."""
    for o in orders_of_customer(customer_id, limit=5):
        if o.invoice_number:
            return {
                "crm_result": "ok",
                "crm_invoice": o.invoice_number,
                "prompt": say(
                    "balance",
                    lang,
                    number=o.invoice_number,
                    amount=o.grand_total,
                    currency=o.currency,
                    due=balance_due(o),
                ),
            }
    return {"crm_result": "none", "prompt": say("no_invoice", lang)}


def hours(lang: str) -> dict[str, str]:
    cal = sla_settings().calendars["business"]
    days = ", ".join(f"{d} {h.open}-{h.close}" for d, h in cal.hours.items())
    return {"crm_result": "ok", "prompt": say("hours", lang, hours=days, timezone=cal.timezone)}


def caller_card(customer_id: str, phone: str | None) -> CallerCard:
    return load_card(customer_id, phone)
