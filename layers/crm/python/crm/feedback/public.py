"""What other contexts and functions may use of feedback: ask for a resolved case's CSAT (the table stream's
consumer) and record a call's rating (the IVR hook)."""

from __future__ import annotations

from crm.feedback.answers import record_call_rating
from crm.feedback.asking import request_csat

__all__ = ["record_call_rating", "request_csat"]
