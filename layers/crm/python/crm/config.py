"""Settings read once from the environment, so every module agrees on table, buckets and identity."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal


@dataclass(frozen=True)
class Settings:
    region: str
    table_name: str
    idempotency_table_name: str
    user_pool_id: str
    client_id: str
    portal_client_id: str
    cors_origin: str
    default_phone_region: str


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1"
    pool = os.environ.get("COGNITO_USER_POOL_ID", "")
    return Settings(
        region=region,
        table_name=os.environ.get("TABLE_NAME", "crm"),
        idempotency_table_name=os.environ.get("IDEMPOTENCY_TABLE_NAME", "crm-idempotency"),
        user_pool_id=pool,
        client_id=os.environ.get("COGNITO_CLIENT_ID", ""),
        portal_client_id=os.environ.get("CUSTOMER_PORTAL_CLIENT_ID", ""),
        cors_origin=os.environ.get("CORS_ORIGIN", "http://localhost:3000"),
        default_phone_region=os.environ.get("DEFAULT_PHONE_REGION", "DE"),
    )


Variable = Literal[
    "ANALYTICS_BUCKET",
    "API_ROUTES",
    "ATHENA_ABOVE_ROWS",
    "ATHENA_DATABASE",
    "ATHENA_LTV_QUERY",
    "ATHENA_WORKGROUP",
    "CALLBACK_TARGET_ARN",
    "CALLBACK_TASK_FLOW_ID",
    "CAMPAIGN_LAUNCH_TARGET_ARN",
    "CAMPAIGN_QUEUE_URL",
    "CHATBOT_ALIAS_ID",
    "CHATBOT_ID",
    "CHAT_TRANSCRIPT_BUCKET",
    "CHAT_TRANSCRIPT_PREFIX",
    "CONNECT_INSTANCE_ID",
    "COST_PER_INTERACTION",
    "DDB_CONNECT_TIMEOUT",
    "DDB_MAX_RETRIES",
    "DDB_READ_TIMEOUT",
    "EVENT_BUS_NAME",
    "GENERAL_QUEUE_ARN",
    "HOOK_BUDGET_SECONDS",
    "IVR_SIGNING_KEY",
    "IVR_SIGNING_SECRET_ARN",
    "KNOWLEDGE_BUCKET",
    "LTV_REFIT_DAYS",
    "MAIL_BUCKET",
    "MAIL_CONFIGURATION_SET",
    "MAIL_FROM",
    "MESSAGING_SIGNING_KEY",
    "MESSAGING_SIGNING_SECRET_ARN",
    "NOTIFICATION_TOPIC_ARN",
    "POWERTOOLS_TRACE_DISABLED",
    "PUBLIC_API_URL",
    "REPORTS_BUCKET",
    "REPORT_FROM",
    "REPORT_RECIPIENTS",
    "SCHEDULER_ROLE_ARN",
    "SCHEDULE_GROUP",
    "VOICEMAIL_BUCKET",
    "VOICEMAIL_DEFAULT_OWNER",
    "WEBHOOK_PRIVATE_HOSTS",
    "WEBHOOK_QUEUE_URL",
    "WORKFLOW_DLQ_URL",
    "WORKFLOW_STATE_MACHINE_ARN",
]
"""Every other variable the code reads (template.yaml sets them per function). Read on each call, unlike the
settings above, because each function gets only the ones it needs and tests set them per case."""


def env(name: Variable, default: str = "") -> str:
    """The variable's value, or `default` when it is unset or empty."""
    return os.environ.get(name) or default


def required(name: Variable) -> str:
    """The variable's value; a function deployed without it fails loudly, naming what is missing."""
    value = os.environ.get(name)
    if not value:
        raise RuntimeError(f"{name} is not set: template.yaml gives it to every function that needs it")
    return value
