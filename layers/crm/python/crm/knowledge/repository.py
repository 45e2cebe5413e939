"""Knowledge base keys and queries: the only module that spells KB#, KBARTICLES, KBPUBLISHED, KBCAT#,
KBCATEGORIES (the key design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from collections.abc import Iterator

from crm.db import CrmItem, Index, decode_cursor, encode_cursor, get_or_404
from crm.knowledge.models import Category, Feedback, Revision, Translation

ARTICLES, PUBLISHED, CATEGORIES = "KBARTICLES", "KBPUBLISHED", "KBCATEGORIES"


def article_pk(article_id: str) -> str:
    return f"KB#{article_id}"


def translation_sk(lang: str) -> str:
    return f"LANG#{lang}"


def revision_sk(lang: str, revision: int, at: str) -> str:
    """Each event of a revision (saved, submitted, published, returned) apart, in order."""
    return f"LANG#{lang}#REV#{revision:06d}#{at}"


def feedback_key(article_id: str, lang: str) -> tuple[str, str]:
    return article_pk(article_id), f"LANG#{lang}#FEEDBACK"


def index_translation(t: Translation) -> None:
    """Newest first (gsi1); the published ones, which the search index is built from (gsi2); by category (gsi3)."""
    t.pk, t.sk = article_pk(t.article_id), translation_sk(t.lang)
    t.gsi1pk, t.gsi1sk = ARTICLES, f"{t.updated_at}#{t.article_id}#{t.lang}"
    if t.published_revision is not None:
        t.gsi2pk, t.gsi2sk = PUBLISHED, f"{t.article_id}#{t.lang}"
    else:
        t.gsi2pk = t.gsi2sk = None
    t.gsi3pk, t.gsi3sk = f"KBCAT#{t.category}", f"{t.article_id}#{t.lang}"


def new_revision(t: Translation, event: str, at: str, by: str) -> Revision:
    r = Revision(
        article_id=t.article_id,
        lang=t.lang,
        revision=t.revision,
        title=t.title,
        body=t.body,
        category=t.category,
        visibility=t.visibility,
        saved_at=at,
        saved_by=by,
        event=event,
    )
    r.pk, r.sk = article_pk(t.article_id), revision_sk(t.lang, int(t.revision), at)
    return r


def load_translation(article_id: str, lang: str) -> Translation:
    return get_or_404(
        Translation,
        article_pk(article_id),
        translation_sk(lang),
        f"article {article_id} has no {lang} translation",
        {"lang": "unknown"},
    )


def article_items(article_id: str) -> tuple[list[Translation], dict[str, Feedback]]:
    """An article's translations and their feedback counts by language (one Query; revisions stay out)."""
    translations: list[Translation] = []
    feedback: dict[str, Feedback] = {}
    for i in CrmItem.query(article_pk(article_id), CrmItem.sk.startswith("LANG#")):
        if isinstance(i, Translation):
            translations.append(i)
        elif isinstance(i, Feedback):
            feedback[i.sk.split("#")[1]] = i  # LANG#<lang>#FEEDBACK
    return translations, feedback


def revisions(article_id: str, lang: str, limit: int, cursor: str | None) -> tuple[list[Revision], str | None]:
    """A translation's revisions, newest first."""
    pk = article_pk(article_id)
    start = decode_cursor(cursor, expect={"pk": pk})
    result = Revision.query(
        pk, Revision.sk.startswith(f"LANG#{lang}#REV#"), scan_index_forward=False, limit=limit, last_evaluated_key=start
    )
    return list(result), encode_cursor(result.last_evaluated_key)


def articles_page(category: str | None, limit: int, cursor: str | None) -> tuple[list[Translation], str | None]:
    """Every translation newest first, or a category's by article."""
    index: Index
    if category:
        key, index, attr, forward = f"KBCAT#{category}", Translation.gsi3, "gsi3", True
    else:
        key, index, attr, forward = ARTICLES, Translation.gsi1, "gsi1", False
    start = decode_cursor(cursor, expect={f"{attr}pk": key})
    result = index.query(key, scan_index_forward=forward, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def published() -> Iterator[Translation]:
    """Every published translation (the search index's input), page after page."""
    return iter(Translation.gsi2.query(PUBLISHED))


def feedback_item(article_id: str, lang: str) -> Feedback:
    f = Feedback()
    f.pk, f.sk = feedback_key(article_id, lang)
    return f


def categories() -> list[Category]:
    return list(Category.query(CATEGORIES))


def category_item(category_id: str) -> Category:
    c = Category(category_id=category_id)
    c.pk, c.sk = CATEGORIES, category_id
    return c


def category_keys(category_id: str) -> tuple[str, str]:
    return CATEGORIES, category_id
