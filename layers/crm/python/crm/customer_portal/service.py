"""The customer portal's rules: every function takes the customer id from the caller's token (never from the
request), so a customer reaches only their own records — another customer's order or case is a 404, as if it
did not exist. Orders come with their invoice and balance; a case is opened on the web channel and the
conversation shows only what is public; consent and newsletter choices are recorded with the portal as their
source (the evidence of who chose what); the data export is the GDPR export staff would run."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crm.customer_portal import schemas
from crm.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from crm.cases.public import CaseOut
    from crm.messaging.public import Preferences
    from crm.orders.public import OrderOut, OrderPage
    from crm.privacy.public import CustomerExport

SOURCE = "customer portal"


def me(customer_id: str, email: str) -> schemas.MyProfile:
    from crm.customers.public import get_customer

    c = get_customer(customer_id)
    consent = c.consent
    return schemas.MyProfile(
        customer_id=customer_id,
        name=c.name,
        email=email,
        language=c.language,
        consent=schemas.MyConsent(
            email_marketing=bool(consent and consent.email_marketing),
            sms_marketing=bool(consent and consent.sms_marketing),
            source=consent.source if consent else None,
            updated_at=getattr(consent, "updated_at", None) if consent else None,
        ),
    )


def orders(customer_id: str, limit: int, cursor: str | None) -> OrderPage:
    from crm.orders.public import customer_orders_page

    return customer_orders_page(customer_id, limit, cursor)


def order(customer_id: str, order_id: str) -> OrderOut:
    from crm.orders.public import customer_order

    return customer_order(customer_id, order_id)


def cases(customer_id: str, limit: int, cursor: str | None) -> schemas.MyCasePage:
    from crm.cases.public import cases_of_customer

    refs, nxt = cases_of_customer(customer_id, limit, cursor)
    fields = ("case_id", "subject", "status", "category", "created_at", "updated_at")
    return schemas.MyCasePage(
        items=[schemas.MyCase.model_validate({k: getattr(r, k) for k in fields}) for r in refs], next=nxt
    )


def _detail(c: CaseOut, author: str) -> schemas.MyCaseDetail:
    talk = [
        schemas.MyComment(author="you" if m.author == author else "service", body=m.body, created_at=m.created_at)
        for m in c.comments
        if m.public
    ]
    return schemas.MyCaseDetail(
        case_id=c.case_id,
        subject=c.subject,
        status=c.status,
        category=c.category,
        created_at=c.created_at,
        updated_at=c.updated_at,
        description=c.description,
        comments=talk,
    )


def case(customer_id: str, case_id: str, email: str) -> schemas.MyCaseDetail:
    from crm.cases.public import get_case

    try:
        c = get_case(case_id)
    except NotFound:
        c = None
    if c is None or c.customer_id != customer_id:
        raise NotFound(f"case {case_id} does not exist", {"case_id": "unknown"})
    return _detail(c, email)


def open_case(customer_id: str, data: schemas.MyCaseIn, email: str) -> schemas.MyCaseDetail:
    """A case on the web channel, for the customer's owner (or the service queue's default owner)."""
    from crm.cases.public import open_case as open_any
    from crm.customers.public import get_customer

    if data.order_id:
        order(customer_id, data.order_id)  # 404 naming order_id unless it is one of theirs
    owner = get_customer(customer_id).owner
    fields = {"customer_id": customer_id, "subject": data.subject, "description": data.description}
    fields |= {"channel": "web", "category": data.category, "owner": owner, "order_id": data.order_id}
    c = open_any(fields, email)
    return _detail(c, email)


def reply(customer_id: str, case_id: str, body: str, email: str) -> schemas.MyCaseDetail:
    from crm.cases.public import customer_reply

    return _detail(customer_reply(case_id, customer_id, body, email), email)


def set_consent(customer_id: str, data: schemas.ConsentIn, email: str) -> schemas.MyProfile:
    """Marketing consent as the customer sets it; the profile keeps when and where (the portal), the audit trail
    and the timeline who."""
    from crm.customers.public import update_profile

    update_profile(
        customer_id,
        {"consent": {"email_marketing": data.email_marketing, "sms_marketing": data.sms_marketing, "source": SOURCE}},
        email,
    )
    return me(customer_id, email)


def subscriptions(email: str, changes: dict[str, bool] | None = None) -> Preferences:
    """The newsletters of the address the customer signs in with; unknown lists are named, nothing changes."""
    from crm.messaging.public import preferences_of

    if changes:
        known = {p.list_id for p in preferences_of(email, None, SOURCE).lists}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValidationFailed("no such newsletter", {f"lists.{lid}": "unknown list" for lid in unknown})
    return preferences_of(email, changes, SOURCE)


def export(customer_id: str) -> CustomerExport:
    from crm.privacy.public import export_customer

    return export_customer(customer_id)
