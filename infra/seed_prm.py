"""Demo PRM data: a partner of each type (the ids on the demo partner users are P-DEMO-1 and P-DEMO-2), the
converted registrations behind the customers they brought in (their orders are attributed in the order history),
and open registrations that overlap, so the approval queue shows conflicts. Skipped when partners exist."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from crm.customers.models import Attribution
from crm.db import CrmItem
from crm.partners import schemas
from crm.partners.directory import new_partner, partner_phones
from crm.partners.models import Conflict as ConflictItem
from crm.partners.models import Partner
from crm.partners.registrations import new_registration
from crm.partners.repository import index_registration
from infra.seed_business import SOURCED

PARTNERS = [
    ("P-DEMO-1", "Alpen Vertrieb GmbH", "reseller", ["DE", "AT", "CH"], "+43 1 5350000"),
    ("P-DEMO-2", "NorthStar Distribution Ltd", "distributor", ["GB", "NL", "DE"], "+44 20 7946 0000"),
    ("P-AGENT-3", "Iberia Agentes S.L.", "agent", ["ES", "IT"], "+34 912 345 678"),
    ("P-REF-4", "Consulting Kowalski", "referral", ["PL"], "+48 22 555 77 00"),
]


def seed_prm() -> dict[str, int]:
    if next(iter(Partner.gsi1.query("PARTNERS", limit=1)), None) is not None:
        return {}
    now = datetime.now(UTC)
    start = (now - timedelta(days=460)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    items: list[CrmItem] = []
    for pid, name, kind, territory, phone in PARTNERS:
        contact = schemas.PartnerContactIn(name="Partner desk contact", phone=phone)
        p = new_partner(
            schemas.PartnerIn(partner_id=pid, name=name, kind=kind, territory=territory, contacts=[contact]), at=start
        )
        p.version = 1
        items += [p, *partner_phones(p)]
    converted = 0
    for customer_id, (pid, name) in SOURCED.items():
        body = schemas.RegistrationIn(
            company=name,
            expected_value=Decimal(15000),
            currency="EUR",
            products=["MX-100"],
            close_date=(now - timedelta(days=400)).date(),
        )
        r, keys = new_registration(pid, body, f"{pid.lower()}@partners.example", at=start)
        r.status, r.customer_id, r.decided_by, r.decided_at = "converted", customer_id, "manager@crm.local", start
        index_registration(r)
        r.version = 1
        items += [
            r,
            *keys,
            Attribution(
                pk=f"CUST#{customer_id}",
                sk="PARTNER",
                customer_id=customer_id,
                partner_id=pid,
                registration_id=r.registration_id,
                since=start,
            ),
        ]
        converted += 1
    close = (now + timedelta(days=45)).date()
    overlap = [("P-DEMO-1", "approved"), ("P-DEMO-2", "submitted"), ("P-AGENT-3", "expired")]
    first_id = None
    for pid, status in overlap:
        body = schemas.RegistrationIn(
            company="Alpine Tech Solutions AG",
            domain="alpine-tech.example",
            tax_id="ATU12345678",
            country="AT",
            contact_name="Eva Berger",
            expected_value=Decimal(82000),
            currency="EUR",
            products=["MX-200", "SV-INST"],
            close_date=close,
        )
        at = (
            (now - timedelta(days={"approved": 10, "submitted": 2, "expired": 120}[status]))
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z")
        )
        r, keys = new_registration(pid, body, f"{pid.lower()}@partners.example", at=at)
        r.status = status
        if status in ("approved", "expired"):
            r.decided_by, r.decided_at = "manager@crm.local", at
            r.protected_until = (
                (datetime.fromisoformat(at.replace("Z", "+00:00")) + timedelta(days=90))
                .isoformat(timespec="milliseconds")
                .replace("+00:00", "Z")
            )
        if status == "submitted" and first_id:
            r.conflicts = [
                ConflictItem(
                    kind="registration",
                    ref_id=first_id,
                    matched_on="domain alpine-tech.example",
                    detail="approved",
                    partner_id="P-DEMO-1",
                )
            ]
        first_id = first_id or r.registration_id
        index_registration(r)
        r.version = 1
        items += [r, *keys]
    with CrmItem.batch_write() as batch:
        for item in items:
            batch.save(item)
    return {"partners": len(PARTNERS), "registrations": converted + len(overlap)}
