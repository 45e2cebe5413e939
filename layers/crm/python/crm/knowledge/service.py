"""Knowledge base rules: an article is written in one language and translated into others (one translation per
language, linked by the article's id); each save is a revision (who, when, what). A translation moves draft ->
in_review (its author asks) -> published (a reviewer publishes; or returns it to draft with a note). What is
published stays live while the next draft is written, until that draft is published in turn. Only published
text is searched; staff search internal and public articles, customers (and the chatbot) only public ones."""

from __future__ import annotations

from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import Conflict, NotFound, ValidationFailed, VersionConflict
from crm.knowledge import repository as repo
from crm.knowledge import schemas
from crm.knowledge.models import Category, Feedback, Revision, Translation

STAFF = ("internal", "public")


def _out(t: Translation, feedback: Feedback | None) -> schemas.TranslationOut:
    return schemas.TranslationOut(
        article_id=t.article_id,
        lang=t.lang,
        title=t.title,
        body=t.body,
        category=t.category,
        case_categories=list(t.case_categories or []),
        visibility=t.visibility,
        status=t.status,
        revision=int(t.revision),
        review_note=t.review_note,
        updated_at=t.updated_at,
        updated_by=t.updated_by,
        published_revision=int(t.published_revision) if t.published_revision is not None else None,
        published_at=t.published_at,
        published_by=t.published_by,
        helped=int(feedback.helped) if feedback else 0,
        not_helped=int(feedback.not_helped) if feedback else 0,
        version=int(t.version),
    )


def _check_category(category: str) -> None:
    try:
        Category.get(*repo.category_keys(category))
    except Category.DoesNotExist as exc:
        raise ValidationFailed(f"category {category} does not exist", {"category": "unknown"}) from exc


def _write(t: Translation, event: str, actor: str, *, new: bool = False) -> None:
    """The translation and its revision in one transaction (a stale version is a 409)."""
    t.updated_at, t.updated_by = now_iso(), actor
    repo.index_translation(t)
    revision = repo.new_revision(t, event, t.updated_at, actor)
    stale = (lambda: Conflict("the translation exists already", {"lang": "exists"})) if new else None
    conflict = stale or (lambda: VersionConflict("the article was changed meanwhile; reload it", {"version": "stale"}))
    with transaction(conflict) as tx:
        tx.save(t, condition=CrmItem.pk.does_not_exist() if new else None, name="translation")
        tx.save(revision, condition=CrmItem.pk.does_not_exist(), name="revision")


def _apply(t: Translation, data: schemas.TranslationIn) -> None:
    t.title, t.body, t.category, t.visibility = data.title, data.body, data.category, data.visibility
    t.case_categories = list(data.case_categories)


def create_article(data: schemas.ArticleIn, actor: str) -> schemas.ArticleOut:
    _check_category(data.category)
    t = Translation(article_id=new_id(), lang=data.lang, status="draft", revision=1)
    _apply(t, data)
    _write(t, "saved", actor, new=True)
    return get_article(t.article_id)


def save_translation(
    article_id: str, lang: str, data: schemas.TranslationIn, expected: int | None, actor: str
) -> schemas.ArticleOut:
    """A new revision of a translation (back to draft), or the article's first text in another language."""
    _check_category(data.category)
    current = {t.lang: t for t in repo.article_items(article_id)[0]}
    if not current:
        raise NotFound(f"article {article_id} does not exist", {"article_id": "unknown"})
    t = current.get(lang)
    if t is None:
        t = Translation(article_id=article_id, lang=lang, status="draft", revision=1)
        _apply(t, data)
        _write(t, "saved", actor, new=True)
        return get_article(article_id)
    check_version(t.version, expected, "article")
    _apply(t, data)
    t.status, t.revision, t.review_note = "draft", int(t.revision) + 1, None
    _write(t, "saved", actor)
    return get_article(article_id)


def _move(article_id: str, lang: str, data: schemas.ReviewIn, expected: int | None, frm: str) -> Translation:
    t = repo.load_translation(article_id, lang)
    check_version(t.version, expected if expected is not None else data.version, "article")
    if t.status != frm:
        raise Conflict(f"the {lang} translation is {t.status}, not {frm}", {"status": t.status})
    return t


def submit(article_id: str, lang: str, data: schemas.ReviewIn, expected: int | None, actor: str) -> schemas.ArticleOut:
    t = _move(article_id, lang, data, expected, "draft")
    t.status, t.review_note = "in_review", data.note
    _write(t, "submitted", actor)
    return get_article(article_id)


def publish(article_id: str, lang: str, data: schemas.ReviewIn, expected: int | None, actor: str) -> schemas.ArticleOut:
    """The reviewed text goes live (and into the search index, rebuilt from the table stream)."""
    t = _move(article_id, lang, data, expected, "in_review")
    t.status, t.review_note = "published", data.note
    t.published_revision, t.published_title, t.published_body = t.revision, t.title, t.body
    t.published_visibility, t.published_at, t.published_by = t.visibility, now_iso(), actor
    t.published_category, t.published_case_categories = t.category, list(t.case_categories or [])
    _write(t, "published", actor)
    return get_article(article_id)


def send_back(
    article_id: str, lang: str, data: schemas.ReviewIn, expected: int | None, actor: str
) -> schemas.ArticleOut:
    if not data.note:
        raise ValidationFailed("say what to change", {"note": "required when returning a draft"})
    t = _move(article_id, lang, data, expected, "in_review")
    t.status, t.review_note = "draft", data.note
    _write(t, "returned", actor)
    return get_article(article_id)


def get_article(article_id: str) -> schemas.ArticleOut:
    items, feedback = repo.article_items(article_id)
    translations = [_out(t, feedback.get(t.lang)) for t in items]
    if not translations:
        raise NotFound(f"article {article_id} does not exist", {"article_id": "unknown"})
    return schemas.ArticleOut(article_id=article_id, translations=translations)


def list_articles(q: schemas.ArticleQuery) -> schemas.ArticlePage:
    items, nxt = repo.articles_page(q.category, q.limit, q.cursor)
    fields = ("article_id", "lang", "title", "category", "visibility", "status", "updated_at", "updated_by")
    return schemas.ArticlePage(
        items=[schemas.ArticleSummary.model_validate({k: getattr(t, k) for k in fields}) for t in items], next=nxt
    )


def revisions(article_id: str, lang: str, limit: int, cursor: str | None) -> schemas.RevisionPage:
    repo.load_translation(article_id, lang)
    items, nxt = repo.revisions(article_id, lang, limit, cursor)
    return schemas.RevisionPage(items=[_revision_out(r) for r in items], next=nxt)


def _revision_out(r: Revision) -> schemas.RevisionOut:
    fields = ("event", "title", "body", "category", "visibility", "saved_at", "saved_by")
    return schemas.RevisionOut.model_validate({"revision": int(r.revision), **{k: getattr(r, k) for k in fields}})


def feedback(article_id: str, lang: str, helped: bool, visibility: tuple[str, ...]) -> schemas.FeedbackOut:
    """One more "helped" or "did not help" for a published translation the caller may read."""
    t = repo.load_translation(article_id, lang)
    if t.published_revision is None or t.published_visibility not in visibility:
        raise NotFound(f"article {article_id} has no published {lang} translation", {"article_id": "unknown"})
    f = repo.feedback_item(article_id, lang)
    counter = Feedback.helped if helped else Feedback.not_helped
    f.update(actions=[Feedback.type.set(Feedback), counter.add(1)])
    return schemas.FeedbackOut(
        article_id=article_id, lang=lang, helped=int(f.helped or 0), not_helped=int(f.not_helped or 0)
    )


def put_category(category_id: str, data: schemas.CategoryIn) -> schemas.CategoryOut:
    c = repo.category_item(category_id)
    c.names, c.updated_at = dict(data.names), now_iso()
    c.save()
    return schemas.CategoryOut(category_id=category_id, names=dict(data.names))


def list_categories() -> schemas.CategoryList:
    return schemas.CategoryList(
        items=[schemas.CategoryOut(category_id=c.category_id, names=c.names.as_dict()) for c in repo.categories()]
    )
