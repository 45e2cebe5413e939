"""Knowledge base routes: categories, articles and their translations, review and publishing, revisions,
full-text search, suggestions for a case, and "this helped" feedback."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.knowledge import finder, service
from crm.knowledge import schemas as ks

routes = Routes(__name__)
STAFF = ("internal", "public")


@routes.route(
    "/kb/categories", "GET", permission=Permission.KB_READ, summary="Article categories", response=ks.CategoryList
)
def list_categories(call: Call[None, None]) -> ks.CategoryList:
    return service.list_categories()


@routes.route(
    "/kb/categories/{category_id}",
    "PUT",
    permission=Permission.KB_PUBLISH,
    summary="Create or rename a category (its name per language)",
    body=ks.CategoryIn,
    response=ks.CategoryOut,
)
def put_category(call: Call[ks.CategoryIn, None], category_id: str) -> ks.CategoryOut:
    return service.put_category(ks.slug_of(category_id), call.body)


@routes.route(
    "/kb/articles",
    "POST",
    permission=Permission.KB_WRITE,
    summary="A new article: its first translation, as a draft",
    body=ks.ArticleIn,
    response=ks.ArticleOut,
    status=201,
    idempotent=True,
)
def create_article(call: Call[ks.ArticleIn, None]) -> ks.ArticleOut:
    return service.create_article(call.body, call.actor)


@routes.route(
    "/kb/articles",
    "GET",
    permission=Permission.KB_READ,
    summary="Articles' translations, newest change first, or one category's",
    query=ks.ArticleQuery,
    response=ks.ArticlePage,
)
def list_articles(call: Call[None, ks.ArticleQuery]) -> ks.ArticlePage:
    return service.list_articles(call.query)


@routes.route(
    "/kb/articles/{article_id}",
    "GET",
    permission=Permission.KB_READ,
    summary="An article with every translation, its status and feedback counts",
    response=ks.ArticleOut,
)
def get_article(call: Call[None, None], article_id: str) -> ks.ArticleOut:
    return service.get_article(article_id)


@routes.route(
    "/kb/articles/{article_id}/translations/{lang}",
    "PUT",
    permission=Permission.KB_WRITE,
    summary="Save a translation (a new revision, back to draft) or add one in another language",
    body=ks.TranslationIn,
    response=ks.ArticleOut,
    headers=["If-Match"],
)
def save_translation(call: Call[ks.TranslationIn, None], article_id: str, lang: str) -> ks.ArticleOut:
    version = call.if_match(call.body.version)
    return service.save_translation(article_id, ks.lang_of(lang), call.body, version, call.actor)


@routes.route(
    "/kb/articles/{article_id}/translations/{lang}/submit",
    "POST",
    permission=Permission.KB_WRITE,
    summary="Ask for review of a draft",
    body=ks.ReviewIn,
    response=ks.ArticleOut,
    headers=["If-Match"],
)
def submit(call: Call[ks.ReviewIn, None], article_id: str, lang: str) -> ks.ArticleOut:
    return service.submit(article_id, ks.lang_of(lang), call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/kb/articles/{article_id}/translations/{lang}/publish",
    "POST",
    permission=Permission.KB_PUBLISH,
    summary="Publish a reviewed translation (searchable within a minute)",
    body=ks.ReviewIn,
    response=ks.ArticleOut,
    headers=["If-Match"],
)
def publish(call: Call[ks.ReviewIn, None], article_id: str, lang: str) -> ks.ArticleOut:
    return service.publish(article_id, ks.lang_of(lang), call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/kb/articles/{article_id}/translations/{lang}/return",
    "POST",
    permission=Permission.KB_PUBLISH,
    summary="Return a translation under review to its author, with a note",
    body=ks.ReviewIn,
    response=ks.ArticleOut,
    headers=["If-Match"],
)
def send_back(call: Call[ks.ReviewIn, None], article_id: str, lang: str) -> ks.ArticleOut:
    return service.send_back(article_id, ks.lang_of(lang), call.body, call.if_match(call.body.version), call.actor)


@routes.route(
    "/kb/articles/{article_id}/translations/{lang}/revisions",
    "GET",
    permission=Permission.KB_READ,
    summary="A translation's revisions, newest first (who saved, submitted, published or returned what)",
    query=ks.RevisionQuery,
    response=ks.RevisionPage,
)
def revisions(call: Call[None, ks.RevisionQuery], article_id: str, lang: str) -> ks.RevisionPage:
    return service.revisions(article_id, ks.lang_of(lang), call.query.limit, call.query.cursor)


@routes.route(
    "/kb/articles/{article_id}/translations/{lang}/feedback",
    "POST",
    permission=Permission.KB_READ,
    summary="This article helped, or did not",
    body=ks.FeedbackIn,
    response=ks.FeedbackOut,
)
def feedback(call: Call[ks.FeedbackIn, None], article_id: str, lang: str) -> ks.FeedbackOut:
    return service.feedback(article_id, ks.lang_of(lang), call.body.helped, STAFF)


@routes.route(
    "/kb/search",
    "GET",
    permission=Permission.KB_READ,
    summary="Full-text search of published articles in a language (internal and public)",
    query=ks.SearchQuery,
    response=ks.SearchOut,
)
def search(call: Call[None, ks.SearchQuery]) -> ks.SearchOut:
    return finder.search(call.query, STAFF)


@routes.route(
    "/kb/suggestions",
    "GET",
    permission=Permission.KB_READ,
    summary="Articles for a case, from its subject and category",
    query=ks.SuggestQuery,
    response=ks.SearchOut,
)
def suggestions(call: Call[None, ks.SuggestQuery]) -> ks.SearchOut:
    return finder.suggest_for_case(call.query.case_id, call.query.lang, call.query.limit)
