"""Demo contact-center setup: routing queues (ARNs of a demo Connect instance), a PIN for every tenth demo
customer (1234) and partner contact phones, so `python3 -m infra.call` has callers of every kind."""

from __future__ import annotations

from crm.contact_centre import ivr
from crm.contact_centre.models import RoutingConfig
from crm.contact_centre.routing import reset_cache
from crm.customers.models import Customer
from crm.customers.repository import ALL_CUSTOMERS

DEMO_INSTANCE = "arn:aws:connect:eu-central-1:123456789012:instance/local-demo"
QUEUES = {
    name: f"{DEMO_INSTANCE}/queue/{name}"
    for name in ("general", "priority", "partner-desk", "polski", "deutsch", "agent-desk", "sales-desk")
}


def seed_routing() -> dict[str, int]:
    RoutingConfig(
        pk="ROUTING",
        sk="CONFIG",
        general=QUEUES["general"],
        priority=QUEUES["priority"],
        partner_desk=QUEUES["partner-desk"],
        by_language={"pl": QUEUES["polski"], "de": QUEUES["deutsch"]},
        by_owner={"agent@crm.local": QUEUES["agent-desk"], "sales@crm.local": QUEUES["sales-desk"]},
        names={arn: name for name, arn in QUEUES.items()},
        aht_seconds=300,
        updated_at="seed",
    ).save()
    reset_cache()
    pins = 0
    for n, c in enumerate(Customer.gsi2.query(ALL_CUSTOMERS)):
        if n % 10 == 0 and c.phones:
            ivr.set_pin(c.customer_id, "1234")
            pins += 1
    return {"routing_queues": len(QUEUES), "ivr_pins": pins}
