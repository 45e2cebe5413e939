"""Shapes of the customer portal (what the customer sees of their own records and may change)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from crm.shapes import Id, Out, Page, Strict

Subject = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(min_length=1, max_length=8000)]


class MyConsent(Out):
    email_marketing: bool
    sms_marketing: bool
    source: str | None
    updated_at: str | None


class MyProfile(Out):
    customer_id: str
    name: str
    email: str = Field(description="the address you sign in with")
    language: str | None
    consent: MyConsent


class MyCaseIn(Strict):
    subject: Subject
    description: Annotated[str, Field(max_length=4000)] | None = None
    category: Literal["complaint", "question", "return", "incident"] = "question"
    order_id: Id | None = Field(default=None, description="one of your orders the case is about")


class MyReplyIn(Strict):
    body: Text


class MyCase(Out):
    case_id: str
    subject: str
    status: str
    category: str
    created_at: str
    updated_at: str


class MyCasePage(Out):
    items: list[MyCase]
    next: str | None


class MyComment(Out):
    author: Literal["you", "service"]
    body: str
    created_at: str


class MyCaseDetail(MyCase):
    description: str | None
    comments: list[MyComment] = Field(description="the public conversation; internal notes stay inside")


class ConsentIn(Strict):
    email_marketing: bool
    sms_marketing: bool


class SubscriptionsIn(Strict):
    lists: dict[Id, bool] = Field(min_length=1, description="newsletter list -> subscribed")


class MyOrderQuery(Page):
    pass


class ChatIn(Strict):
    text: Annotated[str, Field(min_length=1, max_length=1000)]
    session: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{8,40}$", description="the chat window's id, chosen by it")]


class ChatOut(Out):
    messages: list[str] = Field(description="what the assistant answers, in order")
    handoff: bool = Field(description="true: a person takes over (the service team sees the conversation)")
    case_id: str | None = Field(default=None, description="a case the assistant opened in this chat")
