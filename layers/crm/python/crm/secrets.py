"""Signing keys from Secrets Manager, read at run time and cached for five minutes (Powertools parameters).

A key is never put into a function's environment, where anyone allowed to read the function's configuration
would see it. The variable <NAME>_SECRET_ARN names the secret; without it (unit tests) <NAME>_KEY or a fixed
development key is used.
"""

from __future__ import annotations

import os


def signing_key(name: str) -> bytes:
    """`name` is the variables' prefix: IVR_SIGNING or MESSAGING_SIGNING."""
    arn = os.environ.get(f"{name}_SECRET_ARN")
    if arn:
        from aws_lambda_powertools.utilities import parameters

        return str(parameters.get_secret(arn, max_age=300)).encode()
    return (os.environ.get(f"{name}_KEY") or "unset-local-key").encode()
