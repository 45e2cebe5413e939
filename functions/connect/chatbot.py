"""Amazon Lex V2 fulfilment for the chatbot (the ChatBot in template.yaml; Connect chat and the portal's chat
reach it; the portal passes its signed-in customer as request attributes). It reads the Lex V2 event
tolerantly (new fields, missing slots, no session attributes), answers with crm.contact_centre.chatbot, and
replies in Lex V2's response format. It never raises: whatever fails (the table unreachable, a malformed
event), the customer gets a polite answer and the hand-off to a person.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.contact_centre.chatbot import Turn, respond, text_of
from crm.contact_centre.prompts import language_of, say

logger = Logger()
metrics = Metrics()


def _slot_values(slots: Any) -> dict[str, str | None]:
    """slot name -> its interpreted value (Lex sends null for a slot not filled yet)."""
    out: dict[str, str | None] = {}
    for name, slot in (slots or {}).items() if isinstance(slots, dict) else []:
        value = (slot or {}).get("value") or {}
        out[name] = value.get("interpretedValue") or value.get("originalValue") or None
    return out


def _reply(intent: dict[str, Any], attributes: dict[str, str], turn: Turn) -> dict[str, Any]:
    action: dict[str, Any] = {"type": turn.action}
    if turn.action == "ElicitSlot" and turn.slot:
        action["slotToElicit"] = turn.slot
    return {
        "sessionState": {
            "sessionAttributes": {**attributes, **turn.attributes},
            "dialogAction": action,
            "intent": {
                "name": intent.get("name") or "FallbackIntent",
                "slots": intent.get("slots") or {},
                "state": turn.state,
            },
        },
        "messages": [{"contentType": "PlainText", "content": turn.text}],
    }


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    event = event if isinstance(event, dict) else {}
    state = event.get("sessionState") or {}
    intent = state.get("intent") or {}
    attributes = {k: str(v) for k, v in (state.get("sessionAttributes") or {}).items()}
    # the customer portal names its signed-in customer per request (Connect chat, in the session)
    attributes |= {k: str(v) for k, v in (event.get("requestAttributes") or {}).items() if k.startswith("crm_")}
    lang = language_of(((event.get("bot") or {}).get("localeId") or "en")[:2])
    name = str(intent.get("name") or "FallbackIntent")
    try:
        turn = respond(
            name,
            _slot_values(intent.get("slots")),
            str(event.get("sessionId") or ""),
            attributes,
            str(event.get("inputTranscript") or ""),
            lang,
        )
        metrics.add_metric(name="BotTurns", unit=MetricUnit.Count, value=1)
    except Exception:  # the chat goes on: a person takes over
        logger.exception("chatbot turn failed", extra={"intent": name})
        metrics.add_metric(name="BotFallbacks", unit=MetricUnit.Count, value=1)
        turn = Turn(text_of(say("fallback", lang)), state="Failed", attributes={"crm_handoff": "true"})
    logger.info("bot turn", extra={"intent": name, "action": turn.action, "state": turn.state})
    return _reply(intent, attributes, turn)
