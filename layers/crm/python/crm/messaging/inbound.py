"""What comes back: inbound email (SES receipt rule → S3 → MIME parsed → the sender's customer timeline, with
attachments kept in S3), SES feedback (bounces and complaints → suppression), inbound SMS (STOP and friends opt
the number out; anything else is an interaction)."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from typing import Any

from crm.customers.public import customer_with, new_entry
from crm.db import now_iso
from crm.messaging import mail
from crm.sales.public import lead_answered

STOP_WORDS = {"STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "STOPP", "NIE"}


def parse(raw: bytes) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(raw)


def body_text(msg: EmailMessage) -> str:
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    text = part.get_content()
    if part.get_content_type() == "text/html":
        text = re.sub(r"<[^>]+>", " ", text)
    # drop the quoted original of a reply
    lines = []
    for line in text.splitlines():
        if line.startswith(">") or re.match(r"^On .+ wrote:$", line.strip()):
            break
        lines.append(line)
    return "\n".join(lines).strip()


def _customer_of(address: str) -> str | None:
    return customer_with("EMAIL", address.lower())


def record_inbound_email(raw: bytes, bucket: str, s3: Any, raw_key: str | None = None) -> dict[str, Any]:
    """`raw_key`: where SES stored the message; kept on the timeline entry so a GDPR erasure finds it."""
    msg = parse(raw)
    sender = parseaddr(str(msg.get("From", "")))[1].lower()
    message_id = str(msg.get("Message-ID", "")).strip("<>") or "no-id"
    safe_id = re.sub(r"[^A-Za-z0-9._-]", "_", message_id)[:80]
    attachments = []
    for part in msg.iter_attachments():
        name = re.sub(r"[^A-Za-z0-9._-]", "_", part.get_filename() or "attachment")[:100]
        key = f"attachments/{safe_id}/{name}"
        s3.put_object(
            Bucket=bucket,
            Key=key,
            Body=part.get_content() if isinstance(part.get_content(), bytes) else str(part.get_content()).encode(),
            ContentType=part.get_content_type(),
            ServerSideEncryption="aws:kms",
        )
        attachments.append(key)
    customer_id = _customer_of(sender)
    subject = str(msg.get("Subject", ""))
    lead_answered(sender, "replied", now_iso())  # a nurturing workflow stops for an address that answers
    if customer_id:
        new_entry(
            customer_id,
            "email",
            f"Email from {sender}: {subject}"[:200],
            channel="email",
            direction="inbound",
            actor=sender,
            body=body_text(msg)[:4000],
            entry_id=f"in-{safe_id}"[:60],
            ref={
                "message_id": message_id,
                "attachments": attachments,
                "raw_key": raw_key,
                "in_reply_to": str(msg.get("In-Reply-To", "")).strip("<>") or None,
            },
        ).save()
    return {"from": sender, "customer_id": customer_id, "subject": subject, "attachments": attachments}


def record_feedback(notification: dict[str, Any]) -> list[str]:
    """SES bounce/complaint notification → suppressed addresses (permanent bounces and every complaint)."""
    kind = notification.get("notificationType") or notification.get("eventType")
    out = []
    if kind == "Bounce" and notification.get("bounce", {}).get("bounceType") == "Permanent":
        for r in notification["bounce"].get("bouncedRecipients", []):
            mail.suppress("EMAIL", r["emailAddress"], "bounce")
            out.append(r["emailAddress"].lower())
    elif kind == "Complaint":
        for r in notification.get("complaint", {}).get("complainedRecipients", []):
            mail.suppress("EMAIL", r["emailAddress"], "complaint")
            out.append(r["emailAddress"].lower())
    return out


def record_inbound_sms(message: dict[str, Any]) -> dict[str, Any]:
    """End User Messaging two-way SMS payload: originationNumber, messageBody."""
    number, text = message.get("originationNumber", ""), (message.get("messageBody") or "").strip()
    customer_id = customer_with("PHONE", number)
    opted_out = text.upper().strip(".! ") in STOP_WORDS
    if opted_out:
        mail.suppress("SMS", number, "STOP keyword")
    if customer_id:
        new_entry(
            customer_id,
            "sms",
            ("SMS opt-out: " if opted_out else "SMS received: ") + text[:150],
            channel="sms",
            direction="inbound",
            actor=number,
            body=text[:1600],
        ).save()
    return {"number": number, "customer_id": customer_id, "opted_out": opted_out}
