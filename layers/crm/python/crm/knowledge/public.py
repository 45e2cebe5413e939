"""What other contexts may use of the knowledge base: public articles found for a question (the chatbot, the
portal) and the index rebuild (the table stream's consumer)."""

from __future__ import annotations

from crm.knowledge.finder import rebuild_index, suggest

__all__ = ["rebuild_index", "suggest"]
