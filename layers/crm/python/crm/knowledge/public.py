"""What other contexts may use of the knowledge base: public articles found for a question (the chatbot, the
portal), searched, read and rated by customers (the portal's help), and the index rebuild (the table stream's
consumer)."""

from __future__ import annotations

from crm.knowledge.finder import public_article, rebuild_index, search, suggest
from crm.knowledge.schemas import FeedbackIn, FeedbackOut, PublicArticle, SearchOut, SearchQuery

__all__ = [
    "FeedbackIn",
    "FeedbackOut",
    "PublicArticle",
    "SearchOut",
    "SearchQuery",
    "feedback",
    "public_article",
    "rebuild_index",
    "search",
    "suggest",
]


def feedback(article_id: str, lang: str, helped: bool, visibility: tuple[str, ...]) -> FeedbackOut:
    """One more "helped" or "did not help" (the knowledge service loads with the first)."""
    from crm.knowledge import service

    return service.feedback(article_id, lang, helped, visibility)
