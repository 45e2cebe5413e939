"""The local stack's API Gateway authorizer: the REST API's Cognito user pool authorizer as template.yaml declares
it (`CognitoAuthorizer`, the default on every route but those marked `Authorizer: NONE`), in front of the app as
chalice's LocalGateway runs it, for the local server and the in-process test client alike.

In AWS, API Gateway verifies the ID token (signature by the pool's keys, expiry, issuer) before the function
runs and hands it the claims under `requestContext.authorizer.claims`, every value a string; a request without
a valid token never reaches the function and gets the template's UNAUTHORIZED gateway response. This module does
the same against the moto user pool's published keys, so that locally, too, only verified claims reach the app.
"""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.request
from typing import Any

import jwt
from chalice.app import Chalice
from chalice.config import Config
from chalice.local import LambdaContext, LocalGateway, NotAuthorizedError

from infra.template import TEMPLATE, load

TIME_CLAIMS = ("exp", "iat", "auth_time")


class TokenRefused(Exception):
    """Why a token was refused (for the emulator's tests; API Gateway itself answers only 'Unauthorized')."""


class TokenVerifier:
    """Verifies RS256 ID tokens; keys are fetched once and refetched (at most every 60 s) for an unknown kid."""

    def __init__(self, issuer: str, jwks_url: str) -> None:
        self.issuer = issuer
        self.jwks_url = jwks_url
        self._keys: dict[str, Any] = {}
        self._fetched_at = 0.0
        self._lock = threading.Lock()

    def _refresh(self) -> None:
        with urllib.request.urlopen(self.jwks_url, timeout=3) as resp:
            document = json.load(resp)
        self._keys = {k["kid"]: jwt.PyJWK(k).key for k in document.get("keys", []) if "kid" in k}
        self._fetched_at = time.monotonic()

    def _key(self, kid: str) -> Any:
        with self._lock:
            if kid not in self._keys and time.monotonic() - self._fetched_at > 60:
                try:
                    self._refresh()
                except OSError as exc:
                    raise TokenRefused("token keys are unavailable") from exc
            key = self._keys.get(kid)
        if key is None:
            raise TokenRefused("token signed by an unknown key")
        return key

    def verify(self, authorization_header: str | None) -> dict[str, Any]:
        """The token's claims, from the header as API Gateway reads it (the token, with or without 'Bearer ')."""
        token = (authorization_header or "").strip()
        if token[:7].lower() == "bearer ":
            token = token[7:].strip()
        if not token:
            raise TokenRefused("missing Authorization header")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise TokenRefused("malformed token") from exc
        if header.get("alg") != "RS256":
            raise TokenRefused("token must be signed with RS256")
        key = self._key(str(header.get("kid", "")))
        try:
            return jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                issuer=self.issuer,
                options={"require": ["exp", "iat", "iss", "sub"], "verify_aud": False},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenRefused("token expired") from exc
        except jwt.InvalidTokenError as exc:
            raise TokenRefused(f"invalid token: {exc}") from exc


def claim_strings(claims: dict[str, Any]) -> dict[str, str]:
    """Claims as a REST API's Cognito authorizer passes them: strings, lists comma-joined, times as dates."""
    out = {}
    for name, value in claims.items():
        if name in TIME_CLAIMS and isinstance(value, int | float):
            out[name] = time.strftime("%a %b %d %H:%M:%S UTC %Y", time.gmtime(value))
        elif isinstance(value, list):
            out[name] = ",".join(str(v) for v in value)
        elif isinstance(value, bool):
            out[name] = "true" if value else "false"
        else:
            out[name] = str(value)
    return out


class CognitoAuthorizer:
    """The gateway's authorizer step (chalice's LocalGatewayAuthorizer interface): a route with the authorizer
    gets the verified claims or the gateway's 401; a public route gets no claims, whatever the client sent."""

    def __init__(self, verifier: TokenVerifier, template: dict[str, Any]) -> None:
        self.verifier = verifier
        self.public = public_routes(template)
        self.unauthorized = gateway_response(template, "UNAUTHORIZED")

    def authorize(
        self, raw_path: str, lambda_event: dict[str, Any], lambda_context: LambdaContext
    ) -> tuple[dict[str, Any], LambdaContext]:
        context = lambda_event["requestContext"]
        context.pop("authorizer", None)
        if (context["httpMethod"], context.get("resourcePath")) in self.public:
            return lambda_event, lambda_context
        headers = {k.lower(): v for k, v in (lambda_event.get("headers") or {}).items()}
        try:
            claims = self.verifier.verify(headers.get("authorization"))
        except TokenRefused as exc:
            headers, body = self.unauthorized
            raise NotAuthorizedError(headers, body) from exc
        context["authorizer"] = {"claims": claim_strings(claims)}
        return lambda_event, lambda_context


def public_routes(template: dict[str, Any]) -> set[tuple[str, str]]:
    """(METHOD, path) of every API event template.yaml marks `Auth: {Authorizer: NONE}`."""
    public = set()
    for resource in template["Resources"].values():
        for event in (resource.get("Properties", {}).get("Events") or {}).values():
            props = event.get("Properties", {})
            if event.get("Type") == "Api" and props.get("Auth", {}).get("Authorizer") == "NONE":
                public.add((str(props["Method"]).upper(), str(props["Path"])))
    return public


def gateway_response(template: dict[str, Any], kind: str) -> tuple[dict[str, str], bytes]:
    """The headers and JSON body of one of the API's GatewayResponses, as API Gateway sends it."""
    api = next(r for r in template["Resources"].values() if r.get("Type") == "AWS::Serverless::Api")
    response = api["Properties"]["GatewayResponses"][kind]
    headers = {"Content-Type": "application/json"}
    for name, value in (response.get("ResponseParameters", {}).get("Headers") or {}).items():
        if isinstance(value, str):  # a literal; an origin from a parameter is the deployed console's
            headers[name] = value.strip("'")
    return headers, response["ResponseTemplates"]["application/json"].encode()


def gateway(app: Chalice, config: Config, verifier: TokenVerifier, template: dict[str, Any] | None = None) -> Any:
    """chalice's LocalGateway (event shapes, routing) with the Cognito authorizer in front of the app."""
    local = LocalGateway(app, config)
    local._authorizer = CognitoAuthorizer(verifier, template or load(TEMPLATE))
    return local


def verifier_from_environment() -> TokenVerifier:
    """For the user pool the API function's environment names, on the moto server it is pointed at."""
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1"
    return verifier_for(region, os.environ["COGNITO_USER_POOL_ID"], os.environ["AWS_ENDPOINT_URL"])


def issuer_of(region: str, user_pool_id: str) -> str:
    """A user pool's issuer (`iss`) as Cognito writes it."""
    return f"https://cognito-idp.{region}.amazonaws.com/{user_pool_id}"


def verifier_for(region: str, user_pool_id: str, moto_url: str) -> TokenVerifier:
    """The pool's issuer; its keys where the moto server publishes them."""
    return TokenVerifier(
        issuer=issuer_of(region, user_pool_id), jwks_url=f"{moto_url}/{user_pool_id}/.well-known/jwks.json"
    )
