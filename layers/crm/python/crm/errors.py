"""Domain errors. Each class carries the one HTTP status it maps to, so the mapping lives here only."""

from __future__ import annotations

from typing import Any


class CrmError(Exception):
    status = 500
    code = "internal_error"

    def __init__(self, message: str, fields: dict[str, str] | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}
        self.details = details

    def to_body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "message": self.message, "fields": self.fields}
        body.update(self.details)
        return body


class ValidationFailed(CrmError):
    status = 400
    code = "validation_error"


class NotAuthenticated(CrmError):
    status = 401
    code = "not_authenticated"


class Forbidden(CrmError):
    status = 403
    code = "forbidden"


class NotFound(CrmError):
    status = 404
    code = "not_found"


class Conflict(CrmError):
    status = 409
    code = "conflict"


class VersionConflict(Conflict):
    code = "version_conflict"


class DuplicateCustomer(Conflict):
    code = "duplicate_customer"


class Gone(CrmError):
    status = 410
    code = "gone"


class IdempotencyMismatch(CrmError):
    status = 422
    code = "idempotency_key_reused"


class PreconditionRequired(CrmError):
    status = 428
    code = "precondition_required"


class ActionFailed(Exception):
    """An action a background run asked for did not happen (a receiver answered 500); the run retries it."""
