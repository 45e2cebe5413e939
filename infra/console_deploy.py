"""`python3 -m infra.console_deploy --stack NAME`: put the built web console into the deployed stack.

After `sam deploy`: builds web/ (vite), reads the stack's outputs (ConsoleBucketName, ConsoleDistributionId,
ApiUrl, UserPoolId, UserPoolClientId), uploads the files (hashed assets cached for a year, index.html and
config.json never cached), writes the runtime config.json the console reads at start, and invalidates
CloudFront's copy of the two. Pass the printed ConsoleUrl as WebClientOrigin so the API's CORS answers it.
"""

from __future__ import annotations

import argparse
import json
import mimetypes
import sys
import time
from pathlib import Path
from typing import Any

from infra.bootstrap import ensure_venv

NO_CACHE = "no-cache, max-age=0"
IMMUTABLE = "public, max-age=31536000, immutable"


def runtime_config(outputs: dict[str, str], region: str) -> dict[str, str]:
    """The shape web/src/config.ts reads (the local stack writes the same one)."""
    return {
        "apiUrl": outputs["ApiUrl"].rstrip("/"),
        "region": region,
        "userPoolId": outputs["UserPoolId"],
        "clientId": outputs["UserPoolClientId"],
        "portalClientId": outputs["CustomerPortalClientId"],
        "cognitoEndpoint": f"https://cognito-idp.{region}.amazonaws.com/",
    }


def publish(s3: Any, bucket: str, dist: Path, config: dict[str, str]) -> list[str]:
    """Upload every built file and config.json; returns the keys written."""
    written = []
    for path in sorted(p for p in dist.rglob("*") if p.is_file()):
        key = path.relative_to(dist).as_posix()
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        cache = IMMUTABLE if key.startswith("assets/") else NO_CACHE
        s3.put_object(Bucket=bucket, Key=key, Body=path.read_bytes(), ContentType=kind, CacheControl=cache)
        written.append(key)
    body = json.dumps(config).encode()
    s3.put_object(Bucket=bucket, Key="config.json", Body=body, ContentType="application/json", CacheControl=NO_CACHE)
    return [*written, "config.json"]


def main() -> int:
    ensure_venv("infra.console_deploy")
    p = argparse.ArgumentParser(prog="python3 -m infra.console_deploy", description=__doc__.splitlines()[0])
    p.add_argument("--stack", required=True, help="the CloudFormation stack `sam deploy` made")
    p.add_argument("--region", default=None)
    args = p.parse_args(sys.argv[1:])
    import boto3

    from infra.local_web import DIST, ensure_built

    session = boto3.session.Session(region_name=args.region)
    region = session.region_name
    stack = session.client("cloudformation").describe_stacks(StackName=args.stack)["Stacks"][0]
    outputs = {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
    ensure_built()
    keys = publish(session.client("s3"), outputs["ConsoleBucketName"], DIST, runtime_config(outputs, region))
    session.client("cloudfront").create_invalidation(
        DistributionId=outputs["ConsoleDistributionId"],
        InvalidationBatch={
            "Paths": {"Quantity": 2, "Items": ["/index.html", "/config.json"]},
            "CallerReference": str(time.time()),
        },
    )
    print(f"{len(keys)} files in s3://{outputs['ConsoleBucketName']}; the console: {outputs['ConsoleUrl']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
