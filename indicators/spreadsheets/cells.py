"""Single cells: Excel errors, blank cells, text as read, and a cell shown as text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

from karsplan.lib.cells import unquote
from karsplan.lib.dates import format_date_tr, format_datetime_tr, format_time_tr


class CellError(str):
    """An Excel error shown in a cell (#DIV/0!, #REF!, or its Turkish name in a CSV)."""


_ERROR_CODES = {
    "#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA",
    "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!",
    # Turkish Excel shows (and saves to CSV) its own names:
    "#BOŞ!", "#SAYI/0!", "#DEĞER!", "#BAŞV!", "#AD?", "#SAYI!", "#YOK", "#TAŞMA!", "#HESAPLA!",
}  # fmt: skip


def is_error_text(text: str) -> bool:
    return text.strip().upper().replace("İ", "I") in _ERROR_CODES or text.strip() in _ERROR_CODES


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def cell_text(raw: Any) -> str | None:
    """A cell as text for a text column: dates as 31.12.2025, TRUE/FALSE as Excel shows them
    in Turkish, whole floats without ".0"; the "'" our exports put before a formula-like text
    removed (`karsplan.lib.cells.unquote`), so a downloaded template imports back as saved."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return _("TRUE") if raw else _("FALSE")
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time(0):
            return format_date_tr(raw)
        return format_datetime_tr(raw)
    if isinstance(raw, dt.date):
        return format_date_tr(raw)
    if isinstance(raw, dt.time):
        return format_time_tr(raw)
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)
    return unquote(str(raw)).strip()
