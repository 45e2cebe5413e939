"""Reading the dashboard: one S3 GetObject of the snapshot the report job wrote last."""

from __future__ import annotations

from botocore.exceptions import ClientError

from crm.aws import client
from crm.config import required
from crm.dashboard.schemas import Dashboard
from crm.errors import NotFound

KEY = "dashboard/latest.json"


def latest() -> Dashboard:
    try:
        body = client("s3").get_object(Bucket=required("REPORTS_BUCKET"), Key=KEY)["Body"].read()
    except ClientError as exc:
        if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
            raise NotFound(
                "no managers' report has run yet: the dashboard shows its figures", {"report": "none"}
            ) from exc
        raise
    return Dashboard.model_validate_json(body)
