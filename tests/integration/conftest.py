from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from infra.users import id_token
from tests.support import Receiver


@pytest.fixture(scope="session")
def tokens(aws: dict) -> dict[str, str]:
    """A real Cognito ID token (signed by the moto user pool) for each group's demo user; the customer's from the
    portal's own app client."""
    staff, portal = aws["stack"].physical("UserPoolClient"), aws["stack"].physical("CustomerPortalClient")
    return {
        key: id_token(portal if key == "customer" else staff, email, region="eu-west-1")
        for key, email in aws["users"].items()
    }


class Api:
    """The Chalice app in-process, called the way a client calls it over HTTP."""

    def __init__(self, client: Client, tokens: dict[str, str]) -> None:
        self.client = client
        self.tokens = tokens

    def __call__(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        role: str | None = "sales",
        headers: dict[str, str] | None = None,
        raw: str | None = None,
        content_type: str = "application/json",
    ) -> Any:
        h = {"Content-Type": content_type}
        if role:
            h["Authorization"] = f"Bearer {self.tokens[role]}"
        h.update(headers or {})
        payload = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = getattr(self.client.http, method.lower())(path, headers=h, body=payload)
        is_json = (response.headers.get("Content-Type") or "").startswith("application/json")
        response.json = json.loads(response.body) if response.body and is_json else None
        return response


@pytest.fixture(scope="session")
def observed_app(aws: dict) -> Any:
    """The app, recording each route's AWS calls under the function that serves it (tests/iam_observed.py)."""
    from app import app
    from tests import iam_observed

    iam_observed.install(app, aws["stack"])
    return app


@pytest.fixture(scope="session")
def verifier(aws: dict) -> Any:
    from infra.gateway_auth import verifier_for

    return verifier_for("eu-west-1", aws["stack"].physical("UserPool"), aws["url"])


@pytest.fixture
def api(clean_tables: None, tokens: dict[str, str], observed_app: Any, verifier: Any) -> Api:
    """Requests go through API Gateway's Cognito authorizer as the local stack runs it (infra/gateway_auth.py)."""
    from infra.gateway_auth import gateway

    with Client(observed_app) as client:
        client.http._local_gateway = gateway(observed_app, client.http._config, verifier)
        yield Api(client, tokens)


@pytest.fixture
def receivers(monkeypatch: pytest.MonkeyPatch) -> Any:
    """HTTP endpoints on 127.0.0.1 that record what they get (webhook and workflow receivers)."""
    monkeypatch.setenv("WEBHOOK_PRIVATE_HOSTS", "127.0.0.1")  # the test's receivers are on this machine
    made: list[Receiver] = []

    def make(status: int = 200) -> Receiver:
        made.append(Receiver(status))
        return made[-1]

    yield make
    for r in made:
        r.server.shutdown()
