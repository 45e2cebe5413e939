"""Signing keys from Secrets Manager, read at run time and cached for five minutes (Powertools parameters).

A key is never put into a function's environment, where anyone allowed to read the function's configuration
would see it. The variable <NAME>_SECRET_ARN names the secret; without it (unit tests) <NAME>_KEY or a fixed
development key is used.
"""

from __future__ import annotations

from typing import Literal

from crm.config import Variable, env


def signing_key(name: Literal["IVR_SIGNING", "MESSAGING_SIGNING"]) -> bytes:
    """`name` is the variables' prefix."""
    arn_var: Variable = "IVR_SIGNING_SECRET_ARN" if name == "IVR_SIGNING" else "MESSAGING_SIGNING_SECRET_ARN"
    key_var: Variable = "IVR_SIGNING_KEY" if name == "IVR_SIGNING" else "MESSAGING_SIGNING_KEY"
    arn = env(arn_var)
    if arn:
        from aws_lambda_powertools.utilities import parameters

        return str(parameters.get_secret(arn, max_age=300)).encode()
    return env(key_var, "unset-local-key").encode()
