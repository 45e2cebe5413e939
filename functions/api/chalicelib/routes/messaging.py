"""Routes for messaging. Subscribe, confirm, preferences, one-click unsubscribe and the tracking pixel and click
redirect are public: they are reached from email clients, so a signed token in the link is what authorizes them."""

from __future__ import annotations

import contextlib
import html
from typing import Any

from chalice import Response

from chalicelib.http import Call, CrmApi, Reply
from chalicelib.idempotency import once
from crm.auth import Permission
from crm.customers.service import get_customer
from crm.errors import ValidationFailed
from crm.messaging import campaigns, mail, newsletters
from crm.messaging import schemas as s
from crm.messaging.models import MessageTemplate


def _page(title: str, text: str, status: int = 200) -> Response:
    body = f"<!doctype html><meta charset=utf-8><title>{html.escape(title)}</title><p>{html.escape(text)}</p>"
    return Response(body=body, status_code=status, headers={"Content-Type": "text/html; charset=utf-8"})


def register(api: CrmApi) -> None:
    @api.route(
        "/message-templates/{name}/{language}",
        "PUT",
        permission=Permission.MESSAGING_ADMIN,
        summary="Set a message template in a language ({placeholders} are filled per recipient)",
        body=s.TemplateIn,
        response=s.Detail,
    )
    def put_template(call: Call, name: str, language: str) -> dict[str, Any]:
        if len(language) != 2 or not language.isalpha():
            raise ValidationFailed("language is a two-letter code", {"language": "e.g. en, pl"})
        MessageTemplate(
            pk=f"TEMPLATE#{name}",
            sk=language.lower(),
            name=name,
            language=language.lower(),
            updated_at=mail.now_iso(),
            **call.body.model_dump(),
        ).save()
        return {"name": name, "language": language.lower(), **call.body.model_dump()}

    @api.route(
        "/customers/{customer_id}/messages",
        "POST",
        permission=Permission.MESSAGE_SEND,
        summary="Send an email or SMS from a template in the customer's language (consent and suppression "
        "respected; idempotent with Idempotency-Key)",
        body=s.MessageIn,
        response=s.Detail,
        status=201,
        idempotent=True,
    )
    def send_message(call: Call, customer_id: str) -> Reply:
        c = get_customer(customer_id)
        m = call.body
        marketing = m.purpose == "marketing"
        values = {"first_name": c["first_name"] or c["name"], "name": c["name"], **m.values}
        key = call.headers.get("idempotency-key")

        def work() -> dict[str, Any]:
            send_id = f"msg:{customer_id}:{key}" if key else mail.new_send_id()
            consent = c.get("consent") or {}
            if m.channel == "email":
                if not c["emails"]:
                    raise ValidationFailed("the customer has no email address", {"channel": "no email"})
                return mail.send_email(
                    send_id=send_id,
                    to=c["emails"][0],
                    template=m.template,
                    lang=c["language"] or "en",
                    values=values,
                    marketing=marketing,
                    consent=bool(consent.get("email_marketing")),
                    customer_id=customer_id,
                    actor=call.actor,
                )
            if not c["phones"]:
                raise ValidationFailed("the customer has no phone number", {"channel": "no phone"})
            return mail.send_sms(
                send_id=send_id,
                to=c["phones"][0],
                template=m.template,
                lang=c["language"] or "en",
                values=values,
                marketing=marketing,
                consent=bool(consent.get("sms_marketing")),
                customer_id=customer_id,
                actor=call.actor,
            )

        body = once(call, scope=f"message:{customer_id}", payload=m.model_dump(mode="json"), work=work)
        return Reply(body, 201)

    @api.route(
        "/newsletters",
        "POST",
        permission=Permission.MESSAGING_ADMIN,
        summary="Create a newsletter list",
        body=s.ListIn,
        response=s.Detail,
        status=201,
    )
    def create_newsletter(call: Call) -> Reply:
        return Reply(newsletters.create_list(call.body.name, call.body.wording_version), 201)

    @api.route(
        "/newsletters/{list_id}/subscribe",
        "POST",
        permission=None,
        summary="Ask to subscribe (public): a confirmation link is emailed (double opt-in)",
        body=s.SubscribeIn,
        response=s.Detail,
        status=202,
    )
    def subscribe(call: Call, list_id: str) -> Reply:
        b = call.body
        return Reply(
            newsletters.subscribe(
                list_id,
                b.email,
                first_name=b.first_name,
                language=b.language,
                source=b.source,
                wording_version=b.wording_version,
            ),
            202,
        )

    @api.route(
        "/newsletters/confirm",
        "GET",
        permission=None,
        summary="Confirm a subscription from the emailed link",
        query=s.TokenQuery,
        produces="text/html",
    )
    def confirm_subscription(call: Call) -> Response:
        done = newsletters.confirm(call.query.token)
        return _page("Subscribed", f"{done['email']} now receives {done['list']}. Thank you.")

    @api.route(
        "/unsubscribe",
        "POST",
        permission=None,
        summary="One-click unsubscribe (RFC 8058): no login, effective at once",
        query=s.TokenQuery,
        content_type="application/x-www-form-urlencoded",
        produces="text/html",
    )
    def one_click_unsubscribe(call: Call) -> Response:
        newsletters.unsubscribe(call.query.token, "one-click")
        return _page("Unsubscribed", "You will not receive these emails any more.")

    @api.route(
        "/unsubscribe",
        "GET",
        permission=None,
        summary="The unsubscribe link in the text: shows a confirm button (link scanners do not unsubscribe)",
        query=s.TokenQuery,
        produces="text/html",
    )
    def unsubscribe_page(call: Call) -> Response:
        from crm.messaging import signing

        signing.verify("unsub", call.query.token)
        token = html.escape(call.query.token)
        body = (
            "<!doctype html><meta charset=utf-8><title>Unsubscribe</title>"
            f'<form method="post" action="/unsubscribe?token={token}">'
            '<input type="hidden" name="List-Unsubscribe" value="One-Click">'
            "<button>Unsubscribe</button></form>"
        )
        return Response(body=body, status_code=200, headers={"Content-Type": "text/html; charset=utf-8"})

    @api.route(
        "/preferences",
        "GET",
        permission=None,
        summary="Newsletter preferences of the address in the token",
        query=s.TokenQuery,
        response=s.Detail,
    )
    def get_preferences(call: Call) -> dict[str, Any]:
        return newsletters.preferences(call.query.token)

    @api.route(
        "/preferences",
        "POST",
        permission=None,
        summary="Change newsletter preferences (signed link)",
        query=s.TokenQuery,
        body=s.PreferencesIn,
        response=s.Detail,
    )
    def set_preferences(call: Call) -> dict[str, Any]:
        return newsletters.preferences(call.query.token, call.body.lists)

    @api.route(
        "/campaigns",
        "POST",
        permission=Permission.MESSAGING_ADMIN,
        summary="Create a campaign for a newsletter or a customer segment, with an optional holdout",
        body=s.CampaignIn,
        response=s.Detail,
        status=201,
    )
    def create_campaign(call: Call) -> Reply:
        return Reply(campaigns.create(call.body.model_dump(exclude_none=True)), 201)

    @api.route(
        "/campaigns/{campaign_id}/launch",
        "POST",
        permission=Permission.MESSAGING_ADMIN,
        summary="Queue the campaign's messages (consent and holdout applied; each send happens once)",
        response=s.Detail,
    )
    def launch_campaign(call: Call, campaign_id: str) -> dict[str, Any]:
        return campaigns.launch(campaign_id)

    @api.route(
        "/campaigns/{campaign_id}/schedule",
        "POST",
        permission=Permission.MESSAGING_ADMIN,
        summary="Launch the campaign at a time (EventBridge Scheduler)",
        body=s.ScheduleIn,
        response=s.Detail,
    )
    def schedule_campaign(call: Call, campaign_id: str) -> dict[str, Any]:
        return campaigns.schedule(campaign_id, call.body.at)

    @api.route(
        "/nurture/rules/{rule_id}",
        "PUT",
        permission=Permission.MESSAGING_ADMIN,
        summary="A nurturing rule: which new leads (source, minimum score) get which emails after which delays",
        body=s.NurtureRuleIn,
        response=s.Detail,
    )
    def put_nurture_rule(call: Call, rule_id: str) -> dict[str, Any]:
        from crm.messaging import nurture

        return nurture.put_rule(rule_id, call.body.model_dump())

    @api.route(
        "/campaigns/{campaign_id}/report",
        "GET",
        permission=Permission.MESSAGING_READ,
        summary="Sent, opens and clicks raw and filtered, conversions after a click, uplift vs holdout",
        response=s.Detail,
    )
    def campaign_report(call: Call, campaign_id: str) -> dict[str, Any]:
        return campaigns.report(campaign_id)

    @api.route("/t/o", "GET", permission=None, summary="Open tracking pixel", query=s.TokenQuery, status=204)
    def track_open(call: Call) -> Response:
        with contextlib.suppress(ValidationFailed):  # a broken pixel never shows an error in a mail client
            campaigns.track("open", call.query.token, method="GET", user_agent=call.headers.get("user-agent"))
        # 204: the request is the signal; an empty answer avoids API Gateway's binary Accept-header rules
        return Response(body="", status_code=204, headers={"Cache-Control": "no-store"})

    @api.route(
        "/t/c",
        "GET",
        permission=None,
        summary="Click redirect (signed; recorded, then 302)",
        query=s.TokenQuery,
        status=302,
    )
    def track_click(call: Call) -> Response:
        target = campaigns.track("click", call.query.token, method="GET", user_agent=call.headers.get("user-agent"))
        return Response(body="", status_code=302, headers={"Location": target or mail.public_url("/health")})

    @api.route(
        "/t/c",
        "HEAD",
        permission=None,
        summary="Click redirect probed by a scanner (recorded)",
        query=s.TokenQuery,
        status=302,
    )
    def probe_click(call: Call) -> Response:
        target = campaigns.track("click", call.query.token, method="HEAD", user_agent=call.headers.get("user-agent"))
        return Response(body="", status_code=302, headers={"Location": target or mail.public_url("/health")})
