"""Signing keys rotate (crm.secrets, SigningKeyRotationFunction run by Secrets Manager's own rotation): links in
emails and IVR verifications signed before a rotation still work inside the rotation window and fail after it;
what is signed after carries the new key's id; a second rotation retires the first key for good."""

from __future__ import annotations

import time

import boto3
import pytest
from aws_lambda_powertools.utilities import parameters

from crm.contact_centre import ivr
from crm.errors import ValidationFailed
from crm.messaging import signing

DAY = 86400


def _rotate(aws, secret: str) -> None:
    stack = aws["stack"]
    function = stack.resolver.get_att("SigningKeyRotationFunction", "Arn")
    boto3.client("secretsmanager").rotate_secret(
        SecretId=stack.physical(secret), RotationLambdaARN=function, RotateImmediately=True
    )
    parameters.clear_caches()  # the functions' 5-minute cache, which a deployed function lets run out


def test_a_link_signed_before_a_rotation_works_through_the_window_and_not_after(api, aws):
    parameters.clear_caches()
    before = signing.sign("unsub", {"e": "ann@example.com", "l": None, "c": None})
    _rotate(aws, "MessagingSigningSecret")
    after = signing.sign("unsub", {"e": "bob@example.com", "l": None, "c": None})
    assert signing.verify("unsub", before)["e"] == "ann@example.com"  # inside the 60-day window
    assert signing.verify("unsub", after)["e"] == "bob@example.com"
    assert api("GET", f"/unsubscribe?token={before}", role=None).status_code == 200  # the public page, as mailed
    in_59_days, in_61_days = time.time() + 59 * DAY, time.time() + 61 * DAY
    assert signing.verify("unsub", before, now=in_59_days)
    with pytest.raises(ValidationFailed):
        signing.verify("unsub", before, now=in_61_days)
    assert signing.verify("unsub", after, now=in_61_days)  # the current key has no end

    _rotate(aws, "MessagingSigningSecret")
    with pytest.raises(ValidationFailed):
        signing.verify("unsub", before)  # two rotations on: its key is gone
    assert signing.verify("unsub", after)["e"] == "bob@example.com"
    forged = before.rsplit(".", 1)[0] + "." + after.rsplit(".", 1)[1]
    with pytest.raises(ValidationFailed):
        signing.verify("unsub", forged)


def test_an_ivr_verification_signed_before_a_rotation_holds_for_a_day(aws):
    parameters.clear_caches()
    attributes = {"crm_verified": "C1", "crm_sig": ivr.sign("contact-1", "C1")}
    _rotate(aws, "IvrSigningSecret")
    assert ivr.verified_customer("contact-1", attributes) == "C1"
    assert ivr.verified_customer("contact-2", attributes) is None  # another call
    assert ivr.verified_customer("contact-1", attributes, now=time.time() + 2 * DAY) is None
    fresh = {"crm_verified": "C1", "crm_sig": ivr.sign("contact-1", "C1")}
    assert fresh["crm_sig"].split(".")[0] != attributes["crm_sig"].split(".")[0]  # the new key's id
    assert ivr.verified_customer("contact-1", fresh, now=time.time() + 2 * DAY) == "C1"
