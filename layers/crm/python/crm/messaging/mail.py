"""Sending email and SMS: templates in the recipient's language, suppression and consent checked at send time,
every send claimed once by its send id (a retry never sends twice), real MIME with RFC 8058 one-click
unsubscribe headers, SES v2 for email and SNS for SMS, a timeline entry per message."""

from __future__ import annotations

import html as htmlmod
import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError

from crm.aws import client
from crm.config import env, required
from crm.customers.public import new_entry
from crm.db import CrmItem, new_id, now_iso
from crm.errors import ValidationFailed
from crm.messaging import signing
from crm.messaging.models import SendRecord, Suppression
from crm.messaging.repository import SEND_SK, campaign_sends_index, find_template, send_pk, suppression_pk
from crm.messaging.schemas import SendResult
from crm.messaging.survey_templates import SURVEY_TEMPLATES

# Every link in a message points at this API; a function that may send mail without it fails at start.
PUBLIC_API_URL = required("PUBLIC_API_URL").rstrip("/")  # the links in emails need this API's public address

DEFAULT_TEMPLATES = {
    ("newsletter_confirm", "en"): (
        "Please confirm your subscription to {list_name}",
        "Hello {first_name},\n\nplease confirm that you want to receive {list_name}:\n"
        "{confirm_url}\n\nIf you did not ask for it, ignore this email.",
        '<p>Hello {first_name},</p><p>please <a href="{confirm_url}">confirm</a> that you '
        "want to receive {list_name}.</p>",
    ),
    ("newsletter_confirm", "pl"): (
        "Potwierdź subskrypcję {list_name}",
        "Dzień dobry {first_name},\n\nprosimy potwierdzić subskrypcję {list_name}:\n{confirm_url}\n",
        '<p>Dzień dobry {first_name},</p><p>prosimy <a href="{confirm_url}">'
        "potwierdzić</a> subskrypcję {list_name}.</p>",
    ),
}
DEFAULT_TEMPLATES |= SURVEY_TEMPLATES


def public_url(path: str) -> str:
    """An absolute link to this API (confirm, unsubscribe, tracking): PUBLIC_API_URL is set by the template."""
    return PUBLIC_API_URL + path


def mail_from() -> str:
    return env("MAIL_FROM", "news@crm.example")


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render(name: str, lang: str, values: dict[str, Any]) -> tuple[str, str, str | None, str | None]:
    """(subject, text, html, sms) of a template in the language, falling back to English, then built-ins."""
    item = None
    for candidate in dict.fromkeys([lang or "en", "en"]):
        item = find_template(name, candidate)
        if item is not None:
            break
    if item is not None:
        subject, text, html, sms = item.subject, item.text, item.html, item.sms
    elif (name, lang) in DEFAULT_TEMPLATES or (name, "en") in DEFAULT_TEMPLATES:
        subject, text, html = DEFAULT_TEMPLATES.get((name, lang)) or DEFAULT_TEMPLATES[(name, "en")]
        sms = None
    else:
        raise ValidationFailed(f"no message template {name!r}", {"template": "unknown"})
    return fill(subject, text, html, sms, values)


def fill(
    subject: str, text: str, html: str | None, sms: str | None, values: dict[str, Any]
) -> tuple[str, str, str | None, str | None]:
    """{placeholders} filled: a missing value is blank, values in HTML are escaped."""
    plain = _Blank({k: "" if v is None else str(v) for k, v in values.items()})
    escaped = _Blank({k: htmlmod.escape(v) for k, v in plain.items()})
    try:
        return (
            subject.format_map(plain),
            text.format_map(plain),
            html.format_map(escaped) if html else None,
            sms.format_map(plain) if sms else None,
        )
    except (ValueError, IndexError, AttributeError) as exc:  # a stray { or a {0} in a template
        raise ValidationFailed(f"the template does not fill: {exc}", {"template": "braces"}) from exc


def suppressed(channel: str, address: str) -> str | None:
    try:
        return Suppression.get(suppression_pk(channel), address.lower()).reason
    except DoesNotExist:
        return None


def suppress(channel: str, address: str, reason: str) -> None:
    Suppression(
        pk=suppression_pk(channel),
        sk=address.lower(),
        channel=channel,
        address=address.lower(),
        reason=reason,
        at=now_iso(),
    ).save()


def claim(send_id: str, channel: str, to: str | None, **fields: Any) -> tuple[SendRecord, bool]:
    """The send record, and whether this call owns the send (False: an earlier attempt did it already)."""
    record = SendRecord(
        pk=send_pk(send_id), sk=SEND_SK, send_id=send_id, channel=channel, to=to, status="claimed", **fields
    )
    if fields.get("campaign_id"):
        record.gsi1pk, record.gsi1sk = campaign_sends_index(fields["campaign_id"]), send_id
    try:
        record.save(condition=CrmItem.pk.does_not_exist())
        return record, True
    except PutError:
        return SendRecord.get(send_pk(send_id), SEND_SK), False


def _finish(record: SendRecord, status: str, reason: str | None = None, message_id: str | None = None) -> None:
    record.update(
        actions=[
            SendRecord.status.set(status),
            SendRecord.reason.set(reason) if reason is not None else SendRecord.reason.remove(),
            SendRecord.message_id.set(message_id) if message_id is not None else SendRecord.message_id.remove(),
            SendRecord.sent_at.set(now_iso()),
        ]
    )


def mime(to: str, subject: str, text: str, html: str | None, unsubscribe_token: str | None) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = mail_from(), to, subject
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain=mail_from().split("@")[-1])
    if unsubscribe_token:  # RFC 8058: one POST to this URL unsubscribes, no login, no page
        domain = mail_from().split("@")[-1]
        one_click = public_url("/unsubscribe?token=" + unsubscribe_token)
        msg["List-Unsubscribe"] = f"<{one_click}>, <mailto:unsubscribe@{domain}?subject=unsubscribe>"
        msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    msg.set_content(text)
    if html:
        msg.add_alternative(html, subtype="html")
    return msg


def tracked(html: str, campaign_id: str, send_id: str) -> str:
    """Links go through the click redirect, a pixel records opens, and a hidden trap link catches scanners that
    follow every link (no person can click it)."""

    def swap(m: re.Match[str]) -> str:
        url = htmlmod.unescape(m.group(1))
        token = signing.sign("click", {"c": campaign_id, "s": send_id, "u": url}, ttl_days=120)
        return f'href="{public_url("/t/c?token=" + token)}"'

    out = re.sub(r'href="(https?://[^"]+)"', swap, html)
    trap = signing.sign("click", {"c": campaign_id, "s": send_id, "u": "trap", "trap": True}, ttl_days=120)
    pixel = signing.sign("open", {"c": campaign_id, "s": send_id}, ttl_days=120)
    return (
        out + f'<a href="{public_url("/t/c?token=" + trap)}" style="display:none" aria-hidden="true" '
        f'tabindex="-1">.</a><img src="{public_url("/t/o?token=" + pixel)}" width="1" height="1" alt="">'
    )


def _compose(
    to: str,
    template: str,
    lang: str,
    values: dict[str, Any],
    *,
    marketing: bool,
    campaign_id: str | None,
    list_id: str | None,
    send_id: str,
) -> tuple[str, EmailMessage]:
    """The rendered message: marketing mail gets signed unsubscribe and preference links (and RFC 8058 headers),
    a campaign's HTML gets tracked links."""
    unsub = signing.sign("unsub", {"e": to, "l": list_id, "c": campaign_id}) if marketing else None
    prefs = signing.sign("prefs", {"e": to}) if marketing else None
    values = {
        **values,
        "unsubscribe_url": public_url(f"/unsubscribe?token={unsub}") if unsub else "",
        "preferences_url": public_url(f"/preferences?token={prefs}") if prefs else "",
    }
    subject, text, html, _ = render(template, lang, values)
    if marketing and campaign_id and html:
        html = tracked(html, campaign_id, send_id)
    if marketing:
        text += f"\n\n--\nUnsubscribe: {values['unsubscribe_url']}\nPreferences: {values['preferences_url']}"
    return subject, mime(to, subject, text, html, unsub)


def send_email(
    *,
    send_id: str,
    to: str,
    template: str,
    lang: str,
    values: dict[str, Any],
    marketing: bool,
    consent: bool = True,
    customer_id: str | None = None,
    campaign_id: str | None = None,
    list_id: str | None = None,
    actor: str | None = None,
) -> SendResult:
    record, mine = claim(send_id, "email", to, customer_id=customer_id, campaign_id=campaign_id, template=template)
    if not mine:
        return SendResult.model_validate(
            {
                "send_id": send_id,
                "status": record.status,
                "reason": record.reason,
                "message_id": record.message_id,
                "repeated": True,
            }
        )
    why = (
        suppressed("EMAIL", to)
        or (suppressed("EMAIL_MARKETING", to) and marketing and "unsubscribed")
        or (None if consent or not marketing else "no marketing consent")
    )
    if why:
        _finish(record, "skipped", why)
        return SendResult.model_validate({"send_id": send_id, "status": "skipped", "reason": why})
    subject, msg = _compose(
        to, template, lang, values, marketing=marketing, campaign_id=campaign_id, list_id=list_id, send_id=send_id
    )
    configuration = env("MAIL_CONFIGURATION_SET")
    response = client("sesv2").send_email(
        FromEmailAddress=mail_from(),
        Destination={"ToAddresses": [to]},
        Content={"Raw": {"Data": msg.as_bytes()}},
        **({"ConfigurationSetName": configuration} if configuration else {}),
    )
    message_id = response["MessageId"]
    _finish(record, "sent", None, message_id)
    if customer_id:
        new_entry(
            customer_id,
            "email",
            f"Email sent: {subject}",
            channel="email",
            direction="outbound",
            actor=actor or "crm",
            ref={"send_id": send_id, "message_id": message_id, **({"campaign_id": campaign_id} if campaign_id else {})},
        ).save()
    return SendResult.model_validate(
        {"send_id": send_id, "status": "sent", "message_id": message_id, "subject": subject}
    )


def send_sms(
    *,
    send_id: str,
    to: str,
    template: str,
    lang: str,
    values: dict[str, Any],
    marketing: bool,
    consent: bool = True,
    customer_id: str | None = None,
    actor: str | None = None,
    campaign_id: str | None = None,
) -> SendResult:
    extra = {"campaign_id": campaign_id} if campaign_id else {}
    record, mine = claim(send_id, "sms", to, customer_id=customer_id, template=template, **extra)
    if not mine:
        return SendResult.model_validate(
            {"send_id": send_id, "status": record.status, "reason": record.reason, "repeated": True}
        )
    why = suppressed("SMS", to) or (None if consent or not marketing else "no SMS consent")
    if why:
        _finish(record, "skipped", why)
        return SendResult.model_validate({"send_id": send_id, "status": "skipped", "reason": why})
    _, text, _, sms = render(template, lang, values)
    body = (sms or text)[:1600] + ("\nReply STOP to opt out." if marketing else "")
    message_id = client("sns").publish(PhoneNumber=to, Message=body)["MessageId"]
    _finish(record, "sent", None, message_id)
    if customer_id:
        new_entry(
            customer_id,
            "sms",
            f"SMS sent: {body[:80]}",
            channel="sms",
            direction="outbound",
            actor=actor or "crm",
            ref={"send_id": send_id},
        ).save()
    return SendResult.model_validate({"send_id": send_id, "status": "sent", "message_id": message_id})


def new_send_id() -> str:
    return new_id(32)
