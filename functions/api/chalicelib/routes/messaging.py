"""Messaging routes. Subscribe, confirm, preferences, one-click unsubscribe and the tracking pixel and click
redirect are public: they are reached from email clients, so a signed token in the link is what authorizes them."""

from __future__ import annotations

import contextlib
import html

from chalice import Response

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.errors import ValidationFailed
from crm.messaging import (
    campaign_views,
    campaigns,
    direct,
    mail,
    newsletter_views,
    newsletters,
    schemas,
    signing,
)

routes = Routes(__name__)
HTML: dict[str, str | list[str]] = {"Content-Type": "text/html; charset=utf-8"}


def _page(title: str, text: str, status: int = 200) -> Response:
    body = f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title><p>{html.escape(text)}</p>"
    return Response(body=body, status_code=status, headers=HTML)


@routes.route(
    "/message-templates",
    "GET",
    permission=Permission.MESSAGE_SEND,
    summary="The message templates staff may send, with their languages and whether they have an SMS text",
    response=schemas.TemplateList,
)
def list_templates(call: Call[None, None]) -> schemas.TemplateList:
    return direct.list_templates()


@routes.route(
    "/message-templates/{name}/{language}",
    "GET",
    permission=Permission.MESSAGE_SEND,
    summary="A saved template in a language",
    response=schemas.TemplateOut,
)
def get_template(call: Call[None, None], name: str, language: str) -> schemas.TemplateOut:
    return direct.get_template(name, language)


@routes.route(
    "/message-templates/preview",
    "POST",
    permission=Permission.MESSAGE_SEND,
    summary="A template filled with sample values, as a send would fill it (nothing is saved or sent)",
    body=schemas.PreviewIn,
    response=schemas.PreviewOut,
)
def preview_template(call: Call[schemas.PreviewIn, None]) -> schemas.PreviewOut:
    return direct.preview(call.body)


@routes.route(
    "/message-templates/{name}/{language}",
    "PUT",
    permission=Permission.MESSAGING_ADMIN,
    summary="Set a message template in a language ({placeholders} are filled per recipient)",
    body=schemas.TemplateIn,
    response=schemas.TemplateOut,
)
def put_template(call: Call[schemas.TemplateIn, None], name: str, language: str) -> schemas.TemplateOut:
    return direct.put_template(name, language, call.body)


@routes.route(
    "/customers/{customer_id}/messages",
    "POST",
    permission=Permission.MESSAGE_SEND,
    summary="Send an email or SMS from a template in the customer's language (consent and suppression "
    "respected; idempotent with Idempotency-Key)",
    body=schemas.MessageIn,
    response=schemas.SendResult,
    status=201,
    idempotent=True,
)
def send_message(call: Call[schemas.MessageIn, None], customer_id: str) -> schemas.SendResult:
    return direct.send_to_customer(customer_id, call.body, call.actor, call.headers.get("idempotency-key"))


@routes.route(
    "/newsletters",
    "POST",
    permission=Permission.MESSAGING_ADMIN,
    summary="Create a newsletter list",
    body=schemas.ListIn,
    response=schemas.NewsletterListOut,
    status=201,
)
def create_newsletter(call: Call[schemas.ListIn, None]) -> schemas.NewsletterListOut:
    return newsletters.create_list(call.body.name, call.body.wording_version)


@routes.route(
    "/newsletters",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="Newsletter lists by name, each with its subscribers counted per status",
    query=schemas.PageQuery,
    response=schemas.NewsletterPage,
)
def list_newsletters(call: Call[None, schemas.PageQuery]) -> schemas.NewsletterPage:
    return newsletter_views.list_newsletters(call.query)


@routes.route(
    "/newsletters/{list_id}/subscribers",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="A list's subscribers by address, each with the evidence of its consent (when, how, which wording)",
    query=schemas.PageQuery,
    response=schemas.SubscriberPage,
)
def list_subscribers(call: Call[None, schemas.PageQuery], list_id: str) -> schemas.SubscriberPage:
    return newsletter_views.subscribers(list_id, call.query)


@routes.route(
    "/newsletters/{list_id}/consent",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="Every recorded consent step of one address for this list",
    query=schemas.ConsentQuery,
    response=schemas.ConsentEvidence,
)
def consent_evidence(call: Call[None, schemas.ConsentQuery], list_id: str) -> schemas.ConsentEvidence:
    return newsletter_views.consent_evidence(list_id, call.query.email)


@routes.route(
    "/newsletters/{list_id}/subscribe",
    "POST",
    permission=None,
    summary="Ask to subscribe (public): a confirmation link is emailed (double opt-in); at most 3 a day per "
    "address and list, and 20 requests an hour per client, answered 202 either way",
    body=schemas.SubscribeIn,
    response=schemas.SubscribeAccepted,
    status=202,
)
def subscribe(call: Call[schemas.SubscribeIn, None], list_id: str) -> schemas.SubscribeAccepted:
    b = call.body
    return newsletters.subscribe(
        list_id,
        b.email,
        first_name=b.first_name,
        language=b.language,
        source=b.source,
        wording_version=b.wording_version,
        client_ip=call.source_ip,
    )


@routes.route(
    "/newsletters/confirm",
    "GET",
    permission=None,
    summary="Confirm a subscription from the emailed link",
    query=schemas.TokenQuery,
    produces="text/html",
)
def confirm_subscription(call: Call[None, schemas.TokenQuery]) -> Response:
    done = newsletters.confirm(call.query.token)
    return _page("Subscribed", f"{done['email']} now receives {done['list']}. Thank you.")


@routes.route(
    "/unsubscribe",
    "POST",
    permission=None,
    summary="One-click unsubscribe (RFC 8058): no login, effective at once",
    query=schemas.TokenQuery,
    content_type="application/x-www-form-urlencoded",
    produces="text/html",
)
def one_click_unsubscribe(call: Call[None, schemas.TokenQuery]) -> Response:
    newsletters.unsubscribe(call.query.token, "one-click")
    return _page("Unsubscribed", "You will not receive these emails any more.")


@routes.route(
    "/unsubscribe",
    "GET",
    permission=None,
    summary="The unsubscribe link in the text: shows a confirm button (link scanners do not unsubscribe)",
    query=schemas.TokenQuery,
    produces="text/html",
)
def unsubscribe_page(call: Call[None, schemas.TokenQuery]) -> Response:
    signing.verify("unsub", call.query.token)
    token = html.escape(call.query.token)
    body = (
        "<!doctype html><meta charset=utf-8><title>Unsubscribe</title>"
        f'<form method="post" action="/unsubscribe?token={token}">'
        '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
        "<button>Unsubscribe</button></form>"
    )
    return Response(body=body, status_code=200, headers=HTML)


@routes.route(
    "/preferences",
    "GET",
    permission=None,
    summary="Newsletter preferences of the address in the token",
    query=schemas.TokenQuery,
    response=schemas.Preferences,
)
def get_preferences(call: Call[None, schemas.TokenQuery]) -> schemas.Preferences:
    return newsletters.preferences(call.query.token)


@routes.route(
    "/preferences",
    "POST",
    permission=None,
    summary="Change newsletter preferences (signed link)",
    query=schemas.TokenQuery,
    body=schemas.PreferencesIn,
    response=schemas.Preferences,
)
def set_preferences(call: Call[schemas.PreferencesIn, schemas.TokenQuery]) -> schemas.Preferences:
    return newsletters.preferences(call.query.token, call.body.lists)


@routes.route(
    "/campaigns",
    "POST",
    permission=Permission.MESSAGING_ADMIN,
    summary="Create a campaign for a newsletter or a customer segment, with an optional holdout",
    body=schemas.CampaignIn,
    response=schemas.CampaignOut,
    status=201,
)
def create_campaign(call: Call[schemas.CampaignIn, None]) -> schemas.CampaignOut:
    return campaigns.create(call.body.model_dump(exclude_none=True))


@routes.route(
    "/campaigns",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="Campaigns, newest first",
    query=schemas.CampaignQuery,
    response=schemas.CampaignPage,
)
def list_campaigns(call: Call[None, schemas.CampaignQuery]) -> schemas.CampaignPage:
    return campaign_views.list_campaigns(call.query)


@routes.route(
    "/campaigns/{campaign_id}",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="A campaign",
    response=schemas.CampaignOut,
)
def get_campaign(call: Call[None, None], campaign_id: str) -> schemas.CampaignOut:
    return campaign_views.get_campaign(campaign_id)


@routes.route(
    "/campaigns/{campaign_id}/audience",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="Who the campaign would reach now: matching, left out for consent or suppression, held out, to send",
    response=schemas.AudiencePreview,
)
def campaign_audience(call: Call[None, None], campaign_id: str) -> schemas.AudiencePreview:
    return campaign_views.audience_preview(campaign_id)


@routes.route(
    "/campaigns/{campaign_id}/launch",
    "POST",
    permission=Permission.MESSAGING_ADMIN,
    summary="Queue the campaign's messages (consent and holdout applied; each send happens once)",
    response=schemas.CampaignLaunched,
)
def launch_campaign(call: Call[None, None], campaign_id: str) -> schemas.CampaignLaunched:
    return campaigns.launch(campaign_id)


@routes.route(
    "/campaigns/{campaign_id}/schedule",
    "POST",
    permission=Permission.MESSAGING_ADMIN,
    summary="Launch the campaign at a time (EventBridge Scheduler)",
    body=schemas.ScheduleIn,
    response=schemas.CampaignScheduled,
)
def schedule_campaign(call: Call[schemas.ScheduleIn, None], campaign_id: str) -> schemas.CampaignScheduled:
    return campaigns.schedule(campaign_id, call.body.at)


@routes.route(
    "/campaigns/{campaign_id}/report",
    "GET",
    permission=Permission.MESSAGING_READ,
    summary="Sent, opens and clicks raw and filtered, conversions after a click, uplift vs holdout",
    response=schemas.CampaignReport,
)
def campaign_report(call: Call[None, None], campaign_id: str) -> schemas.CampaignReport:
    return campaigns.report(campaign_id)


@routes.route("/t/o", "GET", permission=None, summary="Open tracking pixel", query=schemas.TokenQuery, status=204)
def track_open(call: Call[None, schemas.TokenQuery]) -> Response:
    with contextlib.suppress(ValidationFailed):  # a broken pixel never shows an error in a mail client
        campaigns.track("open", call.query.token, method="GET", user_agent=call.headers.get("user-agent"))
    # 204: the request is the signal; an empty answer avoids API Gateway's binary Accept-header rules
    return Response(body="", status_code=204, headers={"Cache-Control": "no-store"})


@routes.route(
    "/t/c",
    "GET",
    permission=None,
    summary="Click redirect (signed; recorded, then 302)",
    query=schemas.TokenQuery,
    status=302,
)
def track_click(call: Call[None, schemas.TokenQuery]) -> Response:
    target = campaigns.track("click", call.query.token, method="GET", user_agent=call.headers.get("user-agent"))
    return Response(body="", status_code=302, headers={"Location": target or mail.public_url("/health")})


@routes.route(
    "/t/c",
    "HEAD",
    permission=None,
    summary="Click redirect probed by a scanner (recorded)",
    query=schemas.TokenQuery,
    status=302,
)
def probe_click(call: Call[None, schemas.TokenQuery]) -> Response:
    target = campaigns.track("click", call.query.token, method="HEAD", user_agent=call.headers.get("user-agent"))
    return Response(body="", status_code=302, headers={"Location": target or mail.public_url("/health")})
