"""The local emulator's faster TransactWriteItems (infra/moto_patches.py) keeps DynamoDB's all-or-nothing rule."""

from __future__ import annotations

import sys

import boto3
import pytest
from botocore.exceptions import ClientError


@pytest.fixture
def table(aws, clean_tables):
    return aws["stack"].physical("CrmTable")


def _put(table, pk, cond=None):
    op = {"TableName": table, "Item": {"pk": {"S": pk}, "sk": {"S": "X"}, "n": {"N": "1"}}}
    if cond:
        op["ConditionExpression"] = cond
    return {"Put": op}


def test_emulator_a_failed_condition_writes_nothing_and_names_the_item(table):
    ddb = boto3.client("dynamodb")
    ddb.put_item(TableName=table, Item={"pk": {"S": "B"}, "sk": {"S": "X"}})
    with pytest.raises(ClientError) as exc:
        ddb.transact_write_items(TransactItems=[_put(table, "A"), _put(table, "B", "attribute_not_exists(pk)")])
    reasons = [r["Code"] for r in exc.value.response["CancellationReasons"]]
    assert reasons == ["None", "ConditionalCheckFailed"]
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "A"}, "sk": {"S": "X"}})


def test_emulator_an_error_while_applying_restores_the_items_already_written(table):
    ddb = boto3.client("dynamodb")
    ddb.put_item(TableName=table, Item={"pk": {"S": "C"}, "sk": {"S": "X"}, "n": {"N": "7"}})
    bad_update = {
        "Update": {
            "TableName": table,
            "Key": {"pk": {"S": "D"}, "sk": {"S": "X"}},
            "UpdateExpression": "SET n = n + :one",
            "ExpressionAttributeValues": {":one": {"N": "1"}},
        }
    }
    replace_c = {"Put": {"TableName": table, "Item": {"pk": {"S": "C"}, "sk": {"S": "X"}, "n": {"N": "8"}}}}
    with pytest.raises(ClientError):
        ddb.transact_write_items(TransactItems=[replace_c, bad_update])  # n does not exist on D
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "C"}, "sk": {"S": "X"}})["Item"]["n"] == {"N": "7"}


def test_emulator_all_writes_apply_together(table):
    ddb = boto3.client("dynamodb")
    ddb.transact_write_items(TransactItems=[_put(table, "E"), _put(table, "F", "attribute_not_exists(pk)")])
    assert all("Item" in ddb.get_item(TableName=table, Key={"pk": {"S": k}, "sk": {"S": "X"}}) for k in "EF")


def test_emulator_concurrent_conditional_claims_of_one_item_let_exactly_one_win(table):
    """Like DynamoDB, two requests racing for the same conditional write never both succeed (one lock in the patch)."""
    from concurrent.futures import ThreadPoolExecutor

    ddb = boto3.client("dynamodb")

    def claim(round_and_client: tuple[int, int]) -> bool:
        n, _ = round_and_client
        try:
            ddb.transact_write_items(
                TransactItems=[
                    _put(table, f"CLAIM#{n}", "attribute_not_exists(pk)"),
                    _put(table, f"CLAIM#{n}#extra-{_}"),
                ]
            )
            return True
        except ClientError as exc:
            assert exc.response["Error"]["Code"] in ("TransactionCanceledException", "TransactionConflictException")
            return False

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # the server runs in this process: switch threads often so races really happen
    try:
        with ThreadPoolExecutor(max_workers=8) as pool:
            wins = list(pool.map(claim, [(n, c) for n in range(40) for c in range(8)]))
    finally:
        sys.setswitchinterval(interval)
    assert [sum(wins[n * 8 : (n + 1) * 8]) for n in range(40)] == [1] * 40
