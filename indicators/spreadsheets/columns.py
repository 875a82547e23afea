"""The spreadsheet format of actual values: column names, sheet titles, periods, and how a
header cell or a code written by hand is matched (`fold`, `header_key`).

Column names are part of the file format and stay Turkish."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

COL_TARGET = "Hedef"
COL_ORDER = "Sıra"
COL_CODE = "Gösterge Kodu"
COL_NAME = "Gösterge"
COL_UOM = "Ölçü Birimi"
COL_PLANNED = "Yıllık Hedef"
COL_PERIOD = "Dönem"
COL_VALUE = "Değer"
COL_EXPLANATION = "Açıklama"
COL_DEVIATION = "Sapma Nedeni"

COLUMNS = (
    COL_TARGET,
    COL_ORDER,
    COL_CODE,
    COL_NAME,
    COL_UOM,
    COL_PLANNED,
    COL_PERIOD,
    COL_VALUE,
    COL_EXPLANATION,
    COL_DEVIATION,
)
COL_HINT = "Ne Girilir"
"""The template's column saying what to enter per row (by measure, DESIGN.md §4): read back,
ignored."""
TEMPLATE_COLUMNS = (
    *COLUMNS[: COLUMNS.index(COL_VALUE)],
    COL_HINT,
    *COLUMNS[COLUMNS.index(COL_VALUE) :],
)
"""The columns of the downloaded template: `COLUMNS` with `COL_HINT` before `Değer`."""
INPUT_COLUMNS = (COL_VALUE, COL_EXPLANATION, COL_DEVIATION)
REQUIRED_COLUMNS = (COL_TARGET, COL_ORDER, COL_PERIOD, COL_VALUE)
NO_DATA_TEXT = "veri yok"
"""A `Değer` cell that reads this (folded by `fold`: any case, dotted İ or not) declares that
the unit cannot measure the indicator for the period; `Açıklama` then gives the reason."""
SHEET_TITLE = "Gerçekleşmeler"
INFO_SHEET_TITLE = "Bilgi"

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_label(year: int, half: int) -> str:
    return f"{year}-H{half}"


_PERIOD_RE = re.compile(
    r"^(\d{4})\s*(?:yili\s*)?[-/.]?\s*(h\s*[12]|[12]|ii|i)\s*\.?\s*"
    r"(?:donem|donemi|yari|yariyil|yariyili)?$"
)


def period_parse(text: str) -> tuple[int, int] | None:
    """ "2025-H1" → (2025, 1); also "2025 H1", "2025/h2", "2025-1", "2025H2", "2025.2",
    "2025-II", "2025 1. Dönem", "2025 Yılı 2. Yarı". None otherwise."""
    match = _PERIOD_RE.match(fold(text))
    if match is None:
        return None
    half = match.group(2).replace("h", "").strip()
    return int(match.group(1)), {"i": 1, "ii": 2}.get(half) or int(half)


_FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))


def fold(text: str) -> str:
    """A name or code for matching: trimmed, case and Turkish letters folded, no "*"."""
    text = unicodedata.normalize("NFC", str(text)).translate(_INVISIBLE)
    text = text.replace("İ", "i").replace("I", "ı")
    text = " ".join(text.lower().replace("*", " ").split())
    return text.translate(_FOLD)


_ALIASES = {
    "hedef kodu": COL_TARGET,
    "hedef no": COL_TARGET,
    "sira no": COL_ORDER,
    "sira numarasi": COL_ORDER,
    "gosterge sirasi": COL_ORDER,
    "gosterge adi": COL_NAME,
    "performans gostergesi": COL_NAME,
}
_KNOWN = {fold(name): name for name in TEMPLATE_COLUMNS} | _ALIASES


def header_key(text: Any) -> str | None:
    """The template column a header cell names, or None: "DEĞER (%)", " değer* ", "Sıra No."."""
    key = fold(str(text)).replace(":", " ")
    key = re.sub(r"\s*\([^)]*\)\s*$", "", key).strip(" .")
    return _KNOWN.get(" ".join(key.split()))


def loose_code(text: str) -> str:
    """A target code as people type it: "H 1.1", "h1,1", "Hedef 1.1" and "1.1" → "1.1"."""
    key = re.sub(r"\s+", "", fold(text)).replace(",", ".")
    return re.sub(r"^(hedef|h)", "", key)


def code_key(code: str) -> str:
    """An indicator code for comparison: "PG 1.1.1", "p.g.1.1.1" and "P.G. 1.1.1" agree."""
    return re.sub(r"[^0-9a-z]", "", fold(code))
