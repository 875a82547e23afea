"""Formula safety: the one rule for every cell Karsplan writes to an .xlsx or CSV file.

A spreadsheet program runs a text cell that begins with `=`, `+`, `-` or `@` as a formula
(and a tab or carriage return in front of one does not stop it), so an explanation typed as
`=HYPERLINK("http://…"&A2,"Tıkla")` would become a live link in the reader's Excel (OWASP
"CSV injection"). Every writer passes its values through this module:

    safe_cell(value)   → the value for an xlsx cell: numbers, dates, booleans and None as they
                         are; text that starts with a formula character prefixed with "'"
    safe_text(text)    → the text with the "'" prefix when it needs one
    unquote(text)      → the text as typed: what `safe_text` added, removed (the import path)
    csv_field(value, number=str) → a CSV field: numbers through `number`, text made safe
    csv_bytes(header, rows, number=str, delimiter=";") → a CSV file as Excel opens it
                         (UTF-8 with BOM, CRLF)

A number is a number only when it is one (int, float, Decimal): a real negative figure stays a
number, while the text "-5" typed in an explanation is text and is prefixed. `safe_text` also
prefixes text that already starts with "'" followed by a formula character, so that
`unquote(safe_text(t)) == t` for every text.

Without Django: `karsplan.lib.xlsx` writes cells through `safe_cell`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import Any

FORMULA_START = frozenset("=+-@\t\r")
"""A text cell beginning with one of these is neutralised (OWASP CSV injection)."""
QUOTE = "'"

NUMBER_TYPES = (int, float, Decimal)
"""Values written as numbers. bool is an int and is written as a boolean, never a formula."""


def needs_quote(text: str) -> bool:
    """True for text a spreadsheet could run as a formula, and for text that starts with
    the quote followed by such text (so that `unquote` gives it back unchanged)."""
    if text[:1] in FORMULA_START:
        return True
    return text[:1] == QUOTE and needs_quote(text[1:])


def safe_text(text: str) -> str:
    """`text` with a leading "'" when a spreadsheet could read it as a formula."""
    return QUOTE + text if needs_quote(text) else text


def unquote(text: str) -> str:
    """The text as it was before `safe_text`: a file we wrote, read back, gives back what was
    saved. Text that `safe_text` would not have prefixed is returned unchanged."""
    if text[:1] == QUOTE and needs_quote(text[1:]):
        return text[1:]
    return text


def safe_cell(value: Any) -> Any:
    """A value ready for an xlsx cell: None, numbers, booleans, dates and times as they are
    (a number format applies to them); anything else as safe text."""
    if value is None or isinstance(value, (*NUMBER_TYPES, dt.date, dt.time, dt.timedelta)):
        return value
    return safe_text(value if isinstance(value, str) else str(value))


def csv_field(value: Any, number: Callable[[Any], str] = str) -> str:
    """A CSV field: "" for None, a number written by `number` (a figure is never prefixed:
    "-12,5" is a number to Excel), anything else as safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, NUMBER_TYPES):
        return number(value)
    return safe_text(str(value))


def csv_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    number: Callable[[Any], str] = str,
    delimiter: str = ";",
) -> bytes:
    """A CSV file for Excel: UTF-8 with a BOM, `delimiter` between fields, CRLF line ends,
    every field through `csv_field`."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([csv_field(h) for h in header])
    for row in rows:
        writer.writerow([csv_field(v, number) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
