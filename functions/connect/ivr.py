"""Connect hook for the IVR menu: Parameters.intent (verify, order_status, case_status, balance, hours,
callback, survey) and Parameters.digits (DTMF). `survey` is the post-call rating (1-5) a flow asks after the
agent hangs up; it needs no verification and its answer lands on the caller's timeline (crm.feedback).
Account data needs a verified caller (PIN or postcode, signed into the
contact's attributes by the verify intent). Every answer carries an SSML `prompt` in the caller's language.
Fallback: crm_result=fallback and the "please hold for an agent" prompt.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from contact import ContactInput, logger, metrics, run

from crm.contact_centre import ivr
from crm.contact_centre.callbacks import request_callback
from crm.contact_centre.caller import find_caller
from crm.contact_centre.prompts import language_of, say

ACCOUNT_INTENTS = ("order_status", "case_status", "balance")


def work(contact: ContactInput) -> dict[str, Any]:
    intent = contact.parameters.get("intent", "")
    digits = "".join(ch for ch in contact.parameters.get("digits", "") if ch.isalnum())
    lang = language_of(contact.attributes.get("crm_prompt_lang") or contact.attributes.get("crm_language"))
    if intent == "hours":
        return ivr.hours(lang)
    if intent == "verify":
        cid = contact.attributes.get("crm_customer_id")
        card = ivr.caller_card(cid, contact.caller) if cid else find_caller(contact.caller)
        return ivr.verify(contact.contact_id, card, digits)
    if intent == "survey":
        return _survey(contact, digits, lang)
    if intent == "callback":
        return request_callback(
            contact.contact_id,
            contact.caller,
            contact.attributes.get("crm_customer_id"),
            contact.parameters.get("when"),
            lang,
        )
    if intent in ACCOUNT_INTENTS:
        customer_id = ivr.verified_customer(contact.contact_id, contact.attributes)
        if customer_id is None:
            return {"crm_result": "need_verify", "prompt": say("need_verify", lang)}
        if intent == "order_status":
            return ivr.order_status(customer_id, digits, lang)
        if intent == "case_status":
            return ivr.case_status(ivr.caller_card(customer_id, contact.caller), lang)
        return ivr.balance(customer_id, lang)
    return {"crm_result": "unknown_intent", "prompt": say("unknown", lang)}


def _survey(contact: ContactInput, digits: str, lang: str) -> dict[str, Any]:
    from crm.feedback.public import record_call_rating

    a = contact.attributes
    result = record_call_rating(
        contact.contact_id, a.get("crm_customer_id"), digits, a.get("crm_agent"), a.get("crm_case_id")
    )
    if result == "invalid":
        return {"crm_result": "invalid", "prompt": say("survey_invalid", lang)}
    return {"crm_result": result, "prompt": say("survey_thanks", lang)}


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    lang = language_of(
        ((event.get("Details") or {}).get("ContactData") or {}).get("Attributes", {}).get("crm_prompt_lang")
        if isinstance(event, dict)
        else None
    )
    return run("Ivr", event, work, {"crm_result": "fallback", "prompt": say("fallback", lang)})
