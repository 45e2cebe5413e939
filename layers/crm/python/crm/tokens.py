"""Cognito ID-token verification (signature, expiry, issuer, audience), on every path, local and in AWS.

API Gateway's Cognito authorizer checks tokens in AWS, but neither `chalice local` nor its test client does,
so the app verifies them itself against the pool's published JWKS.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.request
from typing import Any

import jwt

from crm.auth import Principal
from crm.errors import NotAuthenticated


class TokenVerifier:
    """Verifies RS256 ID tokens; keys are fetched once and refetched (at most every 60 s) for an unknown kid."""

    def __init__(self, issuer: str, audience: str, jwks_url: str, leeway_seconds: int = 0) -> None:
        self.issuer = issuer
        self.audience = audience
        self.jwks_url = jwks_url
        self.leeway = leeway_seconds
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
                    raise NotAuthenticated("token keys are unavailable, try again") from exc
            key = self._keys.get(kid)
        if key is None:
            raise NotAuthenticated("token signed by an unknown key")
        return key

    def verify(self, token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise NotAuthenticated("malformed token") from exc
        if header.get("alg") != "RS256":
            raise NotAuthenticated("token must be signed with RS256")
        key = self._key(str(header.get("kid", "")))
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=self.audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise NotAuthenticated("token expired") from exc
        except jwt.InvalidTokenError as exc:
            raise NotAuthenticated(f"invalid token: {exc}") from exc
        if claims.get("token_use") != "id":
            raise NotAuthenticated("an ID token is required")
        return claims

    def principal(self, authorization_header: str | None) -> Principal:
        if not authorization_header:
            raise NotAuthenticated("missing Authorization header")
        scheme, _, token = authorization_header.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise NotAuthenticated("Authorization header must be 'Bearer <token>'")
        claims = self.verify(token.strip())
        groups = claims.get("cognito:groups") or []
        if isinstance(groups, str):
            groups = [groups]
        return Principal(
            sub=str(claims["sub"]),
            email=str(claims.get("email") or claims.get("cognito:username") or ""),
            groups=frozenset(groups),
            partner_id=claims.get("custom:partner_id") or None,
        )
