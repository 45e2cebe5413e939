"""The portal's chat: the signed-in customer talks to the chatbot (Amazon Lex V2, RecognizeText on the bot's
alias) in their language. Lex keeps the conversation per session; the customer, already verified by signing in,
is passed with every message as signed request attributes, so account questions need no PIN here."""

from __future__ import annotations

import re

from crm.aws import client
from crm.config import env
from crm.customer_portal import schemas

LOCALES = {"en": "en_US", "pl": "pl_PL"}


def session_of(customer_id: str, session: str) -> str:
    """Lex's session id: the customer's, per chat window (Lex allows [0-9a-zA-Z._:-], up to 100 characters)."""
    return re.sub(r"[^0-9A-Za-z._:-]", "-", f"portal-{customer_id}-{session}")[:100]


def say(customer_id: str, lang: str, data: schemas.ChatIn) -> schemas.ChatOut:
    from crm.contact_centre.public import verified_session

    session_id = session_of(customer_id, data.session)
    attributes = {"crm_customer_id": customer_id, "crm_channel": "portal", **verified_session(session_id, customer_id)}
    answer = client("lexv2-runtime").recognize_text(
        botId=env("CHATBOT_ID"),
        botAliasId=env("CHATBOT_ALIAS_ID"),
        localeId=LOCALES.get(lang, "en_US"),
        sessionId=session_id,
        text=data.text,
        requestAttributes=attributes,
    )
    kept = (answer.get("sessionState") or {}).get("sessionAttributes") or {}
    messages = [m.get("content", "") for m in answer.get("messages") or [] if m.get("content")]
    _transcript(customer_id, data, messages, kept)
    return schemas.ChatOut(
        messages=messages, handoff=kept.get("crm_handoff") == "true", case_id=kept.get("crm_case_id")
    )


def _transcript(customer_id: str, data: schemas.ChatIn, messages: list[str], kept: dict[str, str]) -> None:
    """The conversation on the customer's timeline: one entry per chat, written again with each exchange."""
    from crm.customers.public import find_entry, new_entry

    started, entry_id = kept.get("crm_chat_started") or "", f"chat-{data.session}"
    if not started:
        return
    found = find_entry(customer_id, started, entry_id)
    said = "\n".join([f"Customer: {data.text}", *(f"Assistant: {m}" for m in messages)])
    body = f"{found.body}\n{said}" if found is not None and found.body else said
    first = found.summary if found is not None else f"Chat with the assistant: {data.text[:80]}"
    ref = {"session": data.session, **({"case_id": kept["crm_case_id"]} if kept.get("crm_case_id") else {})}
    entry = new_entry(
        customer_id,
        "chat",
        first,
        body=body[-8000:],
        channel="web",
        direction="inbound",
        actor="customer",
        occurred_at=started,
        ref=ref,
        entry_id=entry_id,
    )
    entry.save()
