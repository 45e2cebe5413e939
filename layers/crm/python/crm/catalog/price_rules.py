"""Customer and group (customer tag) prices and discounts: special price, percent or amount off, with quantity
breaks and validity; and the price history of a product."""

from __future__ import annotations

from crm.catalog import schemas
from crm.catalog.models import (
    PriceBreak,
    PriceChange,
    PriceRule,
)
from crm.catalog.price_lists import check_not_past, history_item
from crm.catalog.products import require_products
from crm.catalog.repository import (
    history_page,
    load_product,
    load_rule,
    rule_sk,
    rules_page,
    rules_pk,
    rules_target_index,
)
from crm.customers.public import require_customer
from crm.db import CrmItem, check_version, new_id, now_iso, transaction
from crm.errors import ValidationFailed, VersionConflict

# ----------------------------------------------------------------- rules


def rule_out(r: PriceRule) -> schemas.PriceRuleOut:
    return schemas.PriceRuleOut.model_validate(
        {
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
    )


def new_rule(data: schemas.PriceRuleIn, actor: str, at: str | None = None) -> tuple[PriceRule, PriceChange]:
    at = at or now_iso()
    rule_id = new_id()
    target = (f"cust#{data.customer_id}" if data.customer_id else f"group#{data.group or ''}").lower()  # in the detail
    rule = PriceRule(
        pk=rules_pk(data.sku),
        sk=rule_sk(rule_id),
        gsi1pk=rules_target_index(data.customer_id, data.group),
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
    change = history_item(
        data.sku,
        "rule",
        rule_id,
        data.currency,
        "created",
        None,
        first.value,
        actor,
        at,
        detail=f"{data.kind} for {target} from {data.valid_from}",
    )
    return rule, change


def create_rule(data: schemas.PriceRuleIn, actor: str) -> schemas.PriceRuleOut:
    check_not_past(data.valid_to)
    require_products([data.sku], "rule")
    if data.customer_id:
        require_customer(data.customer_id, "customer_id")
    rule, change = new_rule(data, actor)
    with transaction("rule id collision, retry") as tx:
        tx.save(rule, condition=CrmItem.pk.does_not_exist())
        tx.save(change)
    return rule_out(rule)


def retire_rule(sku: str, rule_id: str, expected: int | None, actor: str) -> schemas.PriceRuleOut:
    rule = load_rule(sku, rule_id)
    if rule.status == "retired":
        return rule_out(rule)
    if expected is not None:
        check_version(rule.version, expected, "rule")
    at = now_iso()
    rule.status = "retired"
    rule.gsi1pk = rule.gsi1sk = None
    change = history_item(sku, "rule", rule_id, rule.currency, "retired", rule.breaks[0].value, None, actor, at)
    with transaction(lambda: VersionConflict("rule was changed meanwhile", {"version": "stale"})) as tx:
        tx.save(rule)
        tx.save(change)
    return rule_out(rule)


def list_rules(
    *, sku: str | None, customer_id: str | None, group: str | None, limit: int, cursor: str | None
) -> schemas.PriceRulePage:
    given = [v for v in (sku, customer_id, group) if v]
    if len(given) != 1:
        raise ValidationFailed("give exactly one of sku, customer_id, group", {"sku": "one filter"})
    found, nxt = rules_page(sku, customer_id, group, limit, cursor)
    return schemas.PriceRulePage.model_validate({"items": [rule_out(r) for r in found], "next": nxt})


def price_history(sku: str, limit: int, cursor: str | None) -> schemas.PriceHistoryPage:
    load_product(sku)
    changes, nxt = history_page(sku, limit, cursor)
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
        for c in changes
    ]
    return schemas.PriceHistoryPage.model_validate({"items": items, "next": nxt})
