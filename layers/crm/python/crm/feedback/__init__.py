"""Feedback: CSAT after a resolved case, NPS from a campaign, the post-call rating; answers and follow-ups."""
