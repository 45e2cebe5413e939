"""Campaigns as the console shows them before and after launch: the list, one campaign, and the audience
preview — how many the list or segment holds and how many consent, suppression and the holdout leave out,
counted with the same rules the launch applies (so the preview is what the launch will do)."""

from __future__ import annotations

from crm.messaging import campaigns, mail, schemas
from crm.messaging.repository import campaigns_page


def list_campaigns(q: schemas.CampaignQuery) -> schemas.CampaignPage:
    items, nxt = campaigns_page(q.limit, q.cursor)
    return schemas.CampaignPage(items=[campaigns.campaign_out(c) for c in items], next=nxt)


def get_campaign(campaign_id: str) -> schemas.CampaignOut:
    return campaigns.campaign_out(campaigns.load(campaign_id))


def audience_preview(campaign_id: str) -> schemas.AudiencePreview:
    c = campaigns.load(campaign_id)
    counts = {"matching": 0, "no_consent": 0, "suppressed": 0, "holdout": 0, "will_send": 0, "by_sms": 0}
    for r in campaigns.audience(c):
        counts["matching"] += 1
        address = r.get("email") or r["phone"]
        if not r["consent"]:
            counts["no_consent"] += 1
        elif campaigns.in_holdout(campaign_id, address, int(c.holdout_pct)):
            counts["holdout"] += 1
        elif _suppressed(r["channel"], address):
            counts["suppressed"] += 1  # the send worker would skip them
        else:
            counts["will_send"] += 1
            counts["by_sms"] += r["channel"] == "sms"
    return schemas.AudiencePreview(campaign_id=campaign_id, **counts)


def _suppressed(channel: str, address: str) -> bool:
    if channel == "sms":
        return bool(mail.suppressed("SMS", address))
    return bool(mail.suppressed("EMAIL", address) or mail.suppressed("EMAIL_MARKETING", address))
