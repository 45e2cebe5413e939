"""Request and response shapes of the knowledge base."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from crm.errors import ValidationFailed
from crm.shapes import Id, Limit, Out, Page, Strict

Lang = Annotated[str, Field(pattern=r"^[a-z]{2}$", description="ISO 639-1, e.g. en or pl")]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$", description="lower-case letters, digits, dashes")]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Markdown = Annotated[str, Field(min_length=1, max_length=50_000, description="Markdown; rendered sanitized")]
Visibility = Literal["internal", "public"]
CaseCategory = Literal["complaint", "question", "return", "incident"]
Status = Literal["draft", "in_review", "published"]


def lang_of(value: str) -> str:
    """A language code from the path, or a 400 naming `lang`."""
    if not re.fullmatch(r"[a-z]{2}", value):
        raise ValidationFailed(f"{value!r} is not a language code", {"lang": "two lower-case letters, e.g. en"})
    return value


def slug_of(value: str) -> str:
    """A category id from the path, or a 400 naming `category_id`."""
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,47}", value):
        raise ValidationFailed(f"{value!r} is not a category id", {"category_id": "lower-case letters, digits, dashes"})
    return value


class TranslationIn(Strict):
    title: Title
    body: Markdown
    category: Slug
    visibility: Visibility = "internal"
    case_categories: list[CaseCategory] = Field(default_factory=list, max_length=4, description="cases it helps with")
    version: int | None = Field(default=None, description="the translation's current version (If-Match)")


class ArticleIn(TranslationIn):
    lang: Lang


class ReviewIn(Strict):
    note: Annotated[str, Field(max_length=2000)] | None = None
    version: int | None = None


class FeedbackIn(Strict):
    helped: bool


class CategoryIn(Strict):
    names: dict[Lang, Title] = Field(min_length=1, description="the category's name per language")


class CategoryOut(Out):
    category_id: str
    names: dict[str, str]


class CategoryList(Out):
    items: list[CategoryOut]


class TranslationOut(Out):
    article_id: str
    lang: str
    title: str
    body: str
    category: str
    case_categories: list[str]
    visibility: Visibility
    status: Status
    revision: int
    review_note: str | None
    updated_at: str
    updated_by: str
    published_revision: int | None
    published_at: str | None
    published_by: str | None
    helped: int
    not_helped: int
    version: int


class ArticleOut(Out):
    article_id: str
    translations: list[TranslationOut]


class ArticleSummary(Out):
    article_id: str
    lang: str
    title: str
    category: str
    visibility: Visibility
    status: Status
    updated_at: str
    updated_by: str


class ArticlePage(Out):
    items: list[ArticleSummary]
    next: str | None


class ArticleQuery(Page):
    category: Slug | None = None


class RevisionQuery(Page):
    pass


class RevisionOut(Out):
    revision: int
    event: Literal["saved", "submitted", "published", "returned"]
    title: str
    body: str
    category: str
    visibility: Visibility
    saved_at: str
    saved_by: str


class RevisionPage(Out):
    items: list[RevisionOut]
    next: str | None


class SearchQuery(Strict):
    q: Annotated[str, Field(min_length=1, max_length=200)]
    lang: Lang = "en"
    limit: Limit = 10


class SuggestQuery(Strict):
    case_id: Id
    lang: Lang = Field(default="en", description="the language the agent reads")
    limit: Limit = 5


class Hit(Out):
    article_id: str
    lang: str
    title: str
    snippet: str = Field(description="plain text; the matched words between [ and ]")
    category: str
    visibility: Visibility
    score: float = Field(description="higher is better (BM25, title weighted)")


class SearchOut(Out):
    items: list[Hit]
    query: str = Field(description="the query searched: the one asked, or the corrected one")
    corrected: bool = Field(description="true when the query had no match and a corrected spelling did")


class FeedbackOut(Out):
    article_id: str
    lang: str
    helped: int
    not_helped: int


class PublicArticle(Out):
    """What a customer reads: the published text of a public translation (Markdown; render it sanitized)."""

    article_id: str
    lang: str
    title: str
    body: str
    published_at: str
