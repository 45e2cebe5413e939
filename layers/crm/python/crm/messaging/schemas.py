"""Request and response shapes for messaging: templates, direct messages, newsletters and consent,
campaigns and their report, nurturing rules."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AwareDatetime, Field, field_validator, model_validator

from crm.contactinfo import normalize_email
from crm.shapes import Id, Name, Out, Strict

TemplateName = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,59}$")]


class TemplateIn(Strict):
    subject: Annotated[str, Field(min_length=1, max_length=200)]
    text: Annotated[str, Field(min_length=1, max_length=20000)]
    html: Annotated[str, Field(max_length=100000)] | None = None
    sms: Annotated[str, Field(max_length=1600)] | None = None


class PreviewIn(Strict):
    """A template's text as it would be sent, with sample values for its {placeholders} (none saved)."""

    template: TemplateIn
    values: dict[Annotated[str, Field(max_length=40)], Annotated[str, Field(max_length=500)]] = Field(
        default_factory=dict
    )


class MessageIn(Strict):
    channel: Literal["email", "sms"]
    template: TemplateName
    purpose: Literal["transactional", "marketing"] = "transactional"
    values: dict[Annotated[str, Field(pattern=r"^[a-z_]{1,40}$")], Annotated[str, Field(max_length=2000)]] = {}


class ListIn(Strict):
    name: Name
    wording_version: Annotated[str, Field(min_length=1, max_length=40, description="the consent text's version")]


class SubscribeIn(Strict):
    email: Annotated[str, Field(max_length=254)]
    first_name: Name | None = None
    language: Annotated[str, Field(pattern=r"^[a-z]{2}$")] | None = None
    source: Annotated[str, Field(min_length=1, max_length=80)] = "web-form"
    wording_version: Annotated[str, Field(max_length=40)] | None = None

    @field_validator("email")
    @classmethod
    def _email(cls, v: str) -> str:
        return normalize_email(v)


class TokenQuery(Strict):
    token: Annotated[str, Field(min_length=10, max_length=4000)]


class PreferencesIn(Strict):
    lists: dict[Id, bool]


SegmentKey = Literal["tag", "country", "near", "rfm_segment", "clv_band", "lifecycle_stage", "best_channel"]


class CampaignIn(Strict):
    name: Name
    template: TemplateName
    list_id: Id | None = None
    segment: dict[SegmentKey, Annotated[str, Field(max_length=80)]] | None = Field(
        default=None,
        description='tag, country (ISO), near "lat,lon,km", rfm_segment, clv_band, lifecycle_stage, best_channel',
    )
    channel: Literal["email", "sms", "best"] = Field(
        default="email",
        description="best: each customer on the channel they answer on (the channel preference job), by SMS or "
        "email as their consent allows; a newsletter list is reached by email",
    )
    holdout_pct: Annotated[int, Field(ge=0, le=50)] = 0
    conversion_days: Annotated[int, Field(ge=1, le=90)] = 14

    @model_validator(mode="after")
    def _audience(self) -> CampaignIn:
        if (self.list_id is None) == (self.segment is None):
            raise ValueError("give a list_id or a segment")
        if self.list_id is not None and self.channel != "email":
            raise ValueError("channel: a newsletter list is reached by email")
        near = (self.segment or {}).get("near")
        if near:
            try:
                lat, lon, km = (float(x) for x in near.split(","))
            except ValueError as exc:
                raise ValueError('near is "lat,lon,km"') from exc
            if not (-90 <= lat <= 90 and -180 <= lon <= 180 and 0 < km <= 20000):
                raise ValueError("near is out of range")
        return self


class ScheduleIn(Strict):
    at: AwareDatetime


# ----------------------------------------------------------------- answers


class TemplateSummary(Out):
    name: str
    languages: list[str]
    subject: str
    sms: bool = False
    built_in: bool = False


class TemplateList(Out):
    items: list[TemplateSummary]


class PreviewOut(Out):
    subject: str
    text: str
    html: str | None = None
    sms: str | None = None


class TemplateOut(Out):
    name: str
    language: str
    subject: str
    text: str
    html: str | None = None
    sms: str | None = None


class SendResult(Out):
    send_id: str = Field(description="the same id for a retried send: it is sent once")
    status: str = Field(description="sent, or why not (suppressed, no_consent, duplicate ...)")
    reason: str | None = None
    message_id: str | None = None
    subject: str | None = None
    repeated: bool = Field(default=False, description="this send id was already used: nothing new was sent")


class NewsletterListOut(Out):
    list_id: str
    name: str
    wording_version: str
    created_at: str | None = None
    pending: int = Field(0, description="asked to subscribe, not confirmed yet")
    confirmed: int = Field(0, description="double opt-in confirmed: the list's audience")
    unsubscribed: int = 0


class NewsletterPage(Out):
    items: list[NewsletterListOut]
    next: str | None = None


class SubscriberOut(Out):
    email: str
    status: Literal["pending", "confirmed", "unsubscribed"]
    first_name: str | None = None
    language: str | None = None
    customer_id: str | None = None
    updated_at: str
    consent_at: str | None = Field(None, description="when the current status was given")
    consent_source: str | None = Field(None, description="how: the signup form, the confirmation link, ...")
    consent_wording: str | None = Field(None, description="the consent text's version shown")


class SubscriberPage(Out):
    items: list[SubscriberOut]
    next: str | None = None


class ConsentStep(Out):
    action: str
    at: str
    list_id: str | None = None
    source: str | None = None
    wording_version: str | None = None
    detail: str | None = None


class ConsentEvidence(Out):
    """An address's consent to one list: its subscription now and every recorded step for that list."""

    list_id: str
    email: str
    status: str | None = None
    steps: list[ConsentStep]


class ConsentQuery(Strict):
    email: Annotated[str, Field(min_length=3, max_length=254)]


class SubscribeAccepted(Out):
    status: str
    message: str | None = None


class ListPreference(Out):
    list_id: str
    name: str
    subscribed: bool


class Preferences(Out):
    email: str
    lists: list[ListPreference]


class CampaignSegment(Out):
    tag: str | None = None
    country: str | None = None
    near: str | None = None
    rfm_segment: str | None = None
    clv_band: str | None = None
    lifecycle_stage: str | None = None
    best_channel: str | None = None


class CampaignOut(Out):
    campaign_id: str
    name: str
    template: str
    list_id: str | None = None
    segment: CampaignSegment | None = None
    channel: Literal["email", "sms", "best"] = "email"
    holdout_pct: int
    conversion_days: int
    status: str
    created_at: str
    launched_at: str | None = None


class CampaignPage(Out):
    items: list[CampaignOut]
    next: str | None = None


class PageQuery(Strict):
    limit: Annotated[int, Field(ge=1, le=100)] = 25
    cursor: Annotated[str, Field(max_length=2048)] | None = None


class CampaignQuery(PageQuery):
    pass


class AudiencePreview(Out):
    campaign_id: str
    matching: int = Field(description="recipients the list or segment holds")
    no_consent: int = Field(description="left out: no marketing consent")
    suppressed: int = Field(description="left out: the address is suppressed (bounce, complaint, unsubscribe)")
    holdout: int = Field(description="kept back to measure the uplift (not sent)")
    will_send: int
    by_sms: int = Field(default=0, description="of those sent, by SMS (the campaign's channel or their best one)")


class CampaignLaunched(Out):
    campaign_id: str
    queued: int
    holdout: int
    no_consent: int


class CampaignScheduled(Out):
    campaign_id: str
    scheduled_at: str


class RawAndFiltered(Out):
    raw: int
    filtered: int = Field(description="without machine opens and clicks (scanners, prefetch)")


class ClickCounts(RawAndFiltered):
    unique_filtered: int
    automated_reasons: list[str]


class ConversionRate(Out):
    treated: float | None = Field(default=None, description="none until a message of the campaign was sent")
    holdout: float | None = None
    uplift_points: float | None = None


class CampaignReport(Out):
    campaign: CampaignOut
    sent: int
    skipped: int
    holdout: int
    opens: RawAndFiltered
    clicks: ClickCounts
    conversions_after_click: int
    conversion_rate: ConversionRate
