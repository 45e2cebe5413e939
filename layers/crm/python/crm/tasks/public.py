"""What other contexts may use of tasks: a follow-up call task created once (callbacks, voicemail), or built for
the caller's own transaction (feedback), or any task created once under the caller's id (workflows)."""

from __future__ import annotations

from crm.tasks.service import ensure_call_task, ensure_task, follow_up_task

__all__ = ["ensure_call_task", "ensure_task", "follow_up_task"]
