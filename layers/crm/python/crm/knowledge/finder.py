"""Finding articles: full-text search over what is published (crm.knowledge.search_index), suggestions for a
case from its subject and category, and the index rebuilt from the published translations."""

from __future__ import annotations

from crm.knowledge import repository as repo
from crm.knowledge import schemas
from crm.knowledge import search_index as index


def _out(found: list[index.Found], query: str, corrected: bool) -> schemas.SearchOut:
    hits = [
        schemas.Hit(
            article_id=f.article_id,
            lang=f.lang,
            title=f.title,
            snippet=f.snippet,
            category=f.category,
            visibility=f.visibility,
            score=f.score,
        )
        for f in found
    ]
    return schemas.SearchOut(items=hits, query=query, corrected=corrected)


def search(q: schemas.SearchQuery, visibility: tuple[str, ...]) -> schemas.SearchOut:
    return _out(*index.search(q.q, q.lang, visibility, q.limit))


def suggest(
    subject: str, category: str | None, lang: str, limit: int, visibility: tuple[str, ...]
) -> schemas.SearchOut:
    """Articles for a case: any of its subject's words, those written for its category first among equals."""
    return _out(*index.search(subject, lang, visibility, limit, any_word=True, boost=category))


def suggest_for_case(case_id: str, lang: str, limit: int) -> schemas.SearchOut:
    from crm.cases.public import get_case

    case = get_case(case_id)
    return suggest(case.subject, case.category, lang, limit, ("internal", "public"))


def rebuild_index() -> int:
    """Every published translation into a new index file in S3; the number indexed."""
    entries = [
        index.Entry(
            article_id=t.article_id,
            lang=t.lang,
            title=t.published_title or t.title,
            body=t.published_body or t.body,
            category=t.published_category or t.category,
            visibility=t.published_visibility or t.visibility,
            case_categories=tuple(t.published_case_categories or []),
        )
        for t in repo.published()
    ]
    index.publish(index.build(entries))
    return len(entries)


def public_article(article_id: str, lang: str) -> schemas.PublicArticle:
    """A published public translation as customers read it (title and text as published); else a 404."""
    from crm.errors import NotFound

    try:
        t = repo.load_translation(article_id, lang)
    except NotFound:
        t = None
    if t is None or t.published_revision is None or t.published_visibility != "public":
        raise NotFound(f"article {article_id} has no public {lang} text", {"article_id": "unknown"})
    return schemas.PublicArticle(
        article_id=article_id,
        lang=lang,
        title=t.published_title or t.title,
        body=t.published_body or t.body,
        published_at=t.published_at or "",
    )
