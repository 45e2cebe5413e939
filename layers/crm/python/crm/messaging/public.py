"""What other contexts may use of messaging: campaigns' names; and, for the feedback surveys, sending an email
or SMS from a template (once per send id, suppression checked, on the customer's timeline) with signed links
to this API's public pages. Sending loads with the first send (it needs PUBLIC_API_URL)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from crm.messaging.repository import campaign_names
from crm.messaging.signing import sign, verify
from crm.messaging.survey_links import SCALES, rating_links

if TYPE_CHECKING:
    from crm.messaging.schemas import Preferences, SendResult

__all__ = [
    "SCALES",
    "campaign_names",
    "preferences_of",
    "public_url",
    "rating_links",
    "send_email",
    "send_sms",
    "sign",
    "verify",
]


def send_email(**kwargs: Any) -> SendResult:
    from crm.messaging import mail

    return mail.send_email(**kwargs)


def send_sms(**kwargs: Any) -> SendResult:
    from crm.messaging import mail

    return mail.send_sms(**kwargs)


def preferences_of(email: str, changes: dict[str, bool] | None, source: str) -> Preferences:
    from crm.messaging import newsletters

    return newsletters.preferences_of(email, changes, source)


def public_url(path: str) -> str:
    from crm.messaging import mail

    return mail.public_url(path)
