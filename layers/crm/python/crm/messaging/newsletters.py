"""Newsletters with consent that stands up as evidence: double opt-in by a signed confirmation link, every step
recorded (time, source, wording version), a preference page and one-click unsubscribe that takes effect at once."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.customers.public import customer_with
from crm.db import CrmItem, get_or_404, new_id, now_iso, transaction
from crm.messaging import mail, signing
from crm.messaging.models import ConsentEvent, NewsletterList, Subscriber
from crm.messaging.repository import ALL_LISTS, META_SK, consent_pk, list_pk, subscriber_sk
from crm.messaging.schemas import ListPreference, NewsletterListOut, Preferences, SubscribeAccepted
from crm.throttle import allow


def _move(sub: Subscriber, old: str | None, status: str, source: str | None, wording: str | None) -> None:
    """The subscriber's new status with its evidence, and the list's counts moved with it, in one transaction;
    the condition on the old status makes a concurrent change a 409, never a miscount."""
    sub.status, sub.updated_at = status, now_iso()
    sub.consent_at, sub.consent_source, sub.consent_wording = sub.updated_at, source, wording
    exists = Subscriber.pk.exists() & (Subscriber.status == old) if old else Subscriber.pk.does_not_exist()
    with transaction("the subscription changed meanwhile: try again") as tx:
        tx.save(sub, condition=exists, name="subscriber")
        if old != status:
            moved = [getattr(NewsletterList, status).add(1)]
            moved += [getattr(NewsletterList, old).add(-1)] if old else []
            tx.update(NewsletterList(pk=sub.pk, sk=META_SK), moved, name="list")


def uncount(subscriptions: list[Subscriber]) -> list[tuple[CrmItem, list[Any]]]:
    """The list count updates that go with deleting these subscriptions (GDPR erasure): one per list."""
    by_list: dict[str, dict[str, int]] = {}
    for s in subscriptions:
        counts = by_list.setdefault(s.pk, {})
        counts[s.status] = counts.get(s.status, 0) + 1
    return [
        (NewsletterList(pk=pk, sk=META_SK), [getattr(NewsletterList, k).add(-n) for k, n in counts.items()])
        for pk, counts in by_list.items()
    ]


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


def load_list(list_id: str) -> NewsletterList:
    return get_or_404(
        NewsletterList, list_pk(list_id), META_SK, f"newsletter {list_id} does not exist", {"list_id": "unknown"}
    )


CONFIRMS_PER_ADDRESS = (3, 86400)  # confirmation mails to one address for one list: 3 a day
CONFIRMS_PER_CLIENT = (20, 3600)  # subscription requests from one client address: 20 an hour


def subscribe(
    list_id: str,
    email: str,
    *,
    first_name: str | None,
    language: str | None,
    source: str,
    wording_version: str | None,
    client_ip: str | None = None,
) -> SubscribeAccepted:
    """Pending until the person confirms from the email; asking again sends a new link, up to the limits above.
    Past a limit nothing is written or sent and the answer is the same, so the endpoint tells nobody anything
    and cannot be used to mail an address without end."""
    nl = load_list(list_id)
    accepted = SubscribeAccepted(status="pending", message="check your inbox to confirm")
    if client_ip and not allow("subscribe-client", client_ip, *CONFIRMS_PER_CLIENT):
        return accepted
    old: str | None = None
    try:
        sub = Subscriber.get(nl.pk, subscriber_sk(email))
        old = sub.status
    except DoesNotExist:
        sub = Subscriber(pk=nl.pk, sk=subscriber_sk(email), list_id=list_id, email=email, status="pending")
    if sub.status == "confirmed":
        return SubscribeAccepted(status="confirmed")
    if not allow("confirm-mail", f"{list_id}#{email}", *CONFIRMS_PER_ADDRESS):
        return accepted
    version = wording_version or nl.wording_version
    sub.first_name, sub.language = first_name, language
    sub.customer_id = customer_with("EMAIL", email)
    _move(sub, old, "pending", source, version)
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
    return accepted


def confirm(token: str) -> dict[str, Any]:
    data = signing.verify("confirm", token)
    nl = load_list(data["l"])
    sub = get_or_404(
        Subscriber, nl.pk, subscriber_sk(data["e"]), "no such subscription", {"token": "unknown subscription"}
    )
    if sub.status != "confirmed":
        _move(sub, sub.status, "confirmed", data.get("s"), data.get("v"))
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
            if sub.status != "unsubscribed":
                _move(sub, sub.status, "unsubscribed", how, sub.consent_wording)
        except DoesNotExist:
            pass
    else:
        mail.suppress("EMAIL_MARKETING", email, "unsubscribed")
    record_consent(email, "unsubscribed", list_id=data.get("l"), source=how, detail=data.get("c"))
    from crm.sales.public import lead_answered  # sales loads with the first unsubscribe only

    lead_answered(email, "unsubscribed", now_iso())  # a nurturing workflow stops for this address
    return {"status": "unsubscribed", "email": email}


def preferences(token: str, changes: dict[str, bool] | None = None) -> Preferences:
    """The subscriptions of the address a signed preferences link names, changed as asked."""
    return preferences_of(signing.verify("prefs", token)["e"], changes, "preferences")


def preferences_of(email: str, changes: dict[str, bool] | None, source: str) -> Preferences:
    """An address's subscription per list, changed as asked; each change in the consent history with `source`
    (the signed link, or the customer portal where the customer signed in) — the evidence of who chose what."""
    out = []
    for nl in lists():
        try:
            sub: Subscriber | None = Subscriber.get(nl.pk, subscriber_sk(email))
        except DoesNotExist:
            sub = None
        wanted = (changes or {}).get(nl.list_id)
        if wanted is not None:
            if wanted and (sub is None or sub.status != "confirmed"):
                old = sub.status if sub else None
                sub = sub or Subscriber(pk=nl.pk, sk=subscriber_sk(email), list_id=nl.list_id, email=email)
                _move(sub, old, "confirmed", source, nl.wording_version)  # the link or the sign-in proves the address
                record_consent(
                    email, "confirmed", list_id=nl.list_id, source=source, wording_version=nl.wording_version
                )
            elif not wanted and sub is not None and sub.status != "unsubscribed":
                _move(sub, sub.status, "unsubscribed", source, sub.consent_wording)
                record_consent(email, "unsubscribed", list_id=nl.list_id, source=source)
        out.append(ListPreference(list_id=nl.list_id, name=nl.name, subscribed=bool(sub and sub.status == "confirmed")))
    return Preferences(email=email, lists=out)
