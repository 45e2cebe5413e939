"""Newsletter lists as staff see them: each list with its subscriber counts, its subscribers with the evidence of
their consent, and one address's recorded consent steps for a list (double opt-in requested, confirmed, ...)."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist

from crm.contactinfo import normalize_email
from crm.errors import ValidationFailed
from crm.messaging import schemas
from crm.messaging.models import NewsletterList, Subscriber
from crm.messaging.newsletters import load_list
from crm.messaging.repository import consent_events, lists_page, subscriber_sk, subscribers_page


def _list_out(nl: NewsletterList) -> schemas.NewsletterListOut:
    return schemas.NewsletterListOut(
        list_id=nl.list_id,
        name=nl.name,
        wording_version=nl.wording_version,
        created_at=nl.created_at,
        pending=int(nl.pending or 0),
        confirmed=int(nl.confirmed or 0),
        unsubscribed=int(nl.unsubscribed or 0),
    )


def list_newsletters(q: schemas.PageQuery) -> schemas.NewsletterPage:
    items, nxt = lists_page(q.limit, q.cursor)
    return schemas.NewsletterPage(items=[_list_out(nl) for nl in items], next=nxt)


def get_newsletter(list_id: str) -> schemas.NewsletterListOut:
    return _list_out(load_list(list_id))


def _subscriber_out(s: Subscriber) -> schemas.SubscriberOut:
    fields = ("email", "status", "first_name", "language", "customer_id", "updated_at")
    evidence = ("consent_at", "consent_source", "consent_wording")
    return schemas.SubscriberOut.model_validate({k: getattr(s, k) for k in fields + evidence})


def subscribers(list_id: str, q: schemas.PageQuery) -> schemas.SubscriberPage:
    load_list(list_id)  # an unknown list is a 404, not an empty page
    items, nxt = subscribers_page(list_id, q.limit, q.cursor)
    return schemas.SubscriberPage(items=[_subscriber_out(s) for s in items], next=nxt)


def consent_evidence(list_id: str, email: str) -> schemas.ConsentEvidence:
    nl = load_list(list_id)
    try:
        address = normalize_email(email)
    except ValueError as exc:
        raise ValidationFailed("not an email address", {"email": str(exc)}) from exc
    try:
        status: str | None = Subscriber.get(nl.pk, subscriber_sk(address)).status
    except DoesNotExist:
        status = None
    steps = [
        schemas.ConsentStep.model_validate(
            {k: getattr(e, k) for k in ("action", "at", "list_id", "source", "wording_version", "detail")}
        )
        for e in consent_events(address)
        if e.list_id in (list_id, None)  # the list's steps and address-wide ones (marketing unsubscribe)
    ]
    return schemas.ConsentEvidence(list_id=list_id, email=address, status=status, steps=steps)
