"""Connect hook (InvokeLambdaFunction in the inbound flow): identify the caller and choose the queue.

Answer (flat strings): crm_known, crm_customer_id, crm_name, crm_language, crm_vip, crm_rfm_segment,
crm_clv_band, crm_churn_level, crm_next_product (for the agent's offer),
crm_open_case_id, crm_owner, crm_partner_id, queue_arn, queue_name, crm_route_reason, crm_prompt_lang.
Fallback (table slow or down, bad event): the general queue from GENERAL_QUEUE_ARN, crm_known=unknown, crm_fault.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext
from contact import ContactInput, logger, metrics, run

from crm.config import env
from crm.contact_centre.prompts import language_of
from crm.contact_centre.routing import route


def fallback() -> dict[str, str]:
    queue = env("GENERAL_QUEUE_ARN")
    return {
        "crm_known": "unknown",
        "queue_arn": queue,
        "queue_name": "general",
        "crm_route_reason": "fallback: CRM not reachable in time",
        "crm_prompt_lang": "en",
    }


def work(contact: ContactInput) -> dict[str, Any]:
    caller, decision = route(contact.caller, contact.attributes.get("Language"))
    return {
        "crm_known": "yes" if caller.known else "no",
        "crm_customer_id": caller.customer_id,
        "crm_name": caller.name,
        "crm_language": caller.language,
        "crm_vip": "true" if caller.vip else "false",
        "crm_rfm_segment": caller.rfm_segment,
        "crm_clv_band": caller.clv_band,
        "crm_churn_level": caller.churn_level,
        "crm_next_product": caller.next_product,
        "crm_open_case_id": caller.open_case_id,
        "crm_owner": caller.owner,
        "crm_partner_id": caller.partner_id,
        "queue_arn": decision.queue_arn,
        "queue_name": decision.queue_name,
        "crm_route_reason": decision.reason,
        "crm_prompt_lang": language_of(caller.language or contact.attributes.get("Language")),
    }


@metrics.log_metrics
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> dict[str, str]:
    return run("Acd", event, work, fallback())
