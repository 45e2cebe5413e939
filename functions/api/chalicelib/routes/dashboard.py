"""The managers' dashboard: the analytical CRM's latest figures (the report job's snapshot)."""

from __future__ import annotations

from chalicelib.http import Call, Routes
from crm.auth import Permission
from crm.dashboard import schemas, service

routes = Routes(__name__)


@routes.route(
    "/analytics/dashboard",
    "GET",
    permission=Permission.DASHBOARD_READ,
    summary="The managers' dashboard: headline, revenue trend and forecast band, RFM segments and movements, CLV "
    "bands, high-value customers at risk, suppliers, partners; each table names the job run it comes from",
    response=schemas.Dashboard,
)
def get_dashboard(call: Call[None, None]) -> schemas.Dashboard:
    return service.latest()
