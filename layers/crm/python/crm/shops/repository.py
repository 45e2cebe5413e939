"""Shop keys: the only module that spells SHOP#, SHOPS and PROBLEM# (models.py's docstring)."""

from __future__ import annotations

from typing import Any

from crm.db import decode_cursor, encode_cursor, get_or_404, new_id, newest_first, now_iso
from crm.shops.models import Shop, ShopProblem

SHOPS = "SHOPS"


def shop_pk(shop_id: str) -> str:
    return f"SHOP#{shop_id}"


def new_shop(shop_id: str, **fields: Any) -> Shop:
    return Shop(
        pk=shop_pk(shop_id), sk="SHOP", gsi1pk=SHOPS, gsi1sk=fields["name"].casefold(), shop_id=shop_id, **fields
    )


def load_shop(shop_id: str) -> Shop:
    return get_or_404(Shop, shop_pk(shop_id), "SHOP", f"no shop {shop_id}", {"shop_id": "unknown"})


def shops_page(limit: int, cursor: str | None) -> tuple[list[Shop], str | None]:
    page = Shop.gsi1.query(SHOPS, limit=limit, last_evaluated_key=decode_cursor(cursor, expect={"gsi1pk": SHOPS}))
    return list(page), encode_cursor(page.last_evaluated_key)


def new_problem(shop_id: str, delivery: str, **fields: Any) -> ShopProblem:
    at = now_iso()
    return ShopProblem(
        pk=shop_pk(shop_id),
        sk=f"PROBLEM#{at}#{delivery or new_id()}",
        shop_id=shop_id,
        delivery=delivery,
        at=at,
        **fields,
    )


def problems_page(shop_id: str, limit: int, cursor: str | None) -> tuple[list[ShopProblem], str | None]:
    return newest_first(ShopProblem, shop_pk(shop_id), "PROBLEM#", limit, cursor)
