"""Settings read once from the environment, so every module agrees on table, buckets and identity."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Settings:
    region: str
    table_name: str
    idempotency_table_name: str
    user_pool_id: str
    client_id: str
    issuer: str
    jwks_url: str
    cors_origin: str
    analytics_bucket: str
    default_phone_region: str


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    region = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION") or "eu-west-1"
    pool = os.environ.get("COGNITO_USER_POOL_ID", "")
    issuer = os.environ.get("COGNITO_ISSUER") or f"https://cognito-idp.{region}.amazonaws.com/{pool}"
    return Settings(
        region=region,
        table_name=os.environ.get("TABLE_NAME", "crm"),
        idempotency_table_name=os.environ.get("IDEMPOTENCY_TABLE_NAME", "crm-idempotency"),
        user_pool_id=pool,
        client_id=os.environ.get("COGNITO_CLIENT_ID", ""),
        issuer=issuer,
        # In AWS the keys live under the issuer; locally the moto server publishes them at its own address.
        jwks_url=os.environ.get("COGNITO_JWKS_URL") or f"{issuer}/.well-known/jwks.json",
        cors_origin=os.environ.get("CORS_ORIGIN", "http://localhost:3000"),
        analytics_bucket=os.environ.get("ANALYTICS_BUCKET", ""),
        default_phone_region=os.environ.get("DEFAULT_PHONE_REGION", "DE"),
    )
