"""The route table: every context's routes, in the order the OpenAPI document lists them. The OpenAPI document,
the authorization matrix and the template drift test read SPECS; app.py registers only its function's share."""

from __future__ import annotations

from chalicelib.http import Routes, RouteSpec
from chalicelib.routes import MODULES, load

ROUTES: list[Routes] = load(MODULES)
SPECS: list[RouteSpec] = [spec for r in ROUTES for spec in r.specs]
MODULE_OF: dict[tuple[str, str], str] = {
    (spec.method, spec.path): name for name, r in zip(MODULES, ROUTES, strict=True) for spec in r.specs
}
