"""Catalog and pricing rules: products, price lists, customer prices/discounts, price history, price quotes.

Every price change (a list price set or changed, a rule created or retired) writes a PriceChange item in the same
transaction as the change itself, so the history can never miss one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pynamodb.exceptions import DoesNotExist

from crm.catalog import schemas
from crm.catalog.models import (
    ListPrice,
    PriceBreak,
    PriceChange,
    PriceList,
    PriceRule,
    Product,
    price_list_pk,
    product_pk,
    rules_pk,
)
from crm.catalog.pricing import Break, ListPriceIn, PriceResult, RuleIn, price_for
from crm.customers.public import CustomerRef, customer_ref, require_customer
from crm.db import CrmItem, check_version, decode_cursor, encode_cursor, new_id, now_iso, today, transaction
from crm.errors import Conflict, NotFound, ValidationFailed, VersionConflict
from crm.money import round_amount

PRODUCT_SK = "PRODUCT"
LIST_SK = "META"
ALL_PRODUCTS = "PRODUCTS"
ALL_LISTS = "PRICELISTS"


# ----------------------------------------------------------------- products


def product_to_dict(p: Product) -> dict[str, Any]:
    return {
        "sku": p.sku,
        "name": p.name,
        "kind": p.kind,
        "category": p.category,
        "unit": p.unit,
        "tax_rate": p.tax_rate,
        "unit_cost": p.unit_cost,
        "status": p.status,
        "description": p.description,
        "attributes": p.attributes.as_dict() if p.attributes is not None else {},
        "created_at": p.created_at,
        "updated_at": p.updated_at,
        "version": int(p.version),
    }


def new_product(data: schemas.ProductIn, at: str | None = None) -> Product:
    at = at or now_iso()
    return Product(
        pk=product_pk(data.sku),
        sk=PRODUCT_SK,
        gsi1pk=ALL_PRODUCTS,
        gsi1sk=f"{data.category}#{data.sku}",
        sku=data.sku,
        name=data.name,
        kind=data.kind,
        category=data.category,
        unit=data.unit,
        tax_rate=data.tax_rate,
        unit_cost=data.unit_cost,
        status="active",
        description=data.description,
        attributes=data.attributes or None,
        created_at=at,
        updated_at=at,
    )


def create_product(data: schemas.ProductIn) -> schemas.ProductOut:
    product = new_product(data)
    with transaction(lambda: Conflict(f"product {data.sku} exists", {"sku": "already exists"})) as tx:
        tx.save(product, condition=CrmItem.pk.does_not_exist())
    return schemas.ProductOut.model_validate(product_to_dict(product))


def load_product(sku: str, field: str = "sku") -> Product:
    try:
        return Product.get(product_pk(sku), PRODUCT_SK)
    except DoesNotExist as exc:
        raise NotFound(f"product {sku} does not exist", {field: "unknown product"}) from exc


def get_product(sku: str) -> schemas.ProductOut:
    return schemas.ProductOut.model_validate(product_to_dict(load_product(sku)))


def list_products(category: str | None, limit: int, cursor: str | None) -> schemas.ProductPage:
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_PRODUCTS})
    cond = Product.gsi1sk.startswith(f"{category}#") if category else None
    result = Product.gsi1.query(ALL_PRODUCTS, cond, limit=limit, last_evaluated_key=start)
    items = [product_to_dict(p) for p in result]
    return schemas.ProductPage.model_validate({"items": items, "next": encode_cursor(result.last_evaluated_key)})


def update_product(sku: str, patch: schemas.ProductPatch, expected: int | None) -> schemas.ProductOut:
    product = load_product(sku)
    check_version(product.version, expected, "product", required=True)
    changes = patch.model_dump(exclude_unset=True, exclude={"version"})
    for name, value in changes.items():
        if value is None and name in ("name", "category", "unit", "tax_rate", "status"):
            raise ValidationFailed(f"{name} cannot be removed", {name: "required"})
        setattr(product, name, value or None if name == "attributes" else value)
    product.gsi1sk = f"{product.category}#{product.sku}"
    product.updated_at = now_iso()
    with transaction(lambda: VersionConflict("product was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(product)
    return schemas.ProductOut.model_validate(product_to_dict(product))


# ----------------------------------------------------------------- price lists


def _past(valid_to: date | None, field: str = "valid_to") -> None:
    if valid_to is not None and valid_to < today():
        raise ValidationFailed(f"{field} {valid_to} is in the past", {field: "must be today or later"})


def _history(
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
    return PriceChange(
        pk=f"PRICEHIST#{sku}",
        sk=f"{at}#{new_id()}",
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
        sk=f"ITEM#{sku}",
        gsi1pk=f"LISTPRICE#{sku}#{pl.currency}",
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


def _price_list_out(pl: PriceList, prices: list[ListPrice], nxt: str | None = None) -> dict[str, Any]:
    return {
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
        items.append(_history(p.sku, "list", list_id, pl.currency, "created", None, p.unit_price, actor, at))
    return pl, items


def create_price_list(data: schemas.PriceListIn, actor: str) -> schemas.PriceListOut:
    _past(data.valid_to)
    require_products([p.sku for p in data.prices], "prices")
    pl, items = new_price_list(data, actor)
    with transaction("price list id collision, retry") as tx:
        tx.save(pl, condition=CrmItem.pk.does_not_exist())
        for item in items:
            tx.save(item)
    return schemas.PriceListOut.model_validate(_price_list_out(pl, [i for i in items if isinstance(i, ListPrice)]))


def require_products(skus: list[str], field: str) -> dict[str, Product]:
    """All products by sku with one BatchGet; an unknown or discontinued one is a 400 naming its position."""
    found = {p.sku: p for p in Product.batch_get([(product_pk(s), PRODUCT_SK) for s in set(skus)])}
    for i, sku in enumerate(skus):
        if sku not in found:
            raise ValidationFailed(f"product {sku} does not exist", {f"{field}.{i}.sku": "unknown product"})
        if found[sku].status != "active":
            raise ValidationFailed(f"product {sku} is discontinued", {f"{field}.{i}.sku": "discontinued"})
    return found


def _load_list(list_id: str) -> PriceList:
    try:
        return PriceList.get(price_list_pk(list_id), LIST_SK)
    except DoesNotExist as exc:
        raise NotFound(f"price list {list_id} does not exist", {"list_id": "unknown"}) from exc


def get_price_list(list_id: str, limit: int, cursor: str | None) -> schemas.PriceListOut:
    pl = _load_list(list_id)
    start = decode_cursor(cursor, expect={"pk": pl.pk})
    result = ListPrice.query(pl.pk, ListPrice.sk.startswith("ITEM#"), limit=limit, last_evaluated_key=start)
    prices = list(result)
    return schemas.PriceListOut.model_validate(_price_list_out(pl, prices, encode_cursor(result.last_evaluated_key)))


def list_price_lists(currency: str | None, limit: int, cursor: str | None) -> schemas.PriceListPage:
    start = decode_cursor(cursor, expect={"gsi1pk": ALL_LISTS})
    cond = PriceList.gsi1sk.startswith(f"{currency}#") if currency else None
    result = PriceList.gsi1.query(ALL_LISTS, cond, limit=limit, last_evaluated_key=start)
    return schemas.PriceListPage.model_validate(
        {"items": [_price_list_out(p, []) for p in result], "next": encode_cursor(result.last_evaluated_key)}
    )


def set_list_price(list_id: str, sku: str, unit_price: Decimal, actor: str) -> schemas.ListPriceOut:
    """Set or change one list price; the old and new value go to the price history in the same transaction."""
    pl = _load_list(list_id)
    if pl.valid_to is not None and date.fromisoformat(pl.valid_to) < today():
        raise ValidationFailed(f"price list {list_id} expired on {pl.valid_to}", {"list_id": "expired"})
    require_products([sku], "prices")
    at = now_iso()
    try:
        old: ListPrice | None = ListPrice.get(pl.pk, f"ITEM#{sku}")
    except DoesNotExist:
        old = None
    if old is not None and old.unit_price == unit_price:
        return schemas.ListPriceOut.model_validate(
            {"sku": sku, "unit_price": unit_price, "currency": pl.currency, "updated_at": old.updated_at}
        )
    item = _list_price_item(pl, sku, unit_price, actor, at)
    change = _history(
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


# ----------------------------------------------------------------- customer prices and discounts


def rule_to_dict(r: PriceRule) -> dict[str, Any]:
    return {
        "rule_id": r.rule_id,
        "sku": r.sku,
        "name": r.name,
        "customer_id": r.customer_id,
        "group": r.group,
        "kind": r.kind,
        "currency": r.currency,
        "valid_from": r.valid_from,
        "valid_to": r.valid_to,
        "breaks": [{"min_quantity": b.min_quantity, "value": b.value} for b in r.breaks],
        "status": r.status,
        "created_at": r.created_at,
        "version": int(r.version),
    }


def new_rule(data: schemas.PriceRuleIn, actor: str, at: str | None = None) -> tuple[PriceRule, PriceChange]:
    at = at or now_iso()
    rule_id = new_id()
    target = f"CUST#{data.customer_id}" if data.customer_id else f"GROUP#{(data.group or '').lower()}"
    rule = PriceRule(
        pk=rules_pk(data.sku),
        sk=f"RULE#{rule_id}",
        gsi1pk=f"PRICERULES#{target}",
        gsi1sk=f"{data.sku}#{rule_id}",
        rule_id=rule_id,
        sku=data.sku,
        name=data.name,
        customer_id=data.customer_id,
        group=data.group.lower() if data.group else None,
        kind=data.kind,
        currency=data.currency,
        breaks=[
            PriceBreak(min_quantity=b.min_quantity, value=b.value)
            for b in sorted(data.breaks, key=lambda b: b.min_quantity)
        ],
        valid_from=data.valid_from.isoformat(),
        valid_to=data.valid_to.isoformat() if data.valid_to else None,
        status="active",
        created_at=at,
        created_by=actor,
    )
    first = rule.breaks[0]
    change = _history(
        data.sku,
        "rule",
        rule_id,
        data.currency,
        "created",
        None,
        first.value,
        actor,
        at,
        detail=f"{data.kind} for {target.lower()} from {data.valid_from}",
    )
    return rule, change


def create_rule(data: schemas.PriceRuleIn, actor: str) -> schemas.PriceRuleOut:
    _past(data.valid_to)
    require_products([data.sku], "rule")
    if data.customer_id:
        require_customer(data.customer_id, "customer_id")
    rule, change = new_rule(data, actor)
    with transaction("rule id collision, retry") as tx:
        tx.save(rule, condition=CrmItem.pk.does_not_exist())
        tx.save(change)
    return schemas.PriceRuleOut.model_validate(rule_to_dict(rule))


def retire_rule(sku: str, rule_id: str, expected: int | None, actor: str) -> schemas.PriceRuleOut:
    try:
        rule = PriceRule.get(rules_pk(sku), f"RULE#{rule_id}")
    except DoesNotExist as exc:
        raise NotFound(f"rule {rule_id} of {sku} does not exist", {"rule_id": "unknown"}) from exc
    if rule.status == "retired":
        return schemas.PriceRuleOut.model_validate(rule_to_dict(rule))
    if expected is not None:
        check_version(rule.version, expected, "rule")
    at = now_iso()
    rule.status = "retired"
    rule.gsi1pk = rule.gsi1sk = None
    change = _history(sku, "rule", rule_id, rule.currency, "retired", rule.breaks[0].value, None, actor, at)
    with transaction(lambda: VersionConflict("rule was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(rule)
        tx.save(change)
    return schemas.PriceRuleOut.model_validate(rule_to_dict(rule))


def list_rules(
    *, sku: str | None, customer_id: str | None, group: str | None, limit: int, cursor: str | None
) -> schemas.PriceRulePage:
    given = [v for v in (sku, customer_id, group) if v]
    if len(given) != 1:
        raise ValidationFailed("give exactly one of sku, customer_id, group", {"sku": "one filter"})
    if sku:
        start = decode_cursor(cursor, expect={"pk": rules_pk(sku)})
        result = PriceRule.query(rules_pk(sku), PriceRule.sk.startswith("RULE#"), limit=limit, last_evaluated_key=start)
    else:
        key = f"PRICERULES#CUST#{customer_id}" if customer_id else f"PRICERULES#GROUP#{(group or '').lower()}"
        start = decode_cursor(cursor, expect={"gsi1pk": key})
        result = PriceRule.gsi1.query(key, limit=limit, last_evaluated_key=start)
    return schemas.PriceRulePage.model_validate(
        {"items": [rule_to_dict(r) for r in result], "next": encode_cursor(result.last_evaluated_key)}
    )


def price_history(sku: str, limit: int, cursor: str | None) -> schemas.PriceHistoryPage:
    load_product(sku)
    pk = f"PRICEHIST#{sku}"
    start = decode_cursor(cursor, expect={"pk": pk})
    result = PriceChange.query(pk, scan_index_forward=False, limit=limit, last_evaluated_key=start)
    items = [
        {
            k: getattr(c, k)
            for k in (
                "sku",
                "source",
                "source_id",
                "currency",
                "change",
                "old_value",
                "new_value",
                "detail",
                "changed_at",
                "changed_by",
            )
        }
        for c in result
    ]
    return schemas.PriceHistoryPage.model_validate({"items": items, "next": encode_cursor(result.last_evaluated_key)})


# ----------------------------------------------------------------- pricing


def _pricing_inputs(sku: str, currency: str) -> tuple[list[ListPriceIn], list[RuleIn]]:
    """Two Queries: the lists that price this sku in this currency, and every rule of the sku."""
    lists = [
        ListPriceIn(
            lp.list_id,
            lp.unit_price,
            lp.currency,
            date.fromisoformat(lp.valid_from),
            date.fromisoformat(lp.valid_to) if lp.valid_to else None,
        )
        for lp in ListPrice.gsi1.query(f"LISTPRICE#{sku}#{currency}")
    ]
    rules = [
        RuleIn(
            r.rule_id,
            r.kind,
            tuple(Break(b.min_quantity, b.value) for b in r.breaks),
            date.fromisoformat(r.valid_from),
            date.fromisoformat(r.valid_to) if r.valid_to else None,
            r.currency,
            r.customer_id,
            r.group,
            r.status == "active",
            r.name,
        )
        for r in PriceRule.query(rules_pk(sku), PriceRule.sk.startswith("RULE#"))
    ]
    return lists, rules


def price(
    customer: CustomerRef, sku: str, quantity: Decimal, currency: str, day: date, field: str = "sku"
) -> PriceResult:
    lists, rules = _pricing_inputs(sku, currency)
    result = price_for(
        customer_id=customer.customer_id,
        customer_groups=customer.groups,
        quantity=quantity,
        day=day,
        currency=currency,
        list_prices=lists,
        rules=rules,
    )
    if result.unit_price is None:
        raise ValidationFailed(result.explanation, {field: f"no price in {currency} on {day}"})
    return result


def quote_price(q: schemas.PriceQuery) -> schemas.PriceQuoteOut:
    product = load_product(q.sku)
    if product.status != "active":
        raise ValidationFailed(f"product {q.sku} is discontinued", {"sku": "discontinued"})
    day = q.date or today()
    result = price(customer_ref(q.customer_id), q.sku, q.quantity, q.currency, day)
    assert result.unit_price is not None
    return schemas.PriceQuoteOut.model_validate(
        {
            "sku": q.sku,
            "customer_id": q.customer_id,
            "quantity": q.quantity,
            "date": day.isoformat(),
            "currency": q.currency,
            "unit_price": result.unit_price,
            "list_price": result.list_price,
            "list_id": result.list_id,
            "net_amount": round_amount(result.unit_price * q.quantity, q.currency),
            "rule": result.rule,
            "explanation": result.explanation,
            "considered": result.considered,
        }
    )
