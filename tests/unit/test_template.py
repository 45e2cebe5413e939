"""template.yaml is the truth: it lints clean, declares exactly the app's routes, and secures its data."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app import app
from chalicelib.routes import MODULES
from chalicelib.table import MODULE_OF, SPECS
from infra.template import TEMPLATE, api_functions, api_routes, load, resources_of_type, served_route_modules


def test_cfn_lint_reports_nothing():
    cfn_lint = Path(sys.executable).parent / "cfn-lint"
    result = subprocess.run([str(cfn_lint), str(TEMPLATE)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == ""


def test_routes_in_the_chalice_app_equal_the_routes_in_the_template():
    chalice_routes = {(m, path) for path, methods in app.routes.items() for m in methods}
    t = load()
    assert chalice_routes == set().union(*(api_routes(t, name) for name in api_functions(t)))


def test_each_api_function_declares_exactly_the_routes_of_the_modules_it_serves_and_each_module_has_one():
    """The route table decides which function answers which route: a route's events sit on the function whose
    API_ROUTES names the route's module, so API Gateway sends each request where the app registered it."""
    t = load()
    functions = api_functions(t)
    assert len(functions) >= 6
    served = [m for res in functions.values() for m in served_route_modules(res)]
    assert sorted(served) == sorted(MODULES), "every route module is served by exactly one function"
    for name, res in functions.items():
        modules = served_route_modules(res)
        expected = {route for route, module in MODULE_OF.items() if module in modules}
        assert api_routes(t, name) == expected, name
        assert res["Properties"]["Handler"] == "app.app", name


# Reached without a login: probes, the API document, and links in email that carry a signed token.
PUBLIC = {
    ("GET", "/health"),
    ("POST", "/hooks/workflows/{workflow_id}"),
    ("GET", "/openapi.json"),
    ("POST", "/newsletters/{list_id}/subscribe"),
    ("GET", "/newsletters/confirm"),
    ("POST", "/unsubscribe"),
    ("GET", "/unsubscribe"),
    ("GET", "/preferences"),
    ("POST", "/preferences"),
    ("GET", "/t/o"),
    ("GET", "/t/c"),
    ("HEAD", "/t/c"),
    ("GET", "/feedback"),
    ("POST", "/feedback/comment"),
    ("POST", "/shops/{shop_id}/orders"),  # signed by the shop (HMAC-SHA256 of the body)
}


def test_every_route_states_who_may_call_it_and_only_these_are_public():
    public = {(s.method, s.path) for s in SPECS if s.permission is None}
    assert public == PUBLIC
    unauthenticated = {
        (e["Properties"]["Method"].upper(), e["Properties"]["Path"])
        for res in api_functions(load()).values()
        for e in res["Properties"]["Events"].values()
        if e["Properties"].get("Auth", {}).get("Authorizer") == "NONE"
    }
    assert unauthenticated == public


def test_tables_are_streamed_encrypted_and_recoverable():
    t = load()
    table = t["Resources"]["CrmTable"]["Properties"]
    assert table["StreamSpecification"]["StreamViewType"] == "NEW_AND_OLD_IMAGES"
    assert {i["IndexName"] for i in table["GlobalSecondaryIndexes"]} >= {"gsi1", "gsi2"}
    for name, res in resources_of_type(t, "AWS::DynamoDB::Table").items():
        p = res["Properties"]
        assert p["SSESpecification"]["SSEEnabled"] is True, name
        assert p["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"] is True, name
    idem = t["Resources"]["IdempotencyTable"]["Properties"]
    assert idem["TimeToLiveSpecification"] == {"AttributeName": "expiration", "Enabled": True}


def test_buckets_are_encrypted_private_and_versioned():
    buckets = resources_of_type(load(), "AWS::S3::Bucket")
    assert set(buckets) == {
        "AnalyticsBucket",
        "VoicemailBucket",
        "ReportsBucket",
        "KnowledgeBucket",
        "MailBucket",
        "AccessLogsBucket",
        "ConsoleBucket",
        "ConsoleLogsBucket",
    }
    for name, res in buckets.items():
        p = res["Properties"]
        assert p["BucketEncryption"]["ServerSideEncryptionConfiguration"], name
        assert all(p["PublicAccessBlockConfiguration"].values()), name
        assert p["VersioningConfiguration"]["Status"] == "Enabled", name


def test_user_pool_has_every_group_and_users_cannot_write_their_partner_or_customer_id():
    t = load()
    groups = {r["Properties"]["GroupName"] for r in resources_of_type(t, "AWS::Cognito::UserPoolGroup").values()}
    assert groups == {"admin", "manager", "sales", "agent", "purchasing", "partner", "customer"}
    portal = t["Resources"]["CustomerPortalClient"]["Properties"]
    assert "custom:customer_id" in portal["ReadAttributes"] and "custom:customer_id" not in portal["WriteAttributes"]
    schema = {a["Name"] for a in t["Resources"]["UserPool"]["Properties"]["Schema"]}
    assert "partner_id" in schema
    client = t["Resources"]["UserPoolClient"]["Properties"]
    assert "custom:partner_id" in client["ReadAttributes"]
    assert "custom:partner_id" not in client["WriteAttributes"]


def test_api_functions_iam_is_scoped_to_their_tables_without_wildcard_actions():
    for name, res in api_functions(load()).items():
        for st in res["Properties"]["Policies"][0]["Statement"]:
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            assert all("*" not in a for a in actions), (name, st)
            assert "dynamodb:Scan" not in actions, name


ASYNC_EVENTS = {"Schedule", "ScheduleV2", "EventBridgeRule", "SNS", "S3"}
POLLED_EVENTS = {"Kinesis", "DynamoDB", "SQS"}
SCHEDULER_TARGETS = {"CampaignLaunchFunction"}  # invoked by EventBridge Scheduler schedules


def _alarmed_functions(t: dict) -> set[str]:
    return {
        dim["Value"]["Ref"]
        for a in resources_of_type(t, "AWS::CloudWatch::Alarm").values()
        for dim in a["Properties"]["Dimensions"]
        if dim["Name"] == "FunctionName"
    }


def test_every_async_function_has_a_dead_letter_queue_and_an_alarm():
    t = load()
    functions = resources_of_type(t, "AWS::Serverless::Function")
    alarmed = _alarmed_functions(t)
    for name, res in functions.items():
        p = res["Properties"]
        kinds = {e["Type"] for e in (p.get("Events") or {}).values()}
        if kinds & ASYNC_EVENTS or name in SCHEDULER_TARGETS:
            assert p["DeadLetterQueue"]["TargetArn"] == {"Fn::GetAtt": ["AsyncFailuresDLQ", "Arn"]}, name
            assert p["EventInvokeConfig"]["MaximumRetryAttempts"] <= 2, name
        for event in (p.get("Events") or {}).values():
            if event["Type"] in ("Kinesis", "DynamoDB"):  # a poison record: bounded retries, bisect, then a DLQ
                props = event["Properties"]
                assert props["MaximumRetryAttempts"] <= 10 and props["BisectBatchOnFunctionError"], name
                assert props["FunctionResponseTypes"] == ["ReportBatchItemFailures"], name
                assert props["DestinationConfig"]["OnFailure"]["Destination"], name
            if event["Type"] == "SQS":
                queue = t["Resources"][event["Properties"]["Queue"]["Fn::GetAtt"][0]]["Properties"]
                assert queue["RedrivePolicy"]["maxReceiveCount"] <= 10, name
        assert name in alarmed, f"{name} has no Errors alarm"


def test_every_dead_letter_queue_raises_an_alarm_and_every_function_keeps_logs_for_a_bounded_time():
    t = load()
    queues = [n for n in resources_of_type(t, "AWS::SQS::Queue") if n.endswith("DLQ")]
    alarmed = {
        a["Properties"]["Dimensions"][0]["Value"]["Fn::GetAtt"][0]
        for a in resources_of_type(t, "AWS::CloudWatch::Alarm").values()
        if a["Properties"]["Namespace"] == "AWS/SQS"
    }
    assert set(queues) == alarmed
    for a in resources_of_type(t, "AWS::CloudWatch::Alarm").values():
        assert a["Properties"]["AlarmActions"] == [{"Ref": "AlarmTopic"}]
    groups = {g["Properties"]["LogGroupName"]["Fn::Sub"] for g in resources_of_type(t, "AWS::Logs::LogGroup").values()}
    for name in resources_of_type(t, "AWS::Serverless::Function"):
        assert f"/aws/lambda/${{{name}}}" in groups, name
    assert all(
        g["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}
        for g in resources_of_type(t, "AWS::Logs::LogGroup").values()
    )


WILDCARD_RESOURCE_ALLOWED = {"sns:Publish", "transcribe:StartTranscriptionJob"}  # no resource-level permissions


def test_no_function_policy_has_wildcard_actions_or_wildcard_data_resources():
    for name, res in resources_of_type(load(), "AWS::Serverless::Function").items():
        for policy in res["Properties"].get("Policies", []):
            for st in policy.get("Statement", []) if isinstance(policy, dict) else []:
                actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
                assert all("*" not in a for a in actions), (name, st)
                resources = st["Resource"] if isinstance(st["Resource"], list) else [st["Resource"]]
                if "*" in resources:
                    assert set(actions) <= WILDCARD_RESOURCE_ALLOWED, (name, st)


def test_console_is_private_behind_cloudfront_with_strict_headers_and_the_spa_fallback():
    t = load()["Resources"]
    dist = t["ConsoleDistribution"]["Properties"]["DistributionConfig"]
    origin = dist["Origins"][0]
    assert origin["OriginAccessControlId"] == {"Fn::GetAtt": ["ConsoleOriginAccessControl", "Id"]}
    assert dist["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert {(e["ErrorCode"], e["ResponsePagePath"]) for e in dist["CustomErrorResponses"]} == {
        (403, "/index.html"),
        (404, "/index.html"),
    }
    reads = t["ConsoleBucketPolicy"]["Properties"]["PolicyDocument"]["Statement"][0]
    assert reads["Principal"] == {"Service": "cloudfront.amazonaws.com"} and reads["Action"] == "s3:GetObject"
    headers = t["ConsoleHeadersPolicy"]["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    csp = headers["ContentSecurityPolicy"]["ContentSecurityPolicy"]["Fn::Sub"]
    assert "script-src 'self';" in csp and "object-src 'none'" in csp and "unsafe-eval" not in csp
    assert headers["StrictTransportSecurity"]["AccessControlMaxAgeSec"] >= 31536000


def test_mypy_checks_the_code_of_every_function_the_template_deploys():
    """The test command's mypy run names the handler directories and the analytics image's package; a function
    added to the template with code elsewhere would go unchecked."""
    from infra.test import HANDLER_DIRS, JOB_DIRS

    functions = resources_of_type(load(), "AWS::Serverless::Function")
    zipped = {str(r["Properties"]["CodeUri"]).rstrip("/") for r in functions.values() if "CodeUri" in r["Properties"]}
    images = {str(r["Metadata"]["Dockerfile"]).split("/")[0] for r in functions.values() if "Metadata" in r}
    assert zipped - {".build/api/deployment.zip"} <= set(HANDLER_DIRS)  # the API's zip is built from functions/api
    assert images and images <= set(JOB_DIRS)
