"""Bulk CSV import: upsert by external id, then email, then the duplicate rules (phone, tax id).

Each row is validated and written on its own (its own transaction), so a bad row is reported and never
stops or half-applies the rest. List columns (emails, phones, tags) hold values separated by ';'. Custom fields
are columns named custom.<key>, read by their field's type (crm.customfields.text); the export writes the same
columns (exporter.py).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

from pydantic import ValidationError

from crm.config import get_settings
from crm.customers import repository, responses, schemas, service, views
from crm.customers.views import PROFILE_FIELDS
from crm.customfields.public import active_keys, custom_text_reader
from crm.errors import CrmError, ValidationFailed
from crm.spreadsheet import unescaped

MAX_ROWS = 1000
# the columns, in the order the export writes them
SCALAR_COLUMNS = ("kind", "name", *PROFILE_FIELDS)
LIST_COLUMNS = ("emails", "phones", "tags")
ADDRESS_COLUMNS = ("line1", "line2", "postal_code", "city", "region", "country", "latitude", "longitude")
CONSENT_COLUMNS = ("email_marketing", "sms_marketing", "phone_marketing", "newsletter")
COLUMNS = frozenset((*SCALAR_COLUMNS, *LIST_COLUMNS, *ADDRESS_COLUMNS, *CONSENT_COLUMNS))
CUSTOM = "custom."


def _row_to_body(row: dict[str, str], read_custom: Callable[[dict[str, str]], dict[str, Any]]) -> dict[str, Any]:
    body: dict[str, Any] = {}
    address: dict[str, Any] = {}
    consent: dict[str, Any] = {}
    custom = {
        col.removeprefix(CUSTOM): unescaped(raw.strip()) for col, raw in row.items() if col.startswith(CUSTOM) and raw
    }
    if custom:
        body["custom"] = read_custom(custom)
    for col, raw in row.items():
        value = unescaped((raw or "").strip())
        if not value or col.startswith(CUSTOM):
            continue
        if col in LIST_COLUMNS:
            body[col] = [v.strip() for v in value.split(";") if v.strip()]
        elif col in ADDRESS_COLUMNS:
            address[col] = value
        elif col in CONSENT_COLUMNS:
            consent[col] = value.lower() in {"1", "true", "yes", "y"}
        else:
            body[col] = value
    if address:
        body["address"] = address
    if consent:
        body["consent"] = {**consent, "source": "csv-import"}
    body.setdefault("kind", "company")
    return body


def _match(data: schemas.CustomerCreate) -> list[str]:
    """Existing customers this row describes, by the same identifiers the duplicate check uses."""
    keys: list[tuple[str, str]] = []
    if data.external_id:
        keys.append(("EXT", data.external_id))
    keys += [("EMAIL", e) for e in data.emails or []]
    if data.tax_id:
        keys.append(("TAXID", data.tax_id))
    keys += [("PHONE", p) for p in data.phones or []]
    for kind, value in keys:  # the strongest identifier that matches decides
        found = repository.find_duplicates([(kind, value)])
        if found:
            return [f["customer_id"] for f in found]
    return []


def import_csv(raw: bytes, actor: str) -> responses.ImportReport:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationFailed("the file must be UTF-8", {"body": "not UTF-8"}) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header:
        raise ValidationFailed("the file has no header row", {"body": "missing header"})
    allowed = COLUMNS | {CUSTOM + k for k in active_keys("customer")}
    read_custom = custom_text_reader("customer")
    unknown = [h for h in header if h not in allowed]
    if unknown:
        raise ValidationFailed(
            f"unknown columns: {', '.join(unknown)}", {"header": f"allowed: {', '.join(sorted(allowed))}"}
        )
    reader.fieldnames = header
    report: dict[str, Any] = {"total": 0, "created": 0, "updated": 0, "rejected": 0, "errors": []}
    default_region = get_settings().default_phone_region
    for line, row in enumerate(reader, start=2):
        report["total"] += 1
        if report["total"] > MAX_ROWS:
            raise ValidationFailed(f"at most {MAX_ROWS} rows per import; split the file", {"body": "too many rows"})
        if None in row:
            _reject(report, line, "more values than header columns", {})
            continue
        body = _row_to_body(row, read_custom)
        country = body.get("address", {}).get("country")
        try:
            data = schemas.CustomerCreate.model_validate(
                body, context={"default_region": country if isinstance(country, str) else default_region}
            )
            matches = _match(data)
            if len(matches) > 1:
                _reject(report, line, f"matches several customers: {', '.join(matches)}", {})
                continue
            if matches:
                current = views.get_customer(matches[0])
                keep = {"kind", "contacts"}
                if current.external_id:  # matched by email/tax id/phone: the first external id stays
                    keep.add("external_id")
                patch = schemas.CustomerPatch.model_validate(data.model_dump(exclude_unset=True, exclude=keep))
                service.update_customer(matches[0], patch, current.version, actor, force=True)
                report["updated"] += 1
            else:
                service.create_customer(data, actor)
                report["created"] += 1
        except ValidationError as exc:
            fields = {".".join(str(p) for p in e["loc"]): e["msg"].removeprefix("Value error, ") for e in exc.errors()}
            _reject(report, line, "invalid values", fields)
        except CrmError as exc:
            _reject(report, line, exc.message, exc.fields)
    return responses.ImportReport.model_validate(report)


def _reject(report: dict[str, Any], line: int, reason: str, fields: dict[str, str]) -> None:
    report["rejected"] += 1
    report["errors"].append({"row": line, "reason": reason, "fields": fields})
