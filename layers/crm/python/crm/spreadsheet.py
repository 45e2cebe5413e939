"""Cells of every CSV the product writes (customer export, the managers' report attachments): a cell a
spreadsheet would run as a formula (it starts with =, +, -, @, tab or carriage return) gets a leading apostrophe,
so it is shown as text (OWASP, CSV injection). Plain numbers and phone numbers (+44 20 7946 0018, -12.5) are data
and stay as they are."""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9 ().-]*$")


def safe_cell(text: str) -> str:
    if text.startswith(FORMULA_START) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def unescaped(text: str) -> str:
    """A cell written by safe_cell, read back (an import of an exported file)."""
    return text[1:] if text.startswith("'") and text[1:2] in FORMULA_START else text
