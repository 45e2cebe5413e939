"""Webhook signatures as each platform makes them: base64 of HMAC-SHA256 over the raw body with the shop's secret,
in X-WC-Webhook-Signature (WooCommerce) or X-Shopify-Hmac-Sha256 (Shopify). Compared in constant time."""

from __future__ import annotations

import base64
import hashlib
import hmac

HEADERS = {"woocommerce": "x-wc-webhook-signature", "shopify": "x-shopify-hmac-sha256"}
TOPICS = {"woocommerce": "x-wc-webhook-topic", "shopify": "x-shopify-topic"}
DELIVERIES = {"woocommerce": "x-wc-webhook-delivery-id", "shopify": "x-shopify-webhook-id"}


def sign(secret: str, raw: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest()).decode()


def verified(platform: str, headers: dict[str, str], raw: bytes, secret: str) -> bool:
    given = headers.get(HEADERS[platform], "")
    return bool(given) and hmac.compare_digest(given.encode(), sign(secret, raw).encode())
