"""Secrets Manager rotation of the signing keys (MessagingSigningSecret, IvrSigningSecret; their RotationSchedule
in template.yaml): the four steps Secrets Manager calls. The new version holds a new random key with a new id, and
the key it replaces as `previous`, accepted until the end of that secret's rotation window (crm.secrets).

createSecret  the new value under AWSPENDING (once per rotation: a repeated call finds it there)
setSecret     nothing: no other system holds these keys
testSecret    the pending value parses and its key is long enough
finishSecret  AWSCURRENT moves to it (the old version stays as AWSPREVIOUS), AWSPENDING is taken off
"""

from __future__ import annotations

import json
import secrets
import time
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.typing import LambdaContext

from crm.aws import client
from crm.config import env
from crm.secrets import parse

logger = Logger()
WINDOW_DAYS = {"MESSAGING_SIGNING_SECRET_ARN": 60, "IVR_SIGNING_SECRET_ARN": 1}  # how long the previous key holds
KEY_LENGTH = 48


def _window_days(sm: Any, secret_id: str) -> int:
    arn = sm.describe_secret(SecretId=secret_id)["ARN"]
    for variable, days in WINDOW_DAYS.items():
        if env(variable) == arn:  # type: ignore[arg-type]
            return days
    raise ValueError(f"{secret_id} is not a signing secret this function rotates")


def _value(sm: Any, secret_id: str, stage: str, version: str | None = None) -> str | None:
    args = {"SecretId": secret_id, "VersionStage": stage, **({"VersionId": version} if version else {})}
    try:
        return str(sm.get_secret_value(**args)["SecretString"])
    except (sm.exceptions.ResourceNotFoundException, KeyError):
        return None


def create(sm: Any, secret_id: str, token: str, now: float) -> None:
    if _value(sm, secret_id, "AWSPENDING", token):
        return
    current = parse(_value(sm, secret_id, "AWSCURRENT") or "")
    previous = {
        "kid": current.kid,
        "key": current.key.decode(),
        "until": int(now + _window_days(sm, secret_id) * 86400),
    }
    new = {"kid": "k" + secrets.token_hex(4), "key": secrets.token_urlsafe(36)[:KEY_LENGTH], "previous": previous}
    sm.put_secret_value(
        SecretId=secret_id, ClientRequestToken=token, SecretString=json.dumps(new), VersionStages=["AWSPENDING"]
    )


def test(sm: Any, secret_id: str, token: str) -> None:
    keys = parse(_value(sm, secret_id, "AWSPENDING", token) or "")
    if len(keys.key) < KEY_LENGTH or keys.previous_kid is None:
        raise ValueError("the pending signing key is not a rotated key")


def finish(sm: Any, secret_id: str, token: str) -> None:
    versions = sm.describe_secret(SecretId=secret_id)["VersionIdsToStages"]
    current = next(v for v, stages in versions.items() if "AWSCURRENT" in stages)
    if current != token:
        sm.update_secret_version_stage(
            SecretId=secret_id, VersionStage="AWSCURRENT", MoveToVersionId=token, RemoveFromVersionId=current
        )
    if "AWSPENDING" in versions.get(token, []):  # the rotation is over: nothing pending
        sm.update_secret_version_stage(SecretId=secret_id, VersionStage="AWSPENDING", RemoveFromVersionId=token)


@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: LambdaContext) -> None:
    sm, step = client("secretsmanager"), event["Step"]
    secret_id, token = event["SecretId"], event["ClientRequestToken"]
    logger.info("rotating a signing key", extra={"step": step, "secret": secret_id})
    if step == "createSecret":
        create(sm, secret_id, token, time.time())
    elif step == "testSecret":
        test(sm, secret_id, token)
    elif step == "finishSecret":
        finish(sm, secret_id, token)
