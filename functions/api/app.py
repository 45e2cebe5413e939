"""The CRM REST API: one Chalice app made of one Blueprint per context (chalicelib/routes/<context>.py).

Several Lambda functions serve the one API, each the contexts its `API_ROUTES` variable names in template.yaml
(comma-separated route modules), so a cold start imports only those and each function holds only their IAM
actions; unset, the app serves every route (the local stack, the tests). Routes are thin (parse -> authorize ->
call the context -> reply); the conventions they share live in chalicelib/http.py, who may do what in
crm/auth.py; template.yaml declares each function's routes (tests check them against the route table).
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging.lambda_context import build_lambda_context_model
from chalice import Chalice, CORSConfig

from chalicelib.http import logger
from chalicelib.routes import MODULES, load
from crm.config import env, get_settings

SERVED = tuple(name.strip() for name in env("API_ROUTES").split(",") if name.strip()) or MODULES

app = Chalice(app_name="crm-api")
app.api.cors = CORSConfig(
    allow_origin=get_settings().cors_origin,
    allow_headers=["Authorization", "Content-Type", "If-Match", "Idempotency-Key"],
    expose_headers=["ETag"],
    max_age=600,
)
for routes in load(SERVED):
    app.register_blueprint(routes.blueprint)


@app.middleware("http")
def correlation(event: Any, get_response: Any) -> Any:
    """Every log line of a request carries this function's Lambda context and its API Gateway request id, and
    nothing a previous request appended (the user)."""
    logger.clear_state()
    if event.lambda_context is not None:
        logger.append_keys(**build_lambda_context_model(event.lambda_context).__dict__)
    logger.set_correlation_id((event.context or {}).get("requestId"))
    return get_response(event)
