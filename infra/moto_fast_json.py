"""The emulator reads and writes DynamoDB's item JSON directly (emulator code, never deployed).

moto runs every request through botocore's model-driven parser and every answer through its model-driven
serializer. For DynamoDB's item operations that walks each attribute of each item twice through generic code
(several milliseconds for a customer 360's items), and changes nothing but one thing: blobs (`B`, `BS`) travel as
base64 on the wire and as bytes inside moto. So item requests without a blob are read with `json.loads`, and item
answers written with `json.dumps` when they hold no bytes; anything else takes moto's own path.
tests/integration/test_emulator_fast_json.py sends the same requests both ways and compares the answers.
"""

from __future__ import annotations

import json
from typing import Any

from moto.core.responses import BaseResponse
from moto.dynamodb.responses import DynamoResult

ITEM_OPERATIONS = frozenset(
    {
        "GetItem",
        "PutItem",
        "UpdateItem",
        "DeleteItem",
        "Query",
        "Scan",
        "BatchGetItem",
        "BatchWriteItem",
        "TransactGetItems",
        "TransactWriteItems",
    }
)
enabled = True
_original_parse = BaseResponse.parse_parameters
_original_execute = DynamoResult.execute_result


def _without_none(value: Any) -> Any:
    """The serializer leaves out members that are None; so does this."""
    if isinstance(value, dict):
        return {k: _without_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_without_none(v) for v in value]
    return value


def parse_parameters(self: BaseResponse, request: Any) -> None:
    if enabled and self.service_name == "dynamodb" and self._get_action() in ITEM_OPERATIONS:
        body = request.data or b"{}"
        if b'"B"' not in body and b'"BS"' not in body:
            self.params = json.loads(body)
            return
    _original_parse(self, request)


def execute_result(self: DynamoResult, context: Any) -> Any:
    if enabled and context.operation_model.name in ITEM_OPERATIONS:
        try:
            body = json.dumps(_without_none(self.result), separators=(",", ":"))
        except TypeError:  # bytes (a blob) or a datetime: the model knows how to write those
            return _original_execute(self, context)
        return 200, {"Content-Type": "application/x-amz-json-1.0"}, body
    return _original_execute(self, context)


def install() -> None:
    if BaseResponse.parse_parameters is not parse_parameters:
        BaseResponse.parse_parameters = parse_parameters  # type: ignore[method-assign]
        DynamoResult.execute_result = execute_result  # type: ignore[method-assign]
