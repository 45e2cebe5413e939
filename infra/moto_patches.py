"""Changes to the emulator (never to product code); Query at the cost of the partition is in
moto_query_index.py, DynamoDB's item JSON read and written directly in moto_fast_json.py.

1. moto's TransactWriteItems deep-copies every table it
touches before writing, to roll back on failure. With the demo history (~10,000 items) that made each order
placement take ~20 s locally. This replacement keeps DynamoDB's semantics — all conditions are checked first
against the current state (items of one transaction are distinct, so no write can affect another item's
condition) and nothing is written when any fails; otherwise all writes are applied — and on an unexpected error
while applying it restores only the items it touched.

2. moto checks a write's condition and then writes, without a lock; its server answers requests on many threads,
so two concurrent conditional writes (two order placements claiming the same invoice number) could both pass.
DynamoDB serialises writes to an item and transactions are isolated, so every write and transaction here runs
under one lock — the emulator then behaves like DynamoDB for the concurrency tests.

3. Cost the emulator adds per request, not DynamoDB's: a condition or filter expression is parsed once per distinct
(expression, names, values) instead of twice per request, and moto's server lists its own package folders once
instead of on every request.

4. moto's global sign-out ends the sessions stored under the user's Username, but stores a session under the name
the user signed in with — the email, in a pool that signs in by email — so a signed-out user's refresh token
kept working. Cognito ends every session of the user; here too, whichever name it was opened with.

Used by the local stack and the test session; the transaction tests (invoice numbering, quote acceptance, lead
conversion, conflicts) run against it.
"""

from __future__ import annotations

import copy
import functools
import threading
from collections.abc import Callable
from typing import Any

import moto.backends
from moto.dynamodb.comparisons import ConditionExpressionParser, get_filter_expression
from moto.dynamodb.exceptions import (
    ConditionalCheckFailed,
    MockValidationException,
    MultipleTransactionsException,
    TooManyTransactionsException,
    TransactionCanceledException,
    TransactWriteSingleOpException,
)
from moto.dynamodb.models import DynamoDBBackend

from infra import moto_fast_json, moto_query_index

_OPS = ("ConditionCheck", "Put", "Delete", "Update")


def _key(backend: DynamoDBBackend, op_type: str, op: dict[str, Any]) -> dict[str, Any]:
    if op_type != "Put":
        return op["Key"]
    table = backend.get_table(op["TableName"])
    key = {table.hash_key_attr: op["Item"][table.hash_key_attr]}
    if table.range_key_attr is not None:
        key[table.range_key_attr] = op["Item"][table.range_key_attr]
    return key


def transact_write_items(self: DynamoDBBackend, transact_items: list[dict[str, Any]]) -> None:
    if len(transact_items) > 100:
        raise TooManyTransactionsException()
    seen: set[tuple[str, str]] = set()
    planned: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    errors: list[Any] = []
    for item in transact_items:
        if len(item) > 1:
            raise TransactWriteSingleOpException
        op_type, op = next(iter(item.items()))
        if op_type not in _OPS:
            raise ValueError("Unsupported transaction operation")
        key = _key(self, op_type, op)
        ident = (str(op["TableName"]), str(dict(sorted(key.items()))))
        if ident in seen:
            raise MultipleTransactionsException()
        seen.add(ident)
        planned.append((op_type, op, key))
        old: dict[str, Any] | None = None
        try:
            current = self.get_item(op["TableName"], key)
            expression = op.get("ConditionExpression")
            if expression is not None:
                condition = get_filter_expression(
                    expression, op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
                )
                if not condition.expr(current):
                    if op.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current:
                        old = current.to_json()["Attributes"]
                    raise ConditionalCheckFailed(item=old)
            errors.append((None, None, None))
        except ConditionalCheckFailed as e:
            errors.append(("ConditionalCheckFailed", str(e.message), old))
        except MockValidationException:
            raise
        except Exception as e:
            errors.append((type(e).__name__, str(e), old))
    if any(code is not None for code, _, _ in errors):
        raise TransactionCanceledException(errors)

    before: list[tuple[str, dict[str, Any], Any]] = []
    try:
        for op_type, op, key in planned:
            if op_type == "ConditionCheck":
                continue
            before.append((op["TableName"], key, copy.deepcopy(self.get_item(op["TableName"], key))))
            names, values = op.get("ExpressionAttributeNames"), op.get("ExpressionAttributeValues")
            if op_type == "Put":
                self.put_item(
                    op["TableName"], op["Item"], expression_attribute_names=names, expression_attribute_values=values
                )
            elif op_type == "Delete":
                self.delete_item(
                    op["TableName"], key, expression_attribute_names=names, expression_attribute_values=values
                )
            else:
                self.update_item(
                    op["TableName"],
                    key,
                    update_expression=op["UpdateExpression"],
                    expression_attribute_names=names,
                    expression_attribute_values=values,
                )
    except Exception:
        for table_name, key, original in reversed(before):
            if original is None:
                self.delete_item(table_name, key)
            else:
                self.put_item(table_name, original.to_json()["Attributes"])
        raise


writes = 0  # DynamoDB writes and S3 object changes so far: the local stack saves its state when this moved
WRITE_LOCK = threading.RLock()  # re-entrant: the transaction calls put_item/update_item/delete_item
_WRITES = ("put_item", "update_item", "delete_item", "transact_write_items")


def _serialised(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def locked(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        global writes
        with WRITE_LOCK:
            writes += 1
            try:
                return method(self, *args, **kwargs)
            finally:
                if method.__name__ != "transact_write_items":  # its writes call the others
                    moto_query_index.written(self, method.__name__, args, kwargs)

    locked.__crm_serialised__ = True  # type: ignore[attr-defined]
    return locked


def _counted(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def counting(*args: Any, **kwargs: Any) -> Any:
        global writes
        writes += 1
        return method(*args, **kwargs)

    counting.__crm_counted__ = True  # type: ignore[attr-defined]
    return counting


_original_parse = ConditionExpressionParser.parse
_parsed: dict[str, tuple[Any, list[str], list[str]]] = {}  # the parses of expressions seen so far (bounded)


def _parse_once(self: ConditionExpressionParser) -> Any:
    """moto parses a request's condition or filter expression twice per request, from scratch each time (a filter
    `IN (...)` of twenty values took ~4 ms); the same expression with the same names and values parses the same."""
    import json

    key = json.dumps(
        [self.condition_expression, self.expression_attribute_names, self.expression_attribute_values],
        sort_keys=True,
        default=str,
    )
    hit = _parsed.get(key)
    if hit is None:
        op = _original_parse(self)  # raises for a bad expression: nothing is kept
        hit = (op, list(self.expr_attr_names_found), list(self.expr_attr_values_found))
        if len(_parsed) > 2048:
            _parsed.clear()
        _parsed[key] = hit
        return op
    self.expr_attr_names_found.extend(hit[1])
    self.expr_attr_values_found.extend(hit[2])
    return hit[0]


_list_of_moto_modules = moto.backends.list_of_moto_modules


@functools.cache
def _moto_modules() -> tuple[str, ...]:
    """moto's server lists its package's folders (a stat each) on every request to route it; once is enough."""
    return tuple(_list_of_moto_modules())


def _sign_out(self: Any, username: str) -> None:
    user = self._get_user(username)
    names = {
        username,
        *([user.username, *(a["Value"] for a in user.attributes if a["Name"] == "email")] if user else []),
    }
    for token, held in list(self.refresh_tokens.items()):
        if held is not None and held[1] in names:
            self.refresh_tokens[token] = None
    for token, (_, name) in list(self.access_tokens.items()):
        if name in names:
            self.access_tokens.pop(token)


def apply() -> None:
    """Every change above, once per process (the local stack's and the test session's)."""
    from infra import outbox

    moto.backends.list_of_moto_modules = _moto_modules  # type: ignore[assignment]
    from moto.cognitoidp.models import CognitoIdpUserPool

    CognitoIdpUserPool.sign_out = _sign_out  # type: ignore[method-assign]
    ConditionExpressionParser.parse = _parse_once  # type: ignore[method-assign]

    from infra import local_lambda

    local_lambda.enable()  # Step Functions executes the template's state machine, its tasks in this process
    outbox.install()  # every email the emulated SES accepts also lands in MAIL_OUTBOX_DIR
    moto_query_index.install()  # Query at the cost of the partition
    moto_fast_json.install()  # item JSON in and out without the model-driven codec
    DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]
    for name in _WRITES:
        method = getattr(DynamoDBBackend, name)
        if not getattr(method, "__crm_serialised__", False):
            setattr(DynamoDBBackend, name, _serialised(method))
    from moto.s3.models import S3Backend

    for name in ("put_object", "delete_object", "copy_object"):
        method = getattr(S3Backend, name)
        if not getattr(method, "__crm_counted__", False):
            setattr(S3Backend, name, _counted(method))
