"""One module of routes per context. MODULES lists them in the order the OpenAPI document does; each API function
serves the ones its `API_ROUTES` variable names in template.yaml (all of them when unset), and imports no other."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.http import Routes

MODULES = (
    "platform",
    "customers",
    "catalog",
    "orders",
    "cases",
    "sales",
    "tasks",
    "suppliers",
    "partners",
    "dashboard",
    "users",
    "contact_centre",
    "messaging",
    "knowledge",
    "feedback",
    "customer_portal",
    "fields",
    "shops",
    "webhooks",
    "workflows",
)


def load(names: tuple[str, ...] | list[str]) -> list[Routes]:
    """The named modules' routes; an unknown name fails the import (a typo in the template stops the cold start)."""
    unknown = sorted(set(names) - set(MODULES))
    if unknown:
        raise ImportError(f"API_ROUTES names no route module {', '.join(unknown)}; known: {', '.join(MODULES)}")
    return [importlib.import_module(f"chalicelib.routes.{name}").routes for name in names]
