"""CSV export of customers, a page at a time, in the import's columns (importer.py), so an exported file imports
back unchanged: everyone A-Z or one owner's or tag's customers, with each custom field as custom.<key>.

Every cell goes through crm.spreadsheet.safe_cell (formulas shown as text)."""

from __future__ import annotations

import csv
import io

from crm.customers.importer import ADDRESS_COLUMNS, CONSENT_COLUMNS, CUSTOM, LIST_COLUMNS, SCALAR_COLUMNS
from crm.customers.models import Customer, as_plain
from crm.customers.repository import customers_page
from crm.customers.views import PROFILE_FIELDS
from crm.customfields.public import active_keys, custom_to_text
from crm.spreadsheet import safe_cell


def _row(c: Customer, custom_keys: list[str]) -> list[str]:
    address = as_plain(c.address) or {}
    consent = as_plain(c.consent) or {}
    custom = custom_to_text(c.custom)
    cells = [
        c.kind,
        c.name if c.kind == "company" else "",
        *[str(getattr(c, f) or "") for f in PROFILE_FIELDS],
        *[";".join(getattr(c, f) or []) for f in LIST_COLUMNS],
        *[str(address.get(f) if address.get(f) is not None else "") for f in ADDRESS_COLUMNS],
        *[("true" if consent.get(f) else "false") if consent else "" for f in CONSENT_COLUMNS],
        *[custom.get(k, "") for k in custom_keys],
    ]
    return [safe_cell(x) for x in cells]


def export_csv(owner: str | None, tag: str | None, limit: int, cursor: str | None) -> tuple[str, str | None, int]:
    """(CSV text with its header, the next page's cursor, rows): one Query (and a BatchGet by tag) per page."""
    custom_keys = active_keys("customer")
    customers, nxt = customers_page(owner, tag, None, limit, cursor)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            *SCALAR_COLUMNS,
            *LIST_COLUMNS,
            *ADDRESS_COLUMNS,
            *CONSENT_COLUMNS,
            *[CUSTOM + k for k in custom_keys],
        ]
    )
    rows = [c for c in customers if c.status == "active"]
    writer.writerows(_row(c, custom_keys) for c in rows)
    return out.getvalue(), nxt, len(rows)
