"""Price lists per currency with validity windows; every list price change is kept in the price history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from crm.catalog import schemas
from crm.catalog.models import (
    ListPrice,
    PriceChange,
    PriceList,
)
from crm.catalog.products import require_products
from crm.catalog.repository import (
    ALL_LISTS,
    LIST_SK,
    history_key,
    list_price_index,
    list_price_sk,
    list_prices_page,
    load_list_price,
    load_price_list,
    price_list_pk,
    price_lists_page,
)
from crm.db import CrmItem, new_id, now_iso, today, transaction
from crm.errors import ValidationFailed

# ----------------------------------------------------------------- products


def check_not_past(valid_to: date | None, field: str = "valid_to") -> None:
    if valid_to is not None and valid_to < today():
        raise ValidationFailed(f"{field} {valid_to} is in the past", {field: "must be today or later"})


def history_item(
    sku: str,
    source: str,
    source_id: str,
    currency: str | None,
    change: str,
    old: Decimal | None,
    new: Decimal | None,
    actor: str,
    at: str,
    detail: str | None = None,
) -> PriceChange:
    pk, sk = history_key(sku, at)
    return PriceChange(
        pk=pk,
        sk=sk,
        sku=sku,
        source=source,
        source_id=source_id,
        currency=currency,
        change=change,
        old_value=old,
        new_value=new,
        detail=detail,
        changed_at=at,
        changed_by=actor,
    )


def _list_price_item(pl: PriceList, sku: str, unit_price: Decimal, actor: str, at: str) -> ListPrice:
    return ListPrice(
        pk=pl.pk,
        sk=list_price_sk(sku),
        gsi1pk=list_price_index(sku, pl.currency),
        gsi1sk=f"{pl.valid_from}#{pl.list_id}",
        list_id=pl.list_id,
        sku=sku,
        currency=pl.currency,
        unit_price=unit_price,
        valid_from=pl.valid_from,
        valid_to=pl.valid_to,
        updated_at=at,
        updated_by=actor,
    )


def price_list_out(pl: PriceList, prices: list[ListPrice], nxt: str | None = None) -> schemas.PriceListOut:
    return schemas.PriceListOut.model_validate(
        {
            "list_id": pl.list_id,
            "name": pl.name,
            "currency": pl.currency,
            "valid_from": pl.valid_from,
            "valid_to": pl.valid_to,
            "next": nxt,
            "prices": [
                {"sku": p.sku, "unit_price": p.unit_price, "currency": p.currency, "updated_at": p.updated_at}
                for p in prices
            ],
        }
    )


def new_price_list(data: schemas.PriceListIn, actor: str, at: str | None = None) -> tuple[PriceList, list[CrmItem]]:
    at = at or now_iso()
    list_id = new_id()
    pl = PriceList(
        pk=price_list_pk(list_id),
        sk=LIST_SK,
        gsi1pk=ALL_LISTS,
        gsi1sk=f"{data.currency}#{data.valid_from.isoformat()}#{list_id}",
        list_id=list_id,
        name=data.name,
        currency=data.currency,
        valid_from=data.valid_from.isoformat(),
        valid_to=data.valid_to.isoformat() if data.valid_to else None,
        created_at=at,
    )
    items: list[CrmItem] = []
    for p in data.prices:
        items.append(_list_price_item(pl, p.sku, p.unit_price, actor, at))
        items.append(history_item(p.sku, "list", list_id, pl.currency, "created", None, p.unit_price, actor, at))
    return pl, items


def create_price_list(data: schemas.PriceListIn, actor: str) -> schemas.PriceListOut:
    check_not_past(data.valid_to)
    require_products([p.sku for p in data.prices], "prices")
    pl, items = new_price_list(data, actor)
    with transaction("price list id collision, retry") as tx:
        tx.save(pl, condition=CrmItem.pk.does_not_exist())
        for item in items:
            tx.save(item)
    return price_list_out(pl, [i for i in items if isinstance(i, ListPrice)])


def get_price_list(list_id: str, limit: int, cursor: str | None) -> schemas.PriceListOut:
    pl = load_price_list(list_id)
    prices, nxt = list_prices_page(pl, limit, cursor)
    return price_list_out(pl, prices, nxt)


def list_price_lists(currency: str | None, limit: int, cursor: str | None) -> schemas.PriceListPage:
    found, nxt = price_lists_page(currency, limit, cursor)
    return schemas.PriceListPage.model_validate({"items": [price_list_out(p, []) for p in found], "next": nxt})


def set_list_price(list_id: str, sku: str, unit_price: Decimal, actor: str) -> schemas.ListPriceOut:
    """Set or change one list price; the old and new value go to the price history in the same transaction."""
    pl = load_price_list(list_id)
    if pl.valid_to is not None and date.fromisoformat(pl.valid_to) < today():
        raise ValidationFailed(f"price list {list_id} expired on {pl.valid_to}", {"list_id": "expired"})
    require_products([sku], "prices")
    at = now_iso()
    old = load_list_price(pl, sku)
    if old is not None and old.unit_price == unit_price:
        return schemas.ListPriceOut.model_validate(
            {"sku": sku, "unit_price": unit_price, "currency": pl.currency, "updated_at": old.updated_at}
        )
    item = _list_price_item(pl, sku, unit_price, actor, at)
    change = history_item(
        sku,
        "list",
        list_id,
        pl.currency,
        "changed" if old else "created",
        old.unit_price if old else None,
        unit_price,
        actor,
        at,
    )
    with transaction("the price was changed meanwhile; retry") as tx:
        cond = (ListPrice.unit_price == old.unit_price) if old else CrmItem.pk.does_not_exist()
        tx.save(item, condition=cond)
        tx.save(change)
    return schemas.ListPriceOut.model_validate(
        {"sku": sku, "unit_price": unit_price, "currency": pl.currency, "updated_at": at}
    )
