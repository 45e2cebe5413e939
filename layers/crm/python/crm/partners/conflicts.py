"""Conflict detection for deal registrations: existing customers (tax id, domain, fuzzy name) with their open
opportunities, and other active registrations matching the same way."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from crm.contactinfo import company_name_key
from crm.customers.public import customers_by_identifier, customers_by_name_prefix
from crm.db import now_iso
from crm.partners.models import Registration
from crm.partners.repository import registrations_by_id, registrations_matching
from crm.sales.public import open_opportunities_of

NAME_MATCH = 0.85  # difflib ratio of normalized company names from which two names are the same company
ACTIVE_REG = ("submitted", "approved")


def match_keys(company: str, domain: str | None, tax_id: str | None) -> list[tuple[str, str]]:
    keys = [("NAME", company_name_key(company)[:4])] if company_name_key(company) else []
    if domain:
        keys.append(("DOMAIN", domain))
    if tax_id:
        keys.append(("TAXID", tax_id))
    return keys


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, company_name_key(a), company_name_key(b)).ratio()


def _matching_customers(company: str, domain: str | None, tax_id: str | None) -> dict[str, str]:
    """customer id -> how it matched: tax id or domain (one Query each), or a fuzzy name (one name-prefix Query)."""
    customers: dict[str, str] = {}
    for kind, value in (("TAXID", tax_id), ("DOMAIN", domain)):
        if value:
            for customer_id in customers_by_identifier(kind, value):
                customers.setdefault(customer_id, f"{kind.lower()} {value}")
    for customer_id, name in customers_by_name_prefix(company[:3]):
        ratio = _similar(company, name)
        if ratio >= NAME_MATCH:
            customers.setdefault(customer_id, f"name ~{ratio:.2f} ({name})")
    return customers


def _customer_conflicts(customers: dict[str, str]) -> list[dict[str, Any]]:
    """Each matched customer and its open opportunities (one Query per customer)."""
    found: list[dict[str, Any]] = []
    for cid, how in customers.items():
        found.append({"kind": "customer", "ref_id": cid, "matched_on": how})
        found += [
            {
                "kind": "opportunity",
                "ref_id": o.opportunity_id,
                "matched_on": how,
                "detail": f"{o.name}: {o.stage}, {o.amount} {o.currency}",
                "partner_id": o.partner_id,
            }
            for o in open_opportunities_of(cid)
        ]
    return found


def _active_registrations(
    company: str, domain: str | None, tax_id: str | None, exclude: str | None
) -> list[tuple[Registration, str]]:
    """Other registrations still protecting or awaiting a decision, with how they matched: one Query per match
    key, one BatchGet; a name-prefix match counts only when the names are as similar as NAME_MATCH."""
    reg_ids: dict[str, str] = {}
    for kind, value in match_keys(company, domain, tax_id):
        for key in registrations_matching(kind, value):
            if key.registration_id != exclude:
                reg_ids.setdefault(key.registration_id, f"{kind.lower()} {value}")
    found = []
    for r in registrations_by_id(list(reg_ids)):
        if r.status not in ACTIVE_REG or (r.status == "approved" and protection_ended(r)):
            continue
        how = reg_ids[r.registration_id]
        if how.startswith("name"):
            ratio = _similar(company, r.company)
            if ratio < NAME_MATCH:
                continue
            how = f"name ~{ratio:.2f} ({r.company})"
        found.append((r, how))
    return found


def detect_conflicts(
    company: str, domain: str | None, tax_id: str | None, exclude_registration: str | None = None
) -> list[dict[str, Any]]:
    """Existing customers matching by tax id, domain or a fuzzy name (with their open opportunities), and other
    active registrations matching the same way."""
    found = _customer_conflicts(_matching_customers(company, domain, tax_id))
    found += [
        {
            "kind": "registration",
            "ref_id": r.registration_id,
            "matched_on": how,
            "detail": f"{r.status}, close {r.close_date}",
            "partner_id": r.partner_id,
        }
        for r, how in _active_registrations(company, domain, tax_id, exclude_registration)
    ]
    return found


def protection_ended(r: Registration) -> bool:
    return bool(r.protected_until) and r.protected_until < now_iso()
