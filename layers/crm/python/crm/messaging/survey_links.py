"""The one-click rating links of a survey mail (CSAT, NPS): one signed link per score to the public /feedback
page, which records the answer (crm.feedback). The token carries the survey, its kind, the customer, the score,
the language and any campaign, so an NPS answer needs nothing stored at send time."""

from __future__ import annotations

from typing import Any

from crm.messaging.signing import sign

SCALES: dict[str, range] = {"csat": range(1, 6), "call": range(1, 6), "nps": range(0, 11)}
LINK_DAYS = 30  # a rating link answers for this long


def rating_links(
    survey_id: str, kind: str, customer_id: str, lang: str, campaign_id: str | None = None
) -> dict[str, str]:
    """rate_<n> -> the link that answers `n` with one click."""
    from crm.messaging.mail import public_url  # needs PUBLIC_API_URL: loaded by the first mail that has links

    def link(n: int) -> str:
        payload: dict[str, Any] = {"s": survey_id, "k": kind, "c": customer_id, "v": n, "l": lang}
        if campaign_id:
            payload["m"] = campaign_id
        return public_url(f"/feedback?token={sign('survey', payload, ttl_days=LINK_DAYS)}")

    return {f"rate_{n}": link(n) for n in SCALES[kind]}
