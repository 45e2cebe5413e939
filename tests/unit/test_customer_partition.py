"""The 360's one Query of a customer's partition imports crm.customer_partition, not the whole item registry;
pynamodb would leave out (filter away) any kind kept there whose class that module does not import."""

from __future__ import annotations

import json
import subprocess
import sys

from infra.bootstrap import ROOT

# Every kind kept in a customer's partition (docs/access-patterns.md): profile, contacts, timeline, identifiers
# and tags (customers), order counters (orders), analytics figures, partner attribution, open case, caller card.
PARTITION_KINDS = {
    "customer",
    "contact",
    "timeline",
    "identifier",
    "tag",
    "customer_stats",
    "customer_figures",
    "partner_attribution",
    "open_case",
    "customer_card",
}
PROBE = """
import json
import crm.customer_partition
from crm.db import CrmItem
print(json.dumps(sorted(CrmItem._get_discriminator_attribute()._discriminator_map)))
"""


def test_the_customer_partition_module_builds_every_kind_a_customers_partition_holds():
    env_path = str(ROOT / "layers" / "crm" / "python")
    run = subprocess.run(
        [sys.executable, "-c", PROBE], env={"PYTHONPATH": env_path}, capture_output=True, text=True, check=True
    )
    kinds = set(json.loads(run.stdout))
    assert kinds >= PARTITION_KINDS, PARTITION_KINDS - kinds
    assert not {"lead", "opportunity", "supplier", "newsletter_list"} & kinds  # nor the other contexts' kinds
