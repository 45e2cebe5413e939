"""The console's deploy step (infra/console_deploy.py) against the template's ConsoleBucket in moto: every built
file with its caching, and the runtime config in the same shape the local stack serves."""

from __future__ import annotations

import json

import boto3

from infra import console_deploy, local_web


def test_built_console_and_its_config_land_in_the_console_bucket(aws, tmp_path):
    dist = tmp_path / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text('<script type="module" src="/assets/index-abc.js"></script>')
    (dist / "assets" / "index-abc.js").write_text("console.log(1)")
    outputs = {
        "ApiUrl": "https://abc.execute-api.eu-west-1.amazonaws.com/prod/",
        "UserPoolId": "eu-west-1_pool",
        "UserPoolClientId": "client",
        "CustomerPortalClientId": "portal-client",
    }
    bucket = aws["stack"].physical("ConsoleBucket")
    s3 = boto3.client("s3")
    keys = console_deploy.publish(s3, bucket, dist, console_deploy.runtime_config(outputs, "eu-west-1"))
    assert keys == ["assets/index-abc.js", "index.html", "config.json"]
    index = s3.get_object(Bucket=bucket, Key="index.html")
    asset = s3.get_object(Bucket=bucket, Key="assets/index-abc.js")
    assert index["CacheControl"] == "no-cache, max-age=0" and index["ContentType"] == "text/html"
    assert asset["CacheControl"].endswith("immutable") and "javascript" in asset["ContentType"]
    config = json.loads(s3.get_object(Bucket=bucket, Key="config.json")["Body"].read())
    assert config == {
        "apiUrl": "https://abc.execute-api.eu-west-1.amazonaws.com/prod",
        "region": "eu-west-1",
        "userPoolId": "eu-west-1_pool",
        "clientId": "client",
        "portalClientId": "portal-client",
        "cognitoEndpoint": "https://cognito-idp.eu-west-1.amazonaws.com/",
    }
    local = local_web.runtime_config(
        {
            "api_url": "x",
            "region": "r",
            "user_pool_id": "p",
            "client_id": "c",
            "portal_client_id": "pc",
            "moto_url": "http://m",
        }
    )
    assert set(local) == set(config)  # one shape, read by web/src/config.ts
