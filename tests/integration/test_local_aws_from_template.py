"""The AWS that tests and the local stack use is built from template.yaml, and really exists in moto."""

from __future__ import annotations

import boto3

from infra.template import resources_of_type


def test_every_table_bucket_and_identity_resource_of_the_template_exists(aws):
    stack = aws["stack"]
    ddb, s3, idp = (boto3.client(s, region_name="eu-west-1") for s in ("dynamodb", "s3", "cognito-idp"))
    for logical, res in resources_of_type(stack.template, "AWS::DynamoDB::Table").items():
        table = ddb.describe_table(TableName=stack.physical(logical))["Table"]
        props = res["Properties"]
        assert table["KeySchema"] == props["KeySchema"], logical
        assert {i["IndexName"] for i in table.get("GlobalSecondaryIndexes", [])} == {
            i["IndexName"] for i in props.get("GlobalSecondaryIndexes", [])
        }
        if "StreamSpecification" in props:
            assert table["StreamSpecification"]["StreamViewType"] == props["StreamSpecification"]["StreamViewType"]
        if "TimeToLiveSpecification" in props:
            ttl = ddb.describe_time_to_live(TableName=stack.physical(logical))["TimeToLiveDescription"]
            assert ttl["AttributeName"] == props["TimeToLiveSpecification"]["AttributeName"]
    for logical, res in resources_of_type(stack.template, "AWS::S3::Bucket").items():
        name = stack.physical(logical)
        wanted = res["Properties"]["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]
        assert s3.get_bucket_versioning(Bucket=name)["Status"] == "Enabled"
        rules = s3.get_bucket_encryption(Bucket=name)["ServerSideEncryptionConfiguration"]["Rules"]
        algorithm = rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"]
        assert algorithm == wanted["ServerSideEncryptionByDefault"]["SSEAlgorithm"], logical
        # S3 delivers access logs with SSE-S3 only; CloudFront cannot read the console's files under the AWS-managed
        # KMS key (and they are public), nor write its logs under it
        assert algorithm == "aws:kms" or logical in {"AccessLogsBucket", "ConsoleBucket", "ConsoleLogsBucket"}
        assert all(s3.get_public_access_block(Bucket=name)["PublicAccessBlockConfiguration"].values())
    pool = stack.physical("UserPool")
    groups = {g["GroupName"] for g in idp.list_groups(UserPoolId=pool)["Groups"]}
    assert groups == {"admin", "manager", "sales", "agent", "purchasing", "partner", "customer"}
    attrs = {a["Name"] for a in idp.describe_user_pool(UserPoolId=pool)["UserPool"]["SchemaAttributes"]}
    assert "custom:partner_id" in attrs


def test_the_api_runs_with_the_environment_the_template_gives_its_functions(aws):
    import os

    from infra.functions import api_environment

    env = api_environment(aws["stack"])
    assert env["TABLE_NAME"] == aws["stack"].physical("CrmTable")
    assert env["COGNITO_CLIENT_ID"] == aws["stack"].physical("UserPoolClient")
    for key, value in env.items():
        if key != "PUBLIC_API_URL":  # the harness's own address
            assert os.environ[key] == value, key
    assert not any(k.endswith("_KEY") for k in env), "a key in the environment is readable by whoever reads config"
    arn = env["MESSAGING_SIGNING_SECRET_ARN"]
    assert len(boto3.client("secretsmanager").get_secret_value(SecretId=arn)["SecretString"]) == 48


def test_the_analytics_catalog_and_named_queries_exist(aws):
    """Glue tables point at the curated zone with run_date partition projection; the named queries are there."""
    stack = aws["stack"]
    glue, athena = boto3.client("glue"), boto3.client("athena")
    db = stack.physical("AnalyticsDatabase")
    table = glue.get_table(DatabaseName=db, Name="order_lines")["Table"]
    bucket = stack.physical("AnalyticsBucket")
    assert table["StorageDescriptor"]["Location"] == f"s3://{bucket}/curated/order_lines/"
    assert (
        table["Parameters"]["storage.location.template"] == f"s3://{bucket}/curated/order_lines/run_date=${{run_date}}/"
    )
    assert [k["Name"] for k in table["PartitionKeys"]] == ["run_date"]
    names = {
        athena.get_named_query(NamedQueryId=i)["NamedQuery"]["Name"]
        for i in athena.list_named_queries(WorkGroup=stack.physical("AnalyticsWorkGroup"))["NamedQueryIds"]
    }
    assert names == {
        "rfm_summary",
        "ltv_summary",
        "ltv_summary_from_raw",
        "monthly_trends",
        "basket_rules",
        "category_profitability",
    }
    raw = glue.get_table(DatabaseName=db, Name="raw_order_placed")["Table"]  # the compacted zone, by day
    assert raw["StorageDescriptor"]["Location"] == f"s3://{bucket}/compact/order_placed/"
    assert [k["Name"] for k in raw["PartitionKeys"]] == ["date"]
    query = athena.get_named_query(NamedQueryId=stack.physical("LtvSummaryFromRawQuery"))["NamedQuery"]
    assert query["Name"] == "ltv_summary_from_raw" and "raw_order_placed" in query["QueryString"]
