"""Customer portal routes (/me): a signed-in customer's own profile and consent, orders with their invoices,
cases (open, reply, follow), newsletter subscriptions and their data export. The customer is the one in the
token (custom:customer_id, which the user cannot change); no route takes another customer's id."""

from __future__ import annotations

from typing import Any

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.customer_portal import schemas as ps
from crm.customer_portal import service
from crm.errors import Forbidden
from crm.knowledge import public as kb
from crm.messaging.schemas import Preferences
from crm.orders.schemas import OrderOut, OrderPage
from crm.privacy.schemas import CustomerExport

routes = Routes(__name__)
ME = Permission.CUSTOMER_PORTAL


def _me(call: Call[Any, Any]) -> str:
    if call.principal is None or not call.principal.customer_id:  # require() refused these already
        raise Forbidden("your account is not linked to a customer", {"customer_id": "missing on the account"})
    return call.principal.customer_id


def _email(call: Call[Any, Any]) -> str:
    return call.principal.email if call.principal else ""


@routes.route(
    "/me/profile", "GET", permission=ME, summary="You: name, sign-in address, language, consent", response=ps.MyProfile
)
def get_me(call: Call[None, None]) -> ps.MyProfile:
    return service.me(_me(call), _email(call))


@routes.route(
    "/me/consent",
    "PUT",
    permission=ME,
    summary="Your marketing consent (recorded with the time and the portal as where you gave it)",
    body=ps.ConsentIn,
    response=ps.MyProfile,
)
def put_consent(call: Call[ps.ConsentIn, None]) -> ps.MyProfile:
    return service.set_consent(_me(call), call.body, _email(call))


@routes.route(
    "/me/orders",
    "GET",
    permission=ME,
    summary="Your orders, newest first, with invoice and balance",
    query=ps.MyOrderQuery,
    response=OrderPage,
)
def my_orders(call: Call[None, ps.MyOrderQuery]) -> OrderPage:
    return service.orders(_me(call), call.query.limit, call.query.cursor)


@routes.route("/me/orders/{order_id}", "GET", permission=ME, summary="One of your orders", response=OrderOut)
def my_order(call: Call[None, None], order_id: str) -> OrderOut:
    return service.order(_me(call), order_id)


@routes.route(
    "/me/cases",
    "GET",
    permission=ME,
    summary="Your cases, newest first",
    query=ps.MyOrderQuery,
    response=ps.MyCasePage,
)
def my_cases(call: Call[None, ps.MyOrderQuery]) -> ps.MyCasePage:
    return service.cases(_me(call), call.query.limit, call.query.cursor)


@routes.route(
    "/me/cases",
    "POST",
    permission=ME,
    summary="Open a case (the web channel; its SLA starts now)",
    body=ps.MyCaseIn,
    response=ps.MyCaseDetail,
    status=201,
    idempotent=True,
)
def open_my_case(call: Call[ps.MyCaseIn, None]) -> ps.MyCaseDetail:
    return service.open_case(_me(call), call.body, _email(call))


@routes.route(
    "/me/cases/{case_id}",
    "GET",
    permission=ME,
    summary="One of your cases and its public conversation",
    response=ps.MyCaseDetail,
)
def my_case(call: Call[None, None], case_id: str) -> ps.MyCaseDetail:
    return service.case(_me(call), case_id, _email(call))


@routes.route(
    "/me/cases/{case_id}/replies",
    "POST",
    permission=ME,
    summary="Reply on one of your cases (a case waiting for you opens again)",
    body=ps.MyReplyIn,
    response=ps.MyCaseDetail,
)
def reply_my_case(call: Call[ps.MyReplyIn, None], case_id: str) -> ps.MyCaseDetail:
    return service.reply(_me(call), case_id, call.body.body, _email(call))


@routes.route(
    "/me/subscriptions",
    "GET",
    permission=ME,
    summary="The newsletters and whether your sign-in address receives them",
    response=Preferences,
)
def my_subscriptions(call: Call[None, None]) -> Preferences:
    _me(call)
    return service.subscriptions(_email(call))


@routes.route(
    "/me/subscriptions",
    "PUT",
    permission=ME,
    summary="Subscribe or unsubscribe (recorded in the consent history with the portal as the source)",
    body=ps.SubscriptionsIn,
    response=Preferences,
)
def put_subscriptions(call: Call[ps.SubscriptionsIn, None]) -> Preferences:
    _me(call)
    return service.subscriptions(_email(call), call.body.lists)


@routes.route(
    "/me/export",
    "GET",
    permission=ME,
    summary="Everything held about you (GDPR access and portability), as JSON",
    response=CustomerExport,
)
def my_export(call: Call[None, None]) -> CustomerExport:
    return service.export(_me(call))


@routes.route(
    "/me/chat",
    "POST",
    permission=ME,
    summary="Say something to the assistant (the chatbot): order and case status, a new case, FAQ, a person",
    body=ps.ChatIn,
    response=ps.ChatOut,
)
def chat(call: Call[ps.ChatIn, None]) -> ps.ChatOut:
    from crm.customer_portal import chat as bot

    me = service.me(_me(call), _email(call))
    return bot.say(me.customer_id, (me.language or "en")[:2], call.body)


@routes.route(
    "/me/help",
    "GET",
    permission=ME,
    summary="Search the help articles (the knowledge base's public articles) in a language",
    query=kb.SearchQuery,
    response=kb.SearchOut,
)
def help_search(call: Call[None, kb.SearchQuery]) -> kb.SearchOut:
    _me(call)
    return kb.search(call.query, ("public",))


@routes.route(
    "/me/help/{article_id}/{lang}",
    "GET",
    permission=ME,
    summary="A help article as published",
    response=kb.PublicArticle,
)
def help_article(call: Call[None, None], article_id: str, lang: str) -> kb.PublicArticle:
    _me(call)
    return kb.public_article(article_id, lang)


@routes.route(
    "/me/help/{article_id}/{lang}/feedback",
    "POST",
    permission=ME,
    summary="This article helped, or did not",
    body=kb.FeedbackIn,
    response=kb.FeedbackOut,
)
def help_feedback(call: Call[kb.FeedbackIn, None], article_id: str, lang: str) -> kb.FeedbackOut:
    _me(call)
    return kb.feedback(article_id, lang, call.body.helped, ("public",))
