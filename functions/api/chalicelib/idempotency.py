"""`Idempotency-Key` for POST creates, through Powertools idempotency (records in their own table).

The key is scoped to the caller and the route; a retry with the same key and body returns the first reply
without running the service again; the same key with a different body is a 422. The utility is imported on
the first keyed request, so reads never pay for it (nor for boto3) at cold start.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from crm.config import get_settings
from crm.errors import Conflict, IdempotencyMismatch, ValidationFailed

_runner: Callable[..., dict[str, Any]] | None = None
_config: Any = None


def _build_runner() -> Callable[..., dict[str, Any]]:
    global _config
    from aws_lambda_powertools.utilities.idempotency import (
        DynamoDBPersistenceLayer,
        IdempotencyConfig,
        idempotent_function,
    )

    _config = IdempotencyConfig(
        event_key_jmespath="key",
        payload_validation_jmespath="payload",
        expires_after_seconds=24 * 3600,
        raise_on_no_idempotency_key=True,
    )
    persistence = DynamoDBPersistenceLayer(table_name=get_settings().idempotency_table_name)

    @idempotent_function(data_keyword_argument="request", persistence_store=persistence, config=_config)
    def run(request: dict[str, Any], work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        return work()

    return run


def once(call: Any, *, scope: str, payload: Any, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `work` once per (caller, scope, Idempotency-Key); without the header it simply runs."""
    key = call.headers.get("idempotency-key")
    if key is None:
        return work()
    if not 1 <= len(key) <= 200:
        raise ValidationFailed("Idempotency-Key must be 1-200 characters", {"Idempotency-Key": "bad length"})
    global _runner
    if _runner is None:
        _runner = _build_runner()
    from aws_lambda_powertools.utilities.idempotency.exceptions import (
        IdempotencyAlreadyInProgressError,
        IdempotencyValidationError,
    )

    digest = hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()
    request = {"key": f"{call.principal.sub}|{scope}|{key}", "payload": digest}
    if call.lambda_context is not None:
        _config.register_lambda_context(call.lambda_context)  # in-progress records expire with the invocation
    try:
        return _runner(request=request, work=work)
    except IdempotencyValidationError as exc:
        raise IdempotencyMismatch(
            "this Idempotency-Key was used with a different request", {"Idempotency-Key": "reused"}
        ) from exc
    except IdempotencyAlreadyInProgressError as exc:
        raise Conflict(
            "a request with this Idempotency-Key is still running", {"Idempotency-Key": "in progress"}
        ) from exc
