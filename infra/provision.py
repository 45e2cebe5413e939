"""Create the template's resources in moto (tables, buckets, queues, topics, user pool) and check they exist.

moto's CloudFormation skips AWS::Serverless::* and has no Cognito support, so resources are created here from
the parsed template through the same APIs; there is no second copy of any definition. Functions are not
deployed: the local stack runs their handlers in-process with the environment the template gives them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import boto3

from infra.template import ACCOUNT_ID, Resolver, function_environment, load

PROVISIONED_TYPES = (
    "AWS::DynamoDB::Table",
    "AWS::S3::Bucket",
    "AWS::SQS::Queue",
    "AWS::SNS::Topic",
    "AWS::Serverless::StateMachine",
    "AWS::Events::EventBus",
    "AWS::Events::Rule",
    "AWS::SES::EmailIdentity",
    "AWS::SES::ConfigurationSet",
    "AWS::Cognito::UserPool",
    "AWS::Cognito::UserPoolClient",
    "AWS::Cognito::UserPoolGroup",
    "AWS::Glue::Database",
    "AWS::Glue::Table",
    "AWS::Athena::WorkGroup",
    "AWS::Athena::NamedQuery",
    "AWS::SecretsManager::Secret",
)
# properties not used locally that name resources moto does not create (the execution log group, IAM policies)
UNRESOLVED = {"AWS::Serverless::StateMachine": ("Logging", "Policies", "Tracing")}


@dataclass
class Stack:
    name: str
    region: str
    template: dict[str, Any]
    resolver: Resolver
    created: dict[str, str] = field(default_factory=dict)  # logical id -> physical id
    skipped: dict[str, str] = field(default_factory=dict)  # logical id -> type

    def physical(self, logical_id: str) -> str:
        return self.created[logical_id]

    def environment(self, function_logical_id: str) -> dict[str, str]:
        return function_environment(self.template, function_logical_id, self.resolver)


def _arn(service: str, region: str, resource: str) -> str:
    return f"arn:aws:{service}:{region}:{ACCOUNT_ID}:{resource}"


def _table(ddb: Any, name: str, p: dict[str, Any]) -> None:
    args: dict[str, Any] = {
        "TableName": name,
        "AttributeDefinitions": p["AttributeDefinitions"],
        "KeySchema": p["KeySchema"],
        "BillingMode": p.get("BillingMode", "PROVISIONED"),
    }
    if p.get("GlobalSecondaryIndexes"):
        args["GlobalSecondaryIndexes"] = p["GlobalSecondaryIndexes"]
    if p.get("LocalSecondaryIndexes"):
        args["LocalSecondaryIndexes"] = p["LocalSecondaryIndexes"]
    if args["BillingMode"] == "PROVISIONED":
        args["ProvisionedThroughput"] = p["ProvisionedThroughput"]
    if p.get("StreamSpecification"):
        args["StreamSpecification"] = {"StreamEnabled": True, **p["StreamSpecification"]}
    if p.get("SSESpecification"):
        sse = p["SSESpecification"]
        args["SSESpecification"] = {"Enabled": bool(sse.get("SSEEnabled"))}
    ddb.create_table(**args)
    if p.get("TimeToLiveSpecification"):
        ddb.update_time_to_live(TableName=name, TimeToLiveSpecification=p["TimeToLiveSpecification"])
    if p.get("PointInTimeRecoverySpecification", {}).get("PointInTimeRecoveryEnabled"):
        ddb.update_continuous_backups(
            TableName=name, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True}
        )


def _bucket(s3: Any, name: str, region: str, p: dict[str, Any]) -> None:
    kwargs: dict[str, Any] = {"Bucket": name}
    if region != "us-east-1":
        kwargs["CreateBucketConfiguration"] = {"LocationConstraint": region}
    s3.create_bucket(**kwargs)
    if "BucketEncryption" in p:
        rules = [
            {
                ("ApplyServerSideEncryptionByDefault" if k == "ServerSideEncryptionByDefault" else k): v
                for k, v in r.items()
            }
            for r in p["BucketEncryption"]["ServerSideEncryptionConfiguration"]
        ]
        s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={"Rules": rules})
    if "PublicAccessBlockConfiguration" in p:
        s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration=p["PublicAccessBlockConfiguration"])
    if "VersioningConfiguration" in p:
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration=p["VersioningConfiguration"])


def _user_pool(idp: Any, name: str, p: dict[str, Any]) -> str:
    args: dict[str, Any] = {"PoolName": p.get("UserPoolName", name)}
    for key in (
        "UsernameAttributes",
        "AutoVerifiedAttributes",
        "AdminCreateUserConfig",
        "Policies",
        "MfaConfiguration",
    ):
        if key in p:
            args[key] = p[key]
    if "Schema" in p:
        args["Schema"] = p["Schema"]
    return idp.create_user_pool(**args)["UserPool"]["Id"]


def _user_pool_client(idp: Any, p: dict[str, Any]) -> str:
    keys = (
        "ClientName",
        "GenerateSecret",
        "ExplicitAuthFlows",
        "ReadAttributes",
        "WriteAttributes",
        "PreventUserExistenceErrors",
        "IdTokenValidity",
        "AccessTokenValidity",
        "RefreshTokenValidity",
        "TokenValidityUnits",
    )
    args = {k: p[k] for k in keys if k in p}
    return idp.create_user_pool_client(UserPoolId=p["UserPoolId"], **args)["UserPoolClient"]["ClientId"]


def _rule(events: Any, name: str, p: dict[str, Any]) -> str:
    """A rule on a bus with its targets; moto delivers matching events to SQS targets (Lambda targets are not
    run locally)."""
    import json

    bus = p.get("EventBusName", "default")  # AWS services' events arrive on the account's default bus
    events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps(p["EventPattern"]))
    targets = [{"Id": t["Id"], "Arn": t["Arn"]} for t in p.get("Targets", []) if ":sqs:" in t["Arn"]]
    if targets:
        events.put_targets(Rule=name, EventBusName=bus, Targets=targets)
    return name


def state_machine(sfn: Any, p: dict[str, Any]) -> str:
    """The machine as the template defines it, its DefinitionSubstitutions made; its ARN (what Ref gives)."""
    import json

    definition = json.dumps(p["Definition"])
    for key, value in p.get("DefinitionSubstitutions", {}).items():
        definition = definition.replace("${" + key + "}", str(value))
    role = f"arn:aws:iam::{ACCOUNT_ID}:role/{p['Name']}-role"
    return str(sfn.create_state_machine(name=p["Name"], definition=definition, roleArn=role)["stateMachineArn"])


def provision(stack_name: str = "crm-local", region: str = "eu-west-1", params: dict[str, str] | None = None) -> Stack:
    """Create every provisionable resource of template.yaml in the AWS that boto3 reaches (moto, locally)."""
    template = load()
    resolver = Resolver(template, stack_name, region, params)
    stack = Stack(stack_name, region, template, resolver)
    session = boto3.session.Session(region_name=region)
    ddb, s3, idp = session.client("dynamodb"), session.client("s3"), session.client("cognito-idp")
    sqs, sns = session.client("sqs"), session.client("sns")
    resources: dict[str, Any] = template["Resources"]
    order = sorted(
        resources,
        key=lambda k: (
            PROVISIONED_TYPES.index(resources[k]["Type"]) if resources[k]["Type"] in PROVISIONED_TYPES else 99
        ),
    )
    for logical in order:
        rtype = resources[logical]["Type"]
        if rtype not in PROVISIONED_TYPES:
            stack.skipped[logical] = rtype
            continue
        raw = resources[logical].get("Properties", {})
        props = resolver.resolve({k: v for k, v in raw.items() if k not in UNRESOLVED.get(rtype, ())})
        if rtype == "AWS::DynamoDB::Table":
            name = props.get("TableName", f"{stack_name}-{logical}")
            _table(ddb, name, props)
            resolver.attributes[logical] = {"Arn": _arn("dynamodb", region, f"table/{name}")}
            resolver.attributes[logical]["StreamArn"] = ddb.describe_table(TableName=name)["Table"].get(
                "LatestStreamArn", ""
            )
        elif rtype == "AWS::S3::Bucket":
            name = props.get("BucketName", f"{stack_name}-{logical}-{ACCOUNT_ID}".lower())
            _bucket(s3, name, region, props)
            resolver.attributes[logical] = {"Arn": f"arn:aws:s3:::{name}"}
        elif rtype == "AWS::SQS::Queue":
            attrs = {
                k: str(v).lower() if isinstance(v, bool) else str(v)
                for k, v in props.items()
                if k not in ("QueueName", "Tags", "RedrivePolicy")
            }
            if "RedrivePolicy" in props:
                import json

                attrs["RedrivePolicy"] = json.dumps(props["RedrivePolicy"])
            qname = props.get("QueueName", f"{stack_name}-{logical}")
            url = sqs.create_queue(QueueName=qname, Attributes=attrs)["QueueUrl"]
            name = url
            resolver.attributes[logical] = {"Arn": _arn("sqs", region, qname), "QueueName": qname}
        elif rtype == "AWS::SNS::Topic":
            name = sns.create_topic(Name=props.get("TopicName", f"{stack_name}-{logical}"))["TopicArn"]
            resolver.attributes[logical] = {"TopicArn": name}
        elif rtype == "AWS::SES::EmailIdentity":
            name = props["EmailIdentity"]
            session.client("sesv2").create_email_identity(EmailIdentity=name)  # moto: verified at once
        elif rtype == "AWS::SES::ConfigurationSet":
            name = props.get("Name", f"{stack_name}-{logical}")
            session.client("sesv2").create_configuration_set(ConfigurationSetName=name)
        elif rtype == "AWS::Events::EventBus":
            name = props["Name"]
            arn = session.client("events").create_event_bus(Name=name)["EventBusArn"]
            resolver.attributes[logical] = {"Arn": arn, "Name": name}
        elif rtype == "AWS::Events::Rule":
            name = _rule(session.client("events"), f"{stack_name}-{logical}", props)
            bus = props.get("EventBusName", "default")
            resolver.attributes[logical] = {
                "Arn": _arn("events", region, f"rule/{bus}/{name}" if bus != "default" else f"rule/{name}")
            }
        elif rtype == "AWS::Cognito::UserPool":
            name = _user_pool(idp, f"{stack_name}-{logical}", props)
            resolver.attributes[logical] = {
                "Arn": _arn("cognito-idp", region, f"userpool/{name}"),
                "ProviderURL": f"cognito-idp.{region}.amazonaws.com/{name}",
            }
        elif rtype == "AWS::Cognito::UserPoolClient":
            name = _user_pool_client(idp, props)
        elif rtype == "AWS::Glue::Database":
            name = props["DatabaseInput"]["Name"]
            session.client("glue").create_database(DatabaseInput=props["DatabaseInput"])
        elif rtype == "AWS::Glue::Table":
            name = props["TableInput"]["Name"]
            session.client("glue").create_table(DatabaseName=props["DatabaseName"], TableInput=props["TableInput"])
        elif rtype == "AWS::Athena::WorkGroup":
            name = props["Name"]
            session.client("athena").create_work_group(
                Name=name, Description=props.get("Description", ""), Configuration=props["WorkGroupConfiguration"]
            )
        elif rtype == "AWS::Athena::NamedQuery":
            name = session.client("athena").create_named_query(
                Name=props["Name"],
                Description=props.get("Description", ""),
                Database=props["Database"],
                QueryString=props["QueryString"],
                WorkGroup=props["WorkGroup"],
            )["NamedQueryId"]
        elif rtype == "AWS::SecretsManager::Secret":
            import secrets
            import string

            spec = props.get("GenerateSecretString", {})  # letters and digits, as ExcludePunctuation asks
            length = int(spec.get("PasswordLength", 32))
            value = props.get("SecretString") or "".join(
                secrets.choice(string.ascii_letters + string.digits) for _ in range(length)
            )
            name = session.client("secretsmanager").create_secret(
                Name=props.get("Name", f"{stack_name}-{logical}"),
                Description=props.get("Description", ""),
                SecretString=value,
            )["ARN"]
        elif rtype == "AWS::Serverless::StateMachine":
            name = state_machine(session.client("stepfunctions"), props)
        else:  # UserPoolGroup
            args = {k: props[k] for k in ("GroupName", "Description", "Precedence") if k in props}
            idp.create_group(UserPoolId=props["UserPoolId"], **args)
            name = props["GroupName"]
        resolver.physical[logical] = name
        stack.created[logical] = name
    verify(stack, session)
    return stack


def recreate_tables(stack: Stack) -> None:
    """Empty every table by deleting and re-creating it from the template (tests start from nothing)."""
    ddb = boto3.client("dynamodb", region_name=stack.region)
    for logical, props in stack.template["Resources"].items():
        if props["Type"] != "AWS::DynamoDB::Table":
            continue
        name = stack.physical(logical)
        ddb.delete_table(TableName=name)
        _table(ddb, name, stack.resolver.resolve(props.get("Properties", {})))


def verify(stack: Stack, session: boto3.session.Session) -> None:
    """Ask the (emulated) AWS for every resource: a stack that only says 'created' proves nothing."""
    tables = set(session.client("dynamodb").list_tables()["TableNames"])
    buckets = {b["Name"] for b in session.client("s3").list_buckets()["Buckets"]}
    idp = session.client("cognito-idp")
    missing = []
    for logical, physical in stack.created.items():
        rtype = stack.template["Resources"][logical]["Type"]
        ok = True
        if rtype == "AWS::DynamoDB::Table":
            ok = physical in tables
        elif rtype == "AWS::S3::Bucket":
            ok = physical in buckets
        elif rtype == "AWS::Cognito::UserPool":
            ok = idp.describe_user_pool(UserPoolId=physical)["UserPool"]["Id"] == physical
        elif rtype == "AWS::Glue::Table":
            db = stack.resolver.resolve(stack.template["Resources"][logical]["Properties"]["DatabaseName"])
            ok = session.client("glue").get_table(DatabaseName=db, Name=physical)["Table"]["Name"] == physical
        elif rtype == "AWS::Athena::NamedQuery":
            ok = bool(session.client("athena").get_named_query(NamedQueryId=physical)["NamedQuery"]["QueryString"])
        elif rtype == "AWS::Serverless::StateMachine":
            ok = session.client("stepfunctions").describe_state_machine(stateMachineArn=physical)["status"] == "ACTIVE"
        elif rtype == "AWS::Cognito::UserPoolGroup":
            pool = stack.resolver.resolve(stack.template["Resources"][logical]["Properties"]["UserPoolId"])
            ok = idp.get_group(UserPoolId=pool, GroupName=physical)["Group"]["GroupName"] == physical
        if not ok:
            missing.append(f"{logical} ({rtype})")
    if missing:
        raise RuntimeError(f"resources missing after provisioning: {', '.join(missing)}")
