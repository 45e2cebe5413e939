"""The route table: every context's routes, in the order the OpenAPI document lists them. app.py registers
these blueprints; the OpenAPI document, the authorization matrix and the template drift test read SPECS."""

from __future__ import annotations

from chalicelib.http import Routes, RouteSpec
from chalicelib.routes import (
    cases,
    catalog,
    contact_centre,
    customers,
    dashboard,
    messaging,
    orders,
    partners,
    platform,
    sales,
    suppliers,
    tasks,
    users,
)

ROUTES: list[Routes] = [
    platform.routes,
    customers.routes,
    catalog.routes,
    orders.routes,
    cases.routes,
    sales.routes,
    tasks.routes,
    suppliers.routes,
    partners.routes,
    dashboard.routes,
    users.routes,
    contact_centre.routes,
    messaging.routes,
]
SPECS: list[RouteSpec] = [spec for r in ROUTES for spec in r.specs]
