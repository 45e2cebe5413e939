"""Catalog keys and queries: the only module that spells PRODUCT#, PRICELIST#, PRICERULE#, PRICEHIST#... (the key
design is in models.py's docstring and docs/access-patterns.md)."""

from __future__ import annotations

from collections.abc import Iterable

from pynamodb.exceptions import DoesNotExist

from crm.catalog.models import ListPrice, PriceChange, PriceList, PriceRule, Product
from crm.db import Prefetch, decode_cursor, encode_cursor, get_or_404, new_id

PRODUCT_SK = "PRODUCT"
ALL_PRODUCTS = "PRODUCTS"
LIST_SK = "META"
ALL_LISTS = "PRICELISTS"


def product_pk(sku: str) -> str:
    return f"PRODUCT#{sku}"


def price_list_pk(list_id: str) -> str:
    return f"PRICELIST#{list_id}"


def rules_pk(sku: str) -> str:
    return f"PRICERULE#{sku}"


def rule_sk(rule_id: str) -> str:
    return f"RULE#{rule_id}"


def list_price_sk(sku: str) -> str:
    return f"ITEM#{sku}"


def list_price_index(sku: str, currency: str) -> str:
    """gsi1: the lists that price a product in a currency."""
    return f"LISTPRICE#{sku}#{currency}"


def rules_target_index(customer_id: str | None, group: str | None) -> str:
    """gsi1: a customer's or a group's rules."""
    return f"PRICERULES#CUST#{customer_id}" if customer_id else f"PRICERULES#GROUP#{(group or '').lower()}"


def history_key(sku: str, at: str) -> tuple[str, str]:
    return f"PRICEHIST#{sku}", f"{at}#{new_id()}"


def load_price_list(list_id: str) -> PriceList:
    return get_or_404(
        PriceList, price_list_pk(list_id), LIST_SK, f"price list {list_id} does not exist", {"list_id": "unknown"}
    )


def load_list_price(pl: PriceList, sku: str) -> ListPrice | None:
    try:
        return ListPrice.get(pl.pk, list_price_sk(sku))
    except DoesNotExist:
        return None


def list_prices_page(pl: PriceList, limit: int, cursor: str | None) -> tuple[list[ListPrice], str | None]:
    start = decode_cursor(cursor, expect={"pk": pl.pk})
    result = ListPrice.query(pl.pk, ListPrice.sk.startswith("ITEM#"), limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def list_prices_of(sku: str, currency: str) -> list[ListPrice]:
    """One Query on gsi1."""
    return list(ListPrice.gsi1.query(list_price_index(sku, currency)))


def load_rule(sku: str, rule_id: str) -> PriceRule:
    return get_or_404(
        PriceRule, rules_pk(sku), rule_sk(rule_id), f"rule {rule_id} of {sku} does not exist", {"rule_id": "unknown"}
    )


def rules_of(sku: str) -> list[PriceRule]:
    """Every rule of a product: one Query, what the pricing engine reads."""
    return list(PriceRule.query(rules_pk(sku), PriceRule.sk.startswith("RULE#")))


def rules_page(
    sku: str | None, customer_id: str | None, group: str | None, limit: int, cursor: str | None
) -> tuple[list[PriceRule], str | None]:
    """A product's rules (by its partition) or a customer's or group's (gsi1)."""
    if sku:
        start = decode_cursor(cursor, expect={"pk": rules_pk(sku)})
        result = PriceRule.query(rules_pk(sku), PriceRule.sk.startswith("RULE#"), limit=limit, last_evaluated_key=start)
    else:
        key = rules_target_index(customer_id, group)
        start = decode_cursor(cursor, expect={"gsi1pk": key})
        result = PriceRule.gsi1.query(key, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def history_page(sku: str, limit: int, cursor: str | None) -> tuple[list[PriceChange], str | None]:
    """A product's price changes, newest first."""
    pk = f"PRICEHIST#{sku}"
    start = decode_cursor(cursor, expect={"pk": pk})
    result = PriceChange.query(pk, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def load_product(sku: str, field: str = "sku", prefetched: Prefetch | None = None) -> Product:
    return get_or_404(
        Product, product_pk(sku), PRODUCT_SK, f"product {sku} does not exist", {field: "unknown product"}, prefetched
    )


def product_keys(skus: Iterable[str]) -> list[tuple[str, str]]:
    """The products' keys, for a request's Prefetch."""
    return [(product_pk(s), PRODUCT_SK) for s in skus]


def products_by_sku(skus: set[str], prefetched: Prefetch | None = None) -> dict[str, Product]:
    """One BatchGet (or what the request's Prefetch read)."""
    if prefetched is not None:
        found = (prefetched.take(Product, pk, sk) for pk, sk in product_keys(skus))
        return {p.sku: p for p in found if p is not None}
    return {p.sku: p for p in Product.batch_get(product_keys(skus))}


def products_page(category: str | None, limit: int, cursor: str | None) -> tuple[list[Product], str | None]:
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_PRODUCTS})
    cond = Product.gsi1sk.startswith(f"{category}#") if category else None
    result = Product.gsi1.query(ALL_PRODUCTS, cond, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)


def price_lists_page(currency: str | None, limit: int, cursor: str | None) -> tuple[list[PriceList], str | None]:
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_LISTS})
    cond = PriceList.gsi1sk.startswith(f"{currency}#") if currency else None
    result = PriceList.gsi1.query(ALL_LISTS, cond, limit=limit, last_evaluated_key=start)
    return list(result), encode_cursor(result.last_evaluated_key)
