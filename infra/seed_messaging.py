"""A new local stack's first emails, so the outbox has something to open, follow and answer from the start:
the templates staff send from the 360 (a follow-up in English and Polish, email and SMS); someone subscribes to
the demo newsletter (the confirmation email, with its confirm link), and earlier readers who confirmed theirs (as
their link's click would), one of whom has since unsubscribed; and a small campaign goes to the wholesale
customers who agreed to marketing (through the template's queue and send worker, like any launch). Made by the
same functions the API calls."""

from __future__ import annotations

from crm.messaging import campaigns, direct, newsletters, schemas, signing

READERS = ("anna.reader@example.com", "piotr.reader@example.com", "lea.reader@example.com")
NEWSLETTER = schemas.TemplateIn(
    subject="Price breaks for resellers, {first_name}",
    text="Hello {first_name},\n\nfrom 50 units our consumables cost 10 % less: https://shop.example/price-breaks\n",
    html="<p>Hello {first_name},</p><p>from 50 units our consumables cost 10 % less: "
    '<a href="https://shop.example/price-breaks">see the price breaks</a>.</p>',
)


FOLLOW_UP = {
    "en": schemas.TemplateIn(
        subject="Following up on our call, {first_name}",
        text="Hello {first_name},\n\nthank you for your time today. {detail}\n\nBest regards\n",
        sms="Thank you for your time today, {first_name}. {detail}",
    ),
    "pl": schemas.TemplateIn(
        subject="Po naszej rozmowie, {first_name}",
        text="Dzień dobry {first_name},\n\ndziękujemy za dzisiejszą rozmowę. {detail}\n\nPozdrawiamy\n",
        sms="Dziękujemy za dzisiejszą rozmowę, {first_name}. {detail}",
    ),
}


def seed_messaging(subscriber: str) -> dict[str, object]:
    direct.put_template("newsletter", "en", NEWSLETTER)
    for lang, template in FOLLOW_UP.items():
        direct.put_template("follow_up", lang, template)
    news = newsletters.create_list("Product news", "2026-01")
    newsletters.subscribe(
        news.list_id, subscriber, first_name=None, language="en", source="demo-seed", wording_version=None
    )
    for n, reader in enumerate(READERS):
        newsletters.subscribe(
            news.list_id, reader, first_name=None, language="en", source="website-footer", wording_version=None
        )
        link = {"l": news.list_id, "e": reader, "v": "2026-01", "s": "website-footer"}
        newsletters.confirm(signing.sign("confirm", link, ttl_days=7))
        if n == len(READERS) - 1:
            newsletters.unsubscribe(signing.sign("unsub", {"e": reader, "l": news.list_id}, ttl_days=7), "one-click")
    campaign = campaigns.create(
        {"name": "Wholesale price breaks", "template": "newsletter", "segment": {"tag": "wholesale"}}
    )
    launched = campaigns.launch(campaign.campaign_id)
    return {"newsletter": news.list_id, "confirmation_to": subscriber, "campaign_emails": launched.queued}
