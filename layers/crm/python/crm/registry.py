"""Every item class of the single table. pynamodb builds an item from its `type` only for classes that were
imported, and filters every Query to those types: a Query over a partition that several contexts write to (a
customer's: profile, contacts, timeline, order counters, figures, caller card) must know them all, whoever
imported what. Modules that read such partitions import this registry; the import-linter contracts list it as
the one module allowed to import every context's item classes (and nothing else of theirs)."""

from __future__ import annotations

from crm.cases import models as cases
from crm.catalog import models as catalog
from crm.contact_centre import models as contact_centre
from crm.customers import models as customers
from crm.customers import timeline
from crm.customfields import models as customfields
from crm.db import CrmItem
from crm.feedback import models as feedback
from crm.knowledge import models as knowledge
from crm.messaging import models as messaging
from crm.orders import models as orders
from crm.partners import models as partners
from crm.privacy import audit
from crm.sales import models as sales
from crm.shops import models as shops
from crm.suppliers import models as suppliers
from crm.tasks import models as tasks
from crm.webhooks import models as webhooks
from crm.workflows import models as workflows

MODULES = (
    audit,
    timeline,
    cases,
    catalog,
    contact_centre,
    customers,
    customfields,
    feedback,
    knowledge,
    messaging,
    orders,
    partners,
    sales,
    shops,
    suppliers,
    tasks,
    webhooks,
    workflows,
)


def item_classes() -> dict[str, type[CrmItem]]:
    """discriminator value -> item class, for every item kind of the table."""
    kinds = CrmItem._get_discriminator_attribute()
    assert kinds is not None
    return {str(kinds.get_discriminator(cls)): cls for cls in kinds.get_registered_subclasses(CrmItem)}
