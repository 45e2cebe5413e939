"""The item classes of every kind kept in a customer's partition: the profile, contacts and timeline, the
analytics figures and partner attribution (customers), the order counters (orders), the open case (cases) and
the caller card (contact centre). pynamodb builds, and lets a Query return, only the kinds whose classes were
imported, so the 360's one Query of the partition imports these, and not the whole registry (crm/registry.py),
which would build every context's item classes on the first 360 of a cold start."""

from __future__ import annotations

from crm.cases import models as cases
from crm.contact_centre import models as contact_centre
from crm.customers import models as customers
from crm.customers import timeline
from crm.orders import models as orders

MODULES = (cases, contact_centre, customers, timeline, orders)
