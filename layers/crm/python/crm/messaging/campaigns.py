"""Campaigns: an audience (a newsletter's confirmed subscribers, or customers by tag/country/radius with email
consent), an optional holdout group, sending through SQS at the rate the queue's consumer allows, tracking of
opens and clicks with automated clicks filtered out, and a report with raw and filtered figures, conversions
after a filtered click and uplift against the holdout."""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from typing import Any

from crm.aws import client, schedule_once
from crm.config import env
from crm.customers.public import Customer, all_customers, customers_tagged, figures_of
from crm.db import get_or_404, new_id, now_iso
from crm.errors import Conflict, ValidationFailed
from crm.messaging import mail, schemas, signing
from crm.messaging.models import Campaign, SendRecord, Subscriber, TrackEvent
from crm.messaging.repository import (
    ALL_CAMPAIGNS,
    META_SK,
    SUB_PREFIX,
    TRACK_PREFIX,
    campaign_pk,
    campaign_sends_index,
    find_send,
    list_pk,
    track_sk,
)
from crm.messaging.survey_links import rating_links
from crm.orders.public import COUNTED, orders_of_customer

SCANNER_AGENTS = re.compile(
    r"bot|crawl|spider|scan|preview|barracuda|mimecast|proofpoint|safelinks|"
    r"microsoft office existence|python-requests|go-http-client|headless",
    re.I,
)
TOO_FAST_SECONDS = 10  # a click within seconds of delivery is a scanner opening every link


def _parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def create(data: dict[str, Any]) -> schemas.CampaignOut:
    cid = new_id(10)
    c = Campaign(
        pk=campaign_pk(cid),
        sk=META_SK,
        gsi1pk=ALL_CAMPAIGNS,
        gsi1sk=f"{now_iso()}#{cid}",
        campaign_id=cid,
        status="draft",
        created_at=now_iso(),
        **data,
    )
    c.save()
    return campaign_out(c)


def campaign_out(c: Campaign) -> schemas.CampaignOut:
    return schemas.CampaignOut.model_validate(
        {
            "campaign_id": c.campaign_id,
            "name": c.name,
            "template": c.template,
            "list_id": c.list_id,
            "segment": c.segment.as_dict() if c.segment is not None else None,
            "channel": c.channel or "email",
            "holdout_pct": int(c.holdout_pct),
            "conversion_days": int(c.conversion_days),
            "status": c.status,
            "created_at": c.created_at,
            "launched_at": c.launched_at,
        }
    )


def load(campaign_id: str) -> Campaign:
    return get_or_404(
        Campaign,
        campaign_pk(campaign_id),
        META_SK,
        f"campaign {campaign_id} does not exist",
        {"campaign_id": "unknown"},
    )


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


FIGURE_KEYS = ("rfm_segment", "clv_band", "lifecycle_stage", "best_channel")


def _in_segment(p: Customer, seg: dict[str, str], figures: Any) -> bool:
    """Country, distance from a point, and the analytics jobs' figures (segment, band, stage, best channel)."""
    if seg.get("country") and (not p.address or p.address.country != seg["country"]):
        return False
    if seg.get("near"):
        lat, lon, km = (float(x) for x in seg["near"].split(","))
        a = p.address
        if not a or a.latitude is None or _km((lat, lon), (float(a.latitude), float(a.longitude))) > km:
            return False
    wanted = {k: seg[k] for k in FIGURE_KEYS if seg.get(k)}
    return not wanted or (figures is not None and all(getattr(figures, k) == v for k, v in wanted.items()))


def _route(p: Customer, channel: str, best: str | None) -> tuple[str, str, bool] | None:
    """(channel, address, consent) for one customer: the campaign's channel, or for "best" the one they answer
    on when they gave consent for it, else the other one they consented to, else email (counted as no consent)."""
    consent = p.consent
    email = (p.emails[0], bool(consent and consent.email_marketing)) if p.emails else None
    sms = (p.phones[0], bool(consent and consent.sms_marketing)) if p.phones else None
    options = {"email": email, "sms": sms}
    if channel != "best":
        found = options[channel]
        return (channel, *found) if found else None
    order = ["sms", "email"] if best == "sms" else ["email", "sms"]
    for ch in order:
        found = options[ch]
        if found and found[1]:
            return ch, *found
    return ("email", *email) if email else None


def audience(c: Campaign) -> Iterator[dict[str, Any]]:
    """Recipients: confirmed subscribers of the list, or active customers matching the segment, each with the
    channel and address to reach them on and whether they consented to marketing there."""
    if c.list_id:
        for s in Subscriber.query(list_pk(c.list_id), Subscriber.sk.startswith(SUB_PREFIX)):
            if s.status == "confirmed":
                yield {
                    "channel": "email",
                    "email": s.email,
                    "customer_id": s.customer_id,
                    "first_name": s.first_name or "",
                    "lang": s.language or "en",
                    "consent": True,
                }
        return
    seg = c.segment.as_dict() if c.segment is not None else {}
    channel = c.channel or "email"
    needs_figures = channel == "best" or any(seg.get(k) for k in FIGURE_KEYS)
    people: Iterable[Customer] = customers_tagged(seg["tag"]) if seg.get("tag") else all_customers()
    for p in people:
        if p.status != "active":
            continue
        figures = figures_of(p.customer_id) if needs_figures else None  # one GetItem
        route = _route(p, channel, figures.best_channel if figures is not None else None)
        if route and _in_segment(p, seg, figures):
            yield {
                "channel": route[0],
                "email" if route[0] == "email" else "phone": route[1],
                "customer_id": p.customer_id,
                "first_name": p.first_name or p.name,
                "lang": p.language or "en",
                "consent": route[2],
            }


def in_holdout(campaign_id: str, email: str, pct: int) -> bool:
    return int(hashlib.sha256(f"{campaign_id}|{email}".encode()).hexdigest()[:8], 16) % 100 < pct


def launch(campaign_id: str, queue: Any = None) -> schemas.CampaignLaunched:
    """Enqueue one message per recipient (send id = campaign + address, so a relaunch or a redelivered message
    never sends twice); the holdout group is recorded, not sent to."""
    c = load(campaign_id)
    if c.status != "draft":
        raise Conflict(f"campaign {campaign_id} is {c.status}", {"campaign_id": c.status})
    c.status, c.launched_at = "sending", now_iso()
    c.save()
    counts = {"queued": 0, "holdout": 0, "no_consent": 0}
    url = env("CAMPAIGN_QUEUE_URL")
    batch: list[dict[str, Any]] = []
    for r in audience(c):
        if not r["consent"]:
            counts["no_consent"] += 1
            continue
        address = r.get("email") or r["phone"]
        send_id = f"{campaign_id}:{hashlib.sha256(address.encode()).hexdigest()[:16]}"
        if in_holdout(campaign_id, address, int(c.holdout_pct)):
            record, mine = mail.claim(
                send_id,
                r["channel"],
                address,
                customer_id=r["customer_id"],
                campaign_id=campaign_id,
                template=c.template,
                holdout=True,
            )
            if mine:
                record.update(actions=[SendRecord.status.set("holdout")])
            counts["holdout"] += 1
            continue
        message = {"campaign_id": campaign_id, "send_id": send_id, **r}
        if url:
            batch.append({"Id": str(len(batch)), "MessageBody": json.dumps(message)})
            if len(batch) == 10:
                (queue or _sqs()).send_message_batch(QueueUrl=url, Entries=batch)
                batch = []
        else:
            send_one(message)
        counts["queued"] += 1
    if batch:
        (queue or _sqs()).send_message_batch(QueueUrl=url, Entries=batch)
    return schemas.CampaignLaunched(campaign_id=campaign_id, **counts)


def _sqs() -> Any:
    return client("sqs")


def send_one(message: dict[str, Any]) -> schemas.SendResult:
    c = load(message["campaign_id"])
    values = {"first_name": message.get("first_name", "")}
    lang = message.get("lang") or "en"
    if c.template == "nps_survey" and message.get("customer_id"):  # the NPS question: a rating link per score
        survey = f"nps-{c.campaign_id}-{message['customer_id']}"
        values |= rating_links(survey, "nps", message["customer_id"], lang, c.campaign_id)
    if message.get("channel") == "sms":
        return mail.send_sms(
            send_id=message["send_id"],
            to=message["phone"],
            template=c.template,
            lang=lang,
            values=values,
            marketing=True,
            consent=message.get("consent", True),
            customer_id=message.get("customer_id"),
            campaign_id=c.campaign_id,
        )
    return mail.send_email(
        send_id=message["send_id"],
        to=message["email"],
        template=c.template,
        lang=lang,
        marketing=True,
        consent=message.get("consent", True),
        customer_id=message.get("customer_id"),
        campaign_id=c.campaign_id,
        list_id=c.list_id,
        values=values,
    )


def track(kind: str, token: str, *, method: str, user_agent: str | None) -> str | None:
    """Record an open or click; returns the click's target. Flags: HEAD request, scanner agent, within seconds
    of sending, the hidden trap link."""
    data = signing.verify(kind, token)
    send = find_send(data["s"])
    at = now_iso()
    flags = []
    if method == "HEAD":
        flags.append("HEAD request")
    if user_agent and SCANNER_AGENTS.search(user_agent):
        flags.append("scanner user agent")
    if send and send.sent_at and (_parse(at) - _parse(send.sent_at)).total_seconds() < TOO_FAST_SECONDS:
        flags.append(f"within {TOO_FAST_SECONDS}s of sending")
    if data.get("trap"):
        flags.append("hidden trap link")
    TrackEvent(
        pk=campaign_pk(data["c"]),
        sk=track_sk(data["s"], at, new_id(4)),
        campaign_id=data["c"],
        send_id=data["s"],
        customer_id=send.customer_id if send else None,
        kind=kind,
        url=data.get("u"),
        at=at,
        method=method,
        user_agent=(user_agent or "")[:300],
        automated=flags,
    ).save()
    return None if kind == "open" or data.get("trap") else data.get("u")


def report(campaign_id: str) -> schemas.CampaignReport:
    c = load(campaign_id)
    sends = list(SendRecord.gsi1.query(campaign_sends_index(campaign_id)))
    events = list(TrackEvent.query(c.pk, TrackEvent.sk.startswith(TRACK_PREFIX)))
    trapped = {e.send_id for e in events if "hidden trap link" in e.automated}
    human = [e for e in events if not e.automated and e.send_id not in trapped]
    clicks_raw = [e for e in events if e.kind == "click" and e.url != "trap"]
    clicks = [e for e in human if e.kind == "click"]
    window = timedelta(days=int(c.conversion_days))

    def converted(customer_id: str | None, since: str) -> bool:
        if not customer_id:
            return False
        start, end = since, (_parse(since) + window).isoformat()
        return any(o.status in COUNTED for o in orders_of_customer(customer_id, created_between=(start, end + "~")))

    first_click: dict[str, TrackEvent] = {}
    for e in sorted(clicks, key=lambda e: e.at):
        first_click.setdefault(e.send_id, e)
    attributed = sum(converted(e.customer_id, e.at) for e in first_click.values())
    sent = [s for s in sends if s.status == "sent"]
    holdout = [s for s in sends if s.status == "holdout"]
    launched = c.launched_at or c.created_at
    treat_rate = sum(converted(s.customer_id, launched) for s in sent) / len(sent) if sent else None
    hold_rate = sum(converted(s.customer_id, launched) for s in holdout) / len(holdout) if holdout else None
    return schemas.CampaignReport.model_validate(
        {
            "campaign": campaign_out(c),
            "sent": len(sent),
            "skipped": sum(s.status == "skipped" for s in sends),
            "holdout": len(holdout),
            "opens": {"raw": sum(e.kind == "open" for e in events), "filtered": sum(e.kind == "open" for e in human)},
            "clicks": {
                "raw": len(clicks_raw),
                "filtered": len(clicks),
                "unique_filtered": len(first_click),
                "automated_reasons": sorted({r for e in events for r in e.automated}),
            },
            "conversions_after_click": attributed,
            "conversion_rate": {
                "treated": treat_rate,
                "holdout": hold_rate,
                "uplift_points": round((treat_rate - hold_rate) * 100, 2)
                if treat_rate is not None and hold_rate is not None
                else None,
            },
        }
    )


def schedule(campaign_id: str, at: datetime, scheduler: Any = None) -> schemas.CampaignScheduled:
    c = load(campaign_id)
    if c.status != "draft":
        raise Conflict(f"campaign {campaign_id} is {c.status}", {"campaign_id": c.status})
    if at.timestamp() < datetime.now(at.tzinfo).timestamp():
        raise ValidationFailed("the time is in the past", {"at": "in the past"})
    schedule_once(
        f"crm-campaign-{campaign_id}", at, "CAMPAIGN_LAUNCH_TARGET_ARN", {"campaign_id": campaign_id}, scheduler
    )
    return schemas.CampaignScheduled(campaign_id=campaign_id, scheduled_at=at.isoformat())
