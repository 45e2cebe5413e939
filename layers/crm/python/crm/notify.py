"""Notifications to users (case escalations, task reminders) through one SNS topic.

Each message carries `recipient` and `kind` message attributes, so subscriptions (an email per user, a
mobile push bridge, a chat webhook) filter with SNS filter policies instead of one topic per user.
"""

from __future__ import annotations

import json
from typing import Any

from crm.aws import client
from crm.config import env


def notify(recipient: str, kind: str, subject: str, message: str, ref: dict[str, Any] | None = None) -> str | None:
    """Publish one notification; returns the SNS message id (None when no topic is configured)."""
    topic = env("NOTIFICATION_TOPIC_ARN")
    if not topic:
        return None
    body = {"recipient": recipient, "kind": kind, "subject": subject, "message": message, "ref": ref or {}}
    response = client("sns").publish(
        TopicArn=topic,
        Subject=subject[:100],
        Message=json.dumps(body),
        MessageAttributes={
            "recipient": {"DataType": "String", "StringValue": recipient},
            "kind": {"DataType": "String", "StringValue": kind},
        },
    )
    return response.get("MessageId")
