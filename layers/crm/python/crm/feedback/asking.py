"""Asking for feedback: the CSAT request when a case is resolved (once per case, by email in the customer's
language, else by SMS) with one signed link per rating (crm.messaging's survey links; an NPS campaign's mail
carries the same kind of links)."""

from __future__ import annotations

import contextlib
from typing import Any

from pynamodb.exceptions import PutError

from crm.db import CrmItem, now_iso
from crm.feedback.repository import new_survey


def request_csat(case_id: str, customer_id: str, owner: str, subject: str, category: str, priority: str) -> str:
    """Ask the customer how satisfied they are with a resolved case; what happened ("sent", "skipped", ...)."""
    from crm.customers.public import get_customer
    from crm.messaging.public import rating_links, send_email, send_sms

    customer = get_customer(customer_id)
    lang = (customer.language or "en")[:2]
    email = customer.emails[0] if customer.emails else None
    phone = customer.phones[0] if customer.phones else None
    channel = "email" if email else "sms" if phone else "none"
    survey_id = f"csat-{case_id}"
    survey = new_survey(
        survey_id,
        kind="csat",
        customer_id=customer_id,
        case_id=case_id,
        follow_up_owner=owner,
        subject=subject,
        case_category=category,
        case_priority=priority,
        lang=lang,
        channel=channel,
        asked_at=now_iso(),
    )
    with contextlib.suppress(PutError):  # resolved again after a reopening: asked once, the first time
        survey.save(condition=CrmItem.pk.does_not_exist())
    if channel == "none":
        return "no address"
    values = {"first_name": customer.first_name or customer.name, "case_subject": subject}
    values |= rating_links(survey_id, "csat", customer_id, lang)
    common: dict[str, Any] = {"send_id": f"survey-{survey_id}", "template": "csat_request", "lang": lang}
    common |= {"values": values, "marketing": False, "customer_id": customer_id, "actor": "feedback"}
    result = send_email(to=email, **common) if email else send_sms(to=phone, **common)
    return "asked before" if result.repeated else result.status
