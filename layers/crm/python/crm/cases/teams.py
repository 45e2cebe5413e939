"""Which team works a case: the one named on it, else the default for its channel and category.

Service analysis cuts first response, resolution, first-contact resolution and satisfaction by team; a case opened
without one goes to the team that usually handles its kind of request.
"""

from __future__ import annotations

DEFAULT_TEAMS = {"incident": "technical support", "return": "returns", "complaint": "customer care"}
GENERAL = "service desk"
PARTNER_DESK = "partner desk"


def team_of(team: str | None, category: str, channel: str | None = None) -> str:
    if team:
        return team
    if channel == "partner":
        return PARTNER_DESK
    return DEFAULT_TEAMS.get(category, GENERAL)
