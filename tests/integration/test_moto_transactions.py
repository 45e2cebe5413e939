"""The local emulator's faster TransactWriteItems (infra/moto_patches.py) keeps DynamoDB's all-or-nothing rule."""

from __future__ import annotations

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


def test_a_failed_condition_writes_nothing_and_names_the_item(table):
    ddb = boto3.client("dynamodb")
    ddb.put_item(TableName=table, Item={"pk": {"S": "B"}, "sk": {"S": "X"}})
    with pytest.raises(ClientError) as exc:
        ddb.transact_write_items(TransactItems=[_put(table, "A"), _put(table, "B", "attribute_not_exists(pk)")])
    reasons = [r["Code"] for r in exc.value.response["CancellationReasons"]]
    assert reasons == ["None", "ConditionalCheckFailed"]
    assert "Item" not in ddb.get_item(TableName=table, Key={"pk": {"S": "A"}, "sk": {"S": "X"}})


def test_an_error_while_applying_restores_the_items_already_written(table):
    ddb = boto3.client("dynamodb")
    ddb.put_item(TableName=table, Item={"pk": {"S": "C"}, "sk": {"S": "X"}, "n": {"N": "7"}})
    bad_update = {"Update": {"TableName": table, "Key": {"pk": {"S": "D"}, "sk": {"S": "X"}},
                             "UpdateExpression": "SET n = n + :one", "ExpressionAttributeValues": {":one": {"N": "1"}}}}  # fmt: skip
    replace_c = {"Put": {"TableName": table, "Item": {"pk": {"S": "C"}, "sk": {"S": "X"}, "n": {"N": "8"}}}}
    with pytest.raises(ClientError):
        ddb.transact_write_items(TransactItems=[replace_c, bad_update])  # n does not exist on D
    assert ddb.get_item(TableName=table, Key={"pk": {"S": "C"}, "sk": {"S": "X"}})["Item"]["n"] == {"N": "7"}


def test_all_writes_apply_together(table):
    ddb = boto3.client("dynamodb")
    ddb.transact_write_items(TransactItems=[_put(table, "E"), _put(table, "F", "attribute_not_exists(pk)")])
    assert all("Item" in ddb.get_item(TableName=table, Key={"pk": {"S": k}, "sk": {"S": "X"}}) for k in "EF")
