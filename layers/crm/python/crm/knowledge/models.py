"""Knowledge base items in the single table (keys: repository.py and docs/access-patterns.md).

KB#<article>  LANG#<lang>                 one translation: its working copy and its published copy
                                          gsi1 KBARTICLES / <updated_at>#<article>#<lang>    (newest first)
                                          gsi2 KBPUBLISHED / <article>#<lang>                (sparse: published)
                                          gsi3 KBCAT#<category> / <article>#<lang>           (by category)
KB#<article>  LANG#<lang>#REV#<000001>#<at>  a revision's events: saved, submitted, published, returned
KB#<article>  LANG#<lang>#FEEDBACK        "this helped / did not help" counts (apart: no version bump)
KBCATEGORIES  <category>                  a category's names per language
"""

from __future__ import annotations

from pynamodb.attributes import ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute, VersionAttribute

from crm.db import CrmItem


class Translation(CrmItem, discriminator="kb_article"):
    article_id = UnicodeAttribute()
    lang = UnicodeAttribute()
    category = UnicodeAttribute()
    case_categories = ListAttribute[str](default=list)
    visibility = UnicodeAttribute()  # internal | public
    title = UnicodeAttribute()
    body = UnicodeAttribute()  # Markdown
    status = UnicodeAttribute()  # draft | in_review | published (the working copy is the published one)
    revision = NumberAttribute()
    review_note = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()
    published_revision = NumberAttribute(null=True)
    published_title = UnicodeAttribute(null=True)
    published_body = UnicodeAttribute(null=True)
    published_visibility = UnicodeAttribute(null=True)
    published_category = UnicodeAttribute(null=True)
    published_case_categories = ListAttribute[str](null=True)
    published_at = UnicodeAttribute(null=True)
    published_by = UnicodeAttribute(null=True)
    version = VersionAttribute()


class Revision(CrmItem, discriminator="kb_revision"):
    article_id = UnicodeAttribute()
    lang = UnicodeAttribute()
    revision = NumberAttribute()
    title = UnicodeAttribute()
    body = UnicodeAttribute()
    category = UnicodeAttribute()
    visibility = UnicodeAttribute()
    saved_at = UnicodeAttribute()
    saved_by = UnicodeAttribute()
    event = UnicodeAttribute()  # saved | submitted | published | returned


class Feedback(CrmItem, discriminator="kb_feedback"):
    helped = NumberAttribute(default=0)
    not_helped = NumberAttribute(default=0)


class Category(CrmItem, discriminator="kb_category"):
    category_id = UnicodeAttribute()
    names = MapAttribute[str, str]()
    updated_at = UnicodeAttribute()
