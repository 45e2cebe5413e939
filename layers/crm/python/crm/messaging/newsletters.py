"""Newsletters with consent that stands up as evidence: double opt-in by a signed confirmation link, every step
recorded (time, source, wording version), a preference page and one-click unsubscribe that takes effect at once."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.customers.public import customer_with
from crm.db import get_or_404, new_id, now_iso
from crm.messaging import mail, signing
from crm.messaging.models import ConsentEvent, NewsletterList, Subscriber
from crm.messaging.nurture import stop
from crm.messaging.repository import ALL_LISTS, META_SK, consent_pk, list_pk, subscriber_sk
from crm.messaging.schemas import ListPreference, NewsletterListOut, Preferences, SubscribeAccepted


def record_consent(
    email: str,
    action: str,
    *,
    list_id: str | None = None,
    source: str | None = None,
    wording_version: str | None = None,
    detail: str | None = None,
) -> None:
    at = now_iso()
    ConsentEvent(
        pk=consent_pk(email),
        sk=f"{at}#{new_id(6)}",
        email=email.lower(),
        action=action,
        list_id=list_id,
        source=source,
        wording_version=wording_version,
        at=at,
        detail=detail,
    ).save()


def consent_history(email: str) -> list[dict[str, Any]]:
    return [
        {k: getattr(e, k) for k in ("action", "list_id", "source", "wording_version", "at", "detail")}
        for e in ConsentEvent.query(consent_pk(email))
    ]


def create_list(name: str, wording_version: str) -> NewsletterListOut:
    lid = new_id(10)
    NewsletterList(
        pk=list_pk(lid),
        sk=META_SK,
        gsi1pk=ALL_LISTS,
        gsi1sk=f"{name.casefold()}#{lid}",
        list_id=lid,
        name=name,
        wording_version=wording_version,
        created_at=now_iso(),
    ).save()
    return NewsletterListOut(list_id=lid, name=name, wording_version=wording_version)


def lists() -> list[NewsletterList]:
    return list(NewsletterList.gsi1.query(ALL_LISTS))


def _list(list_id: str) -> NewsletterList:
    return get_or_404(
        NewsletterList, list_pk(list_id), META_SK, f"newsletter {list_id} does not exist", {"list_id": "unknown"}
    )


def subscribe(
    list_id: str, email: str, *, first_name: str | None, language: str | None, source: str, wording_version: str | None
) -> SubscribeAccepted:
    """Pending until the person confirms from the email; asking again just sends a new link."""
    nl = _list(list_id)
    try:
        sub = Subscriber.get(nl.pk, subscriber_sk(email))
    except DoesNotExist:
        sub = Subscriber(pk=nl.pk, sk=subscriber_sk(email), list_id=list_id, email=email, status="pending")
    if sub.status == "confirmed":
        return SubscribeAccepted(status="confirmed")
    sub.first_name, sub.language, sub.status, sub.updated_at = first_name, language, "pending", now_iso()
    sub.customer_id = customer_with("EMAIL", email)
    sub.save()
    version = wording_version or nl.wording_version
    record_consent(email, "subscribe_requested", list_id=list_id, source=source, wording_version=version)
    token = signing.sign("confirm", {"l": list_id, "e": email, "v": version, "s": source}, ttl_days=7)
    mail.send_email(
        send_id=f"confirm:{list_id}:{email}:{new_id(6)}",
        to=email,
        template="newsletter_confirm",
        lang=language or "en",
        marketing=False,
        customer_id=sub.customer_id,
        values={
            "first_name": first_name or "",
            "list_name": nl.name,
            "confirm_url": mail.public_url(f"/newsletters/confirm?token={token}"),
        },
    )
    return SubscribeAccepted(status="pending", message="check your inbox to confirm")


def confirm(token: str) -> dict[str, Any]:
    data = signing.verify("confirm", token)
    nl = _list(data["l"])
    sub = get_or_404(
        Subscriber, nl.pk, subscriber_sk(data["e"]), "no such subscription", {"token": "unknown subscription"}
    )
    if sub.status != "confirmed":
        sub.status, sub.updated_at = "confirmed", now_iso()
        sub.save()
        record_consent(data["e"], "confirmed", list_id=nl.list_id, source=data.get("s"), wording_version=data.get("v"))
    return {"status": "confirmed", "list": nl.name, "email": data["e"]}


def unsubscribe(token: str, how: str) -> dict[str, Any]:
    """One click, at once: the list subscription (when the mail came from a list) and marketing email to the
    address are stopped; the consent history keeps the event."""
    data = signing.verify("unsub", token)
    email = data["e"]
    if data.get("l"):
        try:
            sub = Subscriber.get(list_pk(data["l"]), subscriber_sk(email))
            sub.status, sub.updated_at = "unsubscribed", now_iso()
            sub.save()
        except DoesNotExist:
            pass
    else:
        mail.suppress("EMAIL_MARKETING", email, "unsubscribed")
    record_consent(email, "unsubscribed", list_id=data.get("l"), source=how, detail=data.get("c"))
    stop(email, "unsubscribed")
    return {"status": "unsubscribed", "email": email}


def preferences(token: str, changes: dict[str, bool] | None = None) -> Preferences:
    data = signing.verify("prefs", token)
    email = data["e"]
    out = []
    for nl in lists():
        try:
            sub: Subscriber | None = Subscriber.get(nl.pk, subscriber_sk(email))
        except DoesNotExist:
            sub = None
        wanted = (changes or {}).get(nl.list_id)
        if wanted is not None:
            if wanted and (sub is None or sub.status != "confirmed"):
                sub = sub or Subscriber(pk=nl.pk, sk=subscriber_sk(email), list_id=nl.list_id, email=email)
                sub.status, sub.updated_at = "confirmed", now_iso()  # the signed link proves the address
                sub.save()
                record_consent(
                    email, "confirmed", list_id=nl.list_id, source="preferences", wording_version=nl.wording_version
                )
            elif not wanted and sub is not None and sub.status != "unsubscribed":
                sub.status, sub.updated_at = "unsubscribed", now_iso()
                sub.save()
                record_consent(email, "unsubscribed", list_id=nl.list_id, source="preferences")
        out.append(ListPreference(list_id=nl.list_id, name=nl.name, subscribed=bool(sub and sub.status == "confirmed")))
    return Preferences(email=email, lists=out)
