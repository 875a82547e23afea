"""The spreadsheet format of actual values, and reading an uploaded .xlsx or CSV file."""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

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
INPUT_COLUMNS = (COL_VALUE, COL_EXPLANATION, COL_DEVIATION)
REQUIRED_COLUMNS = (COL_TARGET, COL_ORDER, COL_PERIOD, COL_VALUE)
SHEET_TITLE = "Gerçekleşmeler"
INFO_SHEET_TITLE = "Bilgi"

MAX_BYTES = 5 * 1024 * 1024
"""Uploads above 5 MB are refused."""
MAX_UNZIPPED_BYTES = 60 * 1024 * 1024
"""An .xlsx is a zip: refuse one that would inflate beyond this (a zip bomb)."""
MAX_ROWS = 20000
TEXT_MAX = 5000
VALUE_PLACES = 4
"""Actual.value keeps four decimals."""

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def period_label(year: int, half: int) -> str:
    return f"{year}-H{half}"


_PERIOD_RE = re.compile(r"^(\d{4})\s*[-/ ]?\s*H?\s*([12])$", re.IGNORECASE)


def period_parse(text: str) -> tuple[int, int] | None:
    """ "2025-H1" (also "2025 H1", "2025/H2", "2025-1", "2025H2") → (2025, 1); None otherwise."""
    match = _PERIOD_RE.match(text.strip())
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))


_FOLD = str.maketrans("çğıöşüâîû", "cgiosuaiu")


def fold(text: str) -> str:
    """A column name for matching: trimmed, case and Turkish letters folded, no "*"."""
    text = unicodedata.normalize("NFC", str(text)).replace("İ", "i").replace("I", "ı")
    text = " ".join(text.lower().replace("*", " ").split())
    return text.translate(_FOLD)


_KNOWN = {fold(name): name for name in COLUMNS}


# --- Issues -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Issue:
    """An error, warning or notice, with the row number and column it concerns (if any)."""

    message: str
    row: int | None = None
    column: str | None = None
    names_column: bool = False
    """The message already names the field (the entry rules' messages do)."""

    def __str__(self) -> str:
        if self.row is not None and self.column and not self.names_column:
            return _("Row %(row)s, %(column)s: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        if self.row is not None:
            return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}
        if self.column:
            return _("Column %(column)s: %(message)s") % {
                "column": self.column,
                "message": self.message,
            }
        return self.message


class FileRejected(Exception):
    """The file cannot be read at all (size, type, corrupt, formulas, columns, empty)."""

    def __init__(self, issues: list[Issue]) -> None:
        super().__init__("; ".join(str(i) for i in issues))
        self.issues = issues


# --- Reading a file ---------------------------------------------------------------------------


@dataclass
class Sheet:
    """A table read from an upload: known columns by name, rows with their number in the file.

    `rows` holds (row number, {column name: raw value}); blank rows are left out. Raw values
    are what the file holds (str, int, float, Decimal, datetime, bool or None).
    """

    name: str
    kind: str  # "xlsx" or "csv"
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    notices: list[Issue] = field(default_factory=list)
    sha256: str = ""


def sheet_read(*, name: str, data: bytes) -> Sheet:
    """Read an uploaded .xlsx or CSV (UTF-8 with or without BOM, comma or semicolon).

    Raises `FileRejected` with every problem that makes the file unusable: too big, empty,
    not xlsx/CSV or corrupt, a formula without a computed value, a missing or duplicated
    required column, no data rows. Unknown columns are ignored with a notice.
    """
    if len(data) > MAX_BYTES:
        raise FileRejected(
            [
                Issue(
                    _("The file is %(size)s MB; files up to 5 MB are accepted.")
                    % {"size": f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")}
                )
            ]
        )
    if not data.strip():
        raise FileRejected([Issue(_("The file is empty."))])
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if data[:4] == b"PK\x03\x04":
        sheet = _read_xlsx(name, data)
    elif data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise FileRejected(
            [
                Issue(
                    _(
                        "This is an old Excel file (.xls). Save it as an Excel workbook "
                        "(.xlsx) or as CSV and upload it again."
                    )
                )
            ]
        )
    elif suffix in ("xlsx", "xlsm"):
        raise FileRejected(
            [Issue(_("The file is not a valid Excel workbook (.xlsx): it is corrupt."))]
        )
    elif suffix in ("csv", "txt"):
        sheet = _read_csv(name, data)
    else:
        raise FileRejected(
            [Issue(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))]
        )
    sheet.sha256 = hashlib.sha256(data).hexdigest()
    return sheet


def _read_csv(name: str, data: bytes) -> Sheet:
    if b"\x00" in data:
        raise FileRejected(
            [Issue(_("The file is not a CSV text file. Upload an .xlsx or a UTF-8 CSV file."))]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileRejected(
            [
                Issue(
                    _(
                        'The CSV file is not UTF-8. Save it as "CSV UTF-8" in Excel '
                        "and upload it again."
                    )
                )
            ]
        )
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        raise FileRejected([Issue(_("The CSV file cannot be read: %(error)s") % {"error": exc})])
    return _table(name, "csv", [(n, list(row)) for n, row in records], formula_notices=[])


def _read_xlsx(name: str, data: bytes) -> Sheet:
    corrupt = FileRejected(
        [Issue(_("The file is not a valid Excel workbook (.xlsx): it is corrupt."))]
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise corrupt
            if "xl/workbook.xml" not in archive.namelist():
                raise FileRejected(
                    [Issue(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))]
                )
    except zipfile.BadZipFile:
        raise corrupt
    # 1. Formulas: cells with a formula, read without computed values.
    # 2. Values: the same workbook with each formula's value as Excel last computed it.
    try:
        formulas_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        values_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on damaged files
        raise corrupt
    try:
        formulas_ws = _data_sheet(formulas_wb)
        values_ws = _data_sheet(values_wb)
        formula_cells: set[tuple[int, int]] = set()
        for row in formulas_ws.iter_rows():
            for cell in row:
                if getattr(cell, "data_type", None) == "f":
                    formula_cells.add((cell.row, cell.column))
        records: list[tuple[int, list[Any]]] = []
        formulas: dict[tuple[int, int], bool] = {}
        for number, row in enumerate(values_ws.iter_rows(), start=1):
            if number > MAX_ROWS + 50:
                break
            values = []
            for col, cell in enumerate(row, start=1):
                value = getattr(cell, "value", None)
                if isinstance(value, int | float) and "%" in (
                    getattr(cell, "number_format", "") or ""
                ):
                    value = Decimal(repr(value)) * 100  # a cell shown as "45%" holds 0.45
                if (number, col) in formula_cells:
                    formulas[(number, col)] = value is not None
                values.append(value)
            records.append((number, values))
    except Exception:
        raise corrupt
    finally:
        formulas_wb.close()
        values_wb.close()
    return _table(name, "xlsx", records, formula_notices=formulas)


def _data_sheet(workbook: Any) -> Any:
    if SHEET_TITLE in workbook.sheetnames:
        return workbook[SHEET_TITLE]
    return workbook.worksheets[0]


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(
    name: str,
    kind: str,
    records: list[tuple[int, list[Any]]],
    formula_notices: dict[tuple[int, int], bool] | list,
) -> Sheet:
    """Find the header (the first non-blank row), map its columns, collect the data rows."""
    records = [(n, row) for n, row in records if not all(is_blank(v) for v in row)]
    if not records:
        raise FileRejected([Issue(_("The file is empty."))])
    header_number, header = records[0]
    issues: list[Issue] = []
    notices: list[Issue] = []
    index: dict[str, int] = {}
    for position, raw in enumerate(header):
        if is_blank(raw):
            continue
        known = _KNOWN.get(fold(str(raw)))
        if known is None:
            notices.append(
                Issue(
                    _('Unknown column "%(name)s" is ignored.') % {"name": str(raw).strip()},
                    column=get_column_letter(position + 1) if kind == "xlsx" else None,
                )
            )
        elif known in index:
            issues.append(Issue(_('The column "%(name)s" appears twice.') % {"name": known}))
        else:
            index[known] = position
    missing = [c for c in REQUIRED_COLUMNS if c not in index]
    if missing:
        issues.insert(
            0,
            Issue(
                _(
                    "Required columns are missing: %(columns)s. The first row must hold the "
                    "column names of the template (%(all)s)."
                )
                % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
            ),
        )
    if issues:
        raise FileRejected(issues)
    by_position = {position: column for column, position in index.items()}
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, raw in records[1:]:
        values = {column: raw[pos] if pos < len(raw) else None for column, pos in index.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append((number, values))
    if not rows:
        raise FileRejected(
            [Issue(_("The file has column names but no data rows: there is nothing to import."))]
        )
    if len(rows) > MAX_ROWS:
        raise FileRejected([Issue(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})])
    if isinstance(formula_notices, dict) and formula_notices:
        used = 0
        for (number, col), has_value in sorted(formula_notices.items()):
            column = by_position.get(col - 1)
            if column is None or number == header_number:
                continue
            if not has_value:
                issues.append(
                    Issue(
                        _(
                            "The cell holds a formula without a computed value. Open the file "
                            "in Excel and save it, or paste the values instead of the formula."
                        ),
                        row=number,
                        column=column,
                    )
                )
            else:
                used += 1
        if issues:
            raise FileRejected(issues)
        if used:
            notices.append(
                Issue(
                    _("%(count)s cells hold formulas: the values Excel computed were used.")
                    % {"count": used}
                )
            )
    return Sheet(name=name, kind=kind, columns=list(index), rows=rows, notices=notices)
