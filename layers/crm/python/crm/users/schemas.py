"""Users as admins see and create them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator, Field, model_validator

from crm.contactinfo import normalize_email
from crm.shapes import Out, Strict

Email = Annotated[str, Field(max_length=254), AfterValidator(normalize_email)]
Group = Literal["admin", "manager", "sales", "agent", "purchasing", "partner"]


class UserIn(Strict):
    email: Email
    group: Group
    partner_id: Annotated[str, Field(min_length=1, max_length=64)] | None = Field(
        default=None, description="required for partner users: the partner whose data they see"
    )

    @model_validator(mode="after")
    def _partner(self) -> UserIn:
        if (self.group == "partner") != (self.partner_id is not None):
            raise ValueError("partner_id is given exactly for partner users")
        return self


class UserChange(Strict):
    group: Group | None = Field(default=None, description="the user's one group from now on")
    enabled: bool | None = Field(default=None, description="false: the user can no longer sign in")


class UserOut(Out):
    username: str
    email: str | None = None
    groups: list[str]
    partner_id: str | None = None
    status: str
    enabled: bool
    created_at: str


class UserPage(Out):
    items: list[UserOut]
    next: str | None = None


class UserCreated(Out):
    user: UserOut
    temporary_password: str = Field(description="shown once: the user sets their own at the first sign-in")


class UserQuery(Strict):
    limit: Annotated[int, Field(ge=1, le=60)] = 25
    cursor: Annotated[str, Field(max_length=2048)] | None = None
