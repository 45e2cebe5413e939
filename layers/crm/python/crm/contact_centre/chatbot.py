"""The chatbot's dialogue (Amazon Lex V2 fulfilment, functions/connect/chatbot.py): the IVR's rules in text.
Order status, case status and opening a case need a verified customer, as on the phone: the customer is the
one the chat was started for (session attribute crm_customer_id, set by the portal or the contact flow), and
the PIN or postcode is asked for once per chat (crm_verified/crm_sig, signed to the chat's session). Opening
hours and the FAQ (public knowledge base articles) need no verification. "Talk to a person" ends the bot's
part with crm_handoff and a summary of what was asked (crm_bot_log), which the contact flow copies into the
contact's attributes, so the agent's screen pop shows the customer and the conversation."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from crm.contact_centre import ivr
from crm.contact_centre.prompts import say
from crm.db import now_iso

VERIFIED_INTENTS = ("OrderStatus", "CaseStatus", "OpenCase")
LOG_MAX = 480  # characters of the running summary kept in the session (Connect attributes stay small)


@dataclass
class Turn:
    """What the bot answers: its text, what Lex does next, and the session attributes to keep."""

    text: str
    action: str = "Close"  # Close | ElicitSlot
    state: str = "Fulfilled"  # Fulfilled | Failed | InProgress
    slot: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)


def text_of(prompt: str) -> str:
    """An IVR prompt (SSML) as chat text."""
    return html.unescape(re.sub(r"<[^>]+>", "", prompt)).strip()


def _log(attributes: dict[str, str], line: str) -> dict[str, str]:
    log = ((attributes.get("crm_bot_log") or "") + f" | {line}").strip(" |")
    return {"crm_bot_log": log[-LOG_MAX:]}


def _verified(session: str, attributes: dict[str, str], pin: str | None, lang: str) -> Turn | str:
    """The verified customer id, or the turn that asks for (or refuses) the PIN."""
    customer_id = attributes.get("crm_customer_id") or ""
    if not customer_id:
        return Turn(text_of(say("no_account", lang)), state="Failed", attributes={"crm_handoff": "true"})
    if ivr.verified_customer(session, attributes) == customer_id:
        return customer_id
    if not pin:
        return Turn(text_of(say("verify", lang)), action="ElicitSlot", state="InProgress", slot="Pin")
    result = ivr.verify(session, ivr.caller_card(customer_id, None), "".join(ch for ch in pin if ch.isalnum()))
    if result["crm_result"] == "verified":
        attributes.update(crm_verified=result["crm_verified"], crm_sig=result["crm_sig"])
        return customer_id
    if result["crm_result"] == "wrong":
        return Turn(text_of(result["prompt"]), action="ElicitSlot", state="InProgress", slot="Pin")
    return Turn(text_of(result["prompt"]), state="Failed", attributes={"crm_handoff": "true"})


def _account(intent: str, customer_id: str, slots: dict[str, str | None], lang: str) -> Turn:
    if intent == "OrderStatus":
        number = slots.get("OrderNumber")
        if not number:
            return Turn(text_of(say("ask_order", lang)), action="ElicitSlot", state="InProgress", slot="OrderNumber")
        digits = "".join(ch for ch in number if ch.isalnum())
        return Turn(text_of(ivr.order_status(customer_id, digits, lang)["prompt"]))
    if intent == "CaseStatus":
        return Turn(text_of(ivr.case_status(ivr.caller_card(customer_id, None), lang)["prompt"]))
    subject = (slots.get("Subject") or "").strip()
    if not subject:
        return Turn(text_of(say("ask_subject", lang)), action="ElicitSlot", state="InProgress", slot="Subject")
    from crm.cases.public import open_case

    fields = {"customer_id": customer_id, "subject": subject[:200], "channel": "chat", "category": "question"}
    case = open_case(fields, "chatbot")
    return Turn(text_of(say("case_opened", lang, subject=case.subject)), attributes={"crm_case_id": case.case_id})


def _faq(question: str, lang: str) -> Turn:
    from crm.knowledge.public import suggest

    found = suggest(question, None, lang, 1, ("public",)).items
    if not found:
        return Turn(text_of(say("faq_none", lang)), state="Failed")
    hit = found[0]
    return Turn(
        f"{hit.title}: {hit.snippet.replace('[', '').replace(']', '')}", attributes={"crm_kb_article": hit.article_id}
    )


def respond(
    intent: str, slots: dict[str, str | None], session: str, attributes: dict[str, str], transcript: str, lang: str
) -> Turn:
    """One turn of the conversation; `attributes` are the session's (a verification is added to them)."""
    attributes = dict(attributes)
    if intent == "OpeningHours":
        turn = Turn(text_of(ivr.hours(lang)["prompt"]))
    elif intent == "Faq":
        turn = _faq(slots.get("Question") or transcript, lang)
    elif intent == "TalkToPerson":
        turn = Turn(text_of(say("handoff", lang)), attributes={"crm_handoff": "true"})
    elif intent in VERIFIED_INTENTS:
        who = _verified(session, attributes, slots.get("Pin"), lang)
        turn = who if isinstance(who, Turn) else _account(intent, who, slots, lang)
    else:
        turn = Turn(text_of(say("unknown", lang)), state="Failed")
    keep = {k: v for k, v in attributes.items() if k in ("crm_verified", "crm_sig", "crm_chat_started")}
    keep.setdefault("crm_chat_started", now_iso())  # when the conversation began: its transcript's time
    summary = _log(attributes, f"{intent}: {turn.text[:80]}") if turn.action == "Close" else {}
    turn.attributes = {**keep, **summary, **turn.attributes}
    return turn
