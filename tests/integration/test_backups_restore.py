"""Backups that restore (docs/operations.md, "Recovery"): an on-demand backup of CrmTable restored into a new table
equals its source item by item; after a loss, the same backup brings back what was lost (and nothing newer); a
deleted or overwritten object of a versioned bucket comes back. Through infra.restore, the operator's command."""

from __future__ import annotations

import boto3

from infra.restore import backup, compare, restore_object, restore_table
from tests.support import company


def test_a_table_backup_restores_whole_and_brings_back_what_was_lost_since(api, aws):
    ddb, source = boto3.client("dynamodb"), aws["stack"].physical("CrmTable")
    kept = api("POST", "/customers", company("Kept Ltd", emails=["a@kept.example"], phones=[])).json["customer_id"]
    lost = api("POST", "/customers", company("Lost GmbH", emails=["b@lost.example"], phones=[])).json["customer_id"]
    point = backup(ddb, source)  # the recovery point

    first = compare(ddb, source, restore_table(ddb, source, point))
    assert first.whole and first.items >= 10, first.summary()  # profiles, identifiers, timeline entries...

    version = api("GET", f"/customers/{lost}").json["version"]
    assert api("DELETE", f"/customers/{lost}", headers={"If-Match": f'"{version}"'}, role="manager").status_code == 204
    api("PATCH", f"/customers/{kept}", {"industry": "after the backup", "version": 1})
    api("POST", "/customers", company("Newer SA", emails=["c@newer.example"], phones=[]))

    restored = restore_table(ddb, source, point)
    after = compare(ddb, source, restored)
    assert not after.whole
    by_pk = {item["pk"]["S"] for item in after.different + after.missing + after.extra}
    assert f"CUST#{lost}" in by_pk and f"CUST#{kept}" in by_pk  # the deletion and the edit, undone in the copy
    back = ddb.get_item(TableName=restored, Key={"pk": {"S": f"CUST#{lost}"}, "sk": {"S": "PROFILE"}})["Item"]
    assert back["name"]["S"] == "Lost GmbH" and back["status"]["S"] == "active"
    newer = [i for i in after.missing if i.get("name", {}).get("S") == "Newer SA"]
    assert newer  # created after the recovery point: not in the restored table


def test_a_deleted_or_overwritten_object_of_a_versioned_bucket_comes_back(aws):
    s3, bucket = boto3.client("s3"), aws["stack"].physical("MailBucket")
    assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
    s3.put_object(Bucket=bucket, Key="inbound/keep.eml", Body=b"first", ServerSideEncryption="aws:kms")
    s3.delete_object(Bucket=bucket, Key="inbound/keep.eml")
    assert s3.list_objects_v2(Bucket=bucket, Prefix="inbound/keep.eml").get("KeyCount") == 0
    assert restore_object(s3, bucket, "inbound/keep.eml")
    assert s3.get_object(Bucket=bucket, Key="inbound/keep.eml")["Body"].read() == b"first"

    s3.put_object(Bucket=bucket, Key="inbound/keep.eml", Body=b"overwritten", ServerSideEncryption="aws:kms")
    restore_object(s3, bucket, "inbound/keep.eml")
    assert s3.get_object(Bucket=bucket, Key="inbound/keep.eml")["Body"].read() == b"first"
    assert restore_object(s3, bucket, "inbound/never-was.eml") is None
