"""The emulator's direct item JSON (infra/moto_fast_json.py) answers exactly as moto's model-driven codec: every
item operation the product uses, with every attribute type (blobs too), sent both ways and compared as boto3
parses them, errors included."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from infra import moto_fast_json
from infra.provision import recreate_tables

RICH = {
    "s": {"S": "Zürich – naïve"},
    "n": {"N": "12.50"},
    "big": {"N": "123456789012345678901234567890"},
    "yes": {"BOOL": True},
    "nothing": {"NULL": True},
    "tags": {"SS": ["vip", "wholesale"]},
    "scores": {"NS": ["1", "2.5"]},
    "nested": {"M": {"list": {"L": [{"S": "a"}, {"N": "1"}, {"M": {"deep": {"BOOL": False}}}]}, "empty": {"M": {}}}},
    "gsi1pk": {"S": "G#1"},
    "gsi1sk": {"S": "2026"},
}


@pytest.fixture
def table(aws, clean_tables):
    return aws["stack"].physical("CrmTable")


def _item(n: int, **more: Any) -> dict[str, Any]:
    return {"pk": {"S": "P#fast"}, "sk": {"S": f"I#{n:03d}"}, **RICH, **more}


def _session(ddb: Any, table: str) -> list[Any]:
    """One user's worth of item operations; returns what boto3 parsed of each answer (or the error)."""
    key = {"pk": {"S": "P#fast"}, "sk": {"S": "I#001"}}
    calls: list[tuple[str, dict[str, Any]]] = [
        ("put_item", {"Item": _item(1)}),
        ("put_item", {"Item": _item(2, blob={"B": b"\x00\xffbinary"}, blobs={"BS": [b"a", b"b"]})}),
        ("put_item", {"Item": _item(3), "ReturnValues": "ALL_OLD"}),
        ("put_item", {"Item": _item(3, s={"S": "changed"}), "ReturnValues": "ALL_OLD"}),
        ("get_item", {"Key": key}),
        ("get_item", {"Key": {"pk": {"S": "P#fast"}, "sk": {"S": "I#002"}}}),
        ("get_item", {"Key": {"pk": {"S": "P#fast"}, "sk": {"S": "I#404"}}}),
        (
            "get_item",
            {
                "Key": key,
                "ProjectionExpression": "#n, nested.#l[2]",
                "ExpressionAttributeNames": {"#n": "n", "#l": "list"},
            },
        ),
        (
            "update_item",
            {
                "Key": key,
                "UpdateExpression": "SET n = n + :one, tags = :t",
                "ExpressionAttributeValues": {":one": {"N": "1"}, ":t": {"SS": ["x"]}},
                "ReturnValues": "ALL_NEW",
            },
        ),
        (
            "update_item",
            {
                "Key": key,
                "UpdateExpression": "SET n = :z",
                "ConditionExpression": "n = :z",
                "ExpressionAttributeValues": {":z": {"N": "0"}},
            },
        ),
        ("query", {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "P#fast"}}}),
        (
            "query",
            {
                "KeyConditionExpression": "pk = :p",
                "ExpressionAttributeValues": {":p": {"S": "P#fast"}},
                "Limit": 1,
                "ScanIndexForward": False,
            },
        ),
        (
            "query",
            {
                "IndexName": "gsi1",
                "KeyConditionExpression": "gsi1pk = :g",
                "ExpressionAttributeValues": {":g": {"S": "G#1"}},
                "Select": "COUNT",
            },
        ),
        ("batch_get_item", {"RequestItems": {table: {"Keys": [key, {"pk": {"S": "P#fast"}, "sk": {"S": "I#002"}}]}}}),
        (
            "batch_write_item",
            {
                "RequestItems": {
                    table: [
                        {"PutRequest": {"Item": _item(4)}},
                        {"DeleteRequest": {"Key": {"pk": {"S": "P#fast"}, "sk": {"S": "I#003"}}}},
                    ]
                }
            },
        ),
        ("transact_get_items", {"TransactItems": [{"Get": {"TableName": table, "Key": key}}]}),
        (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {"TableName": table, "Item": _item(5)}},
                    {"ConditionCheck": {"TableName": table, "Key": key, "ConditionExpression": "attribute_exists(pk)"}},
                ]
            },
        ),
        (
            "transact_write_items",
            {
                "TransactItems": [
                    {"Put": {"TableName": table, "Item": _item(6), "ConditionExpression": "attribute_exists(pk)"}}
                ]
            },
        ),
        ("delete_item", {"Key": {"pk": {"S": "P#fast"}, "sk": {"S": "I#004"}}, "ReturnValues": "ALL_OLD"}),
        ("scan", {"Limit": 3}),
    ]
    answers = []
    for method, params in calls:
        if method not in ("batch_get_item", "batch_write_item", "transact_get_items", "transact_write_items"):
            params = {"TableName": table, **params}
        try:
            answer = getattr(ddb, method)(**params)
            answer.pop("ResponseMetadata")
            answers.append((method, answer))
        except ClientError as e:
            answers.append((method, e.response["Error"]["Code"], e.response.get("CancellationReasons")))
    return answers


def test_emulator_item_json_answers_as_motos_own_codec(aws, table, monkeypatch):
    ddb = boto3.client("dynamodb")
    monkeypatch.setattr(moto_fast_json, "enabled", True)
    fast = _session(ddb, table)
    recreate_tables(aws["stack"])
    monkeypatch.setattr(moto_fast_json, "enabled", False)
    slow = _session(ddb, table)
    assert [a[0] for a in fast] == [a[0] for a in slow]
    for a, b in zip(fast, slow, strict=True):
        assert a == b, a[0]
    assert any(len(a) == 3 and a[1] == "ConditionalCheckFailedException" for a in fast)  # errors compared too
    assert any(len(a) == 3 and a[1] == "TransactionCanceledException" for a in fast)
