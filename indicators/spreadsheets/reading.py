"""The spreadsheet format of actual values, and reading an uploaded .xlsx or CSV file.

Reading is lenient where the meaning is plain and strict where it is not:

- the header is the first row (of the first 30 non-blank ones) that holds the required column
  names, matched without regard to case, spaces, Turkish letters, a `*`, `:` or a trailing
  "(…)"; rows above it (a title) are skipped with a notice;
- an .xlsx: the sheet `Gerçekleşmeler`, else the one sheet that holds the template's columns
  (several such sheets are refused); the sheet's stated size is not trusted (trailing formatted
  rows cost nothing); vertically merged key cells count for every row they cover; hidden rows
  are read, with a notice; error cells (#DIV/0!) are kept as `CellError`;
- a CSV: UTF-8 (with or without BOM), UTF-16 ("Unicode text"), else Turkish Windows-1254 /
  ISO-8859-9 or Mac Turkish when the text decodes to plausible Turkish (with a notice); `;`,
  `,` or tab separated (the one that yields the header), an Excel `sep=` line; row numbers are
  records, as Excel shows them;
- a file whose name says .xlsx but that is a CSV text is read as CSV (with a notice); an .xls
  (or password-protected workbook), .ods, .xlsb, HTML "Excel" export or Strict Open XML
  workbook is refused with a message that says what it is and how to save it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

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
MAX_COLUMNS = 200
"""Cells right of this column are not read."""
HEADER_SCAN_ROWS = 30
"""The header is looked for in this many non-blank rows at the top of a sheet."""
TEXT_MAX = 32767
"""The longest text an Excel cell holds; a longer CSV cell is refused (an unclosed quote)."""
VALUE_PLACES = 4
"""Actual.value keeps four decimals."""

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
_KNOWN = {fold(name): name for name in COLUMNS} | _ALIASES


def header_key(text: Any) -> str | None:
    """The template column a header cell names, or None: "DEĞER (%)", " değer* ", "Sıra No."."""
    key = fold(str(text)).replace(":", " ")
    key = re.sub(r"\s*\([^)]*\)\s*$", "", key).strip(" .")
    return _KNOWN.get(" ".join(key.split()))


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


def _reject(message: str) -> FileRejected:
    return FileRejected([Issue(message)])


# --- Reading a file ---------------------------------------------------------------------------


@dataclass
class Sheet:
    """A table read from an upload: known columns by name, rows with their number in the file.

    `rows` holds (row number, {column name: raw value}); blank rows are left out. Raw values
    are what the file holds (str, int, float, Decimal, datetime, bool, `CellError` or None).
    """

    name: str
    kind: str  # "xlsx" or "csv"
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    notices: list[Issue] = field(default_factory=list)
    sha256: str = ""
    errors: list[Issue] = field(default_factory=list)
    """Problems of single cells found while reading (merged value cells, runaway CSV quotes):
    the dry run reports them with the rows' own errors."""
    positions: dict[str, int] = field(default_factory=dict)
    """The position (0-based) of each known column in the file."""


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def sheet_read(*, name: str, data: bytes) -> Sheet:
    """Read an uploaded .xlsx or CSV (see the module's docstring for what is accepted).

    Raises `FileRejected` with every problem that makes the file unusable: too big, empty,
    not xlsx/CSV or corrupt, a formula without a computed value, a missing or duplicated
    required column, no data rows. Unknown columns are ignored with a notice.
    """
    if len(data) > MAX_BYTES:
        raise _reject(
            _("The file is %(size)s MB; files up to 5 MB are accepted.")
            % {"size": f"{len(data) / 1024 / 1024:.1f}".replace(".", ",")}
        )
    if not data.strip():
        raise _reject(_("The file is empty."))
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if data[:4] == b"PK\x03\x04":
        sheet = _read_xlsx(name, data)
    elif data[:8] == _OLE:
        if _ENCRYPTED in data:
            raise _reject(
                _(
                    "The workbook is protected with a password (encrypted), so it cannot be "
                    "read. In Excel, remove the password (File → Info → Protect Workbook → "
                    "Encrypt with Password, clear it), save and upload the file again."
                )
            )
        raise _reject(
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook "
                "(.xlsx) or as CSV and upload it again."
            )
        )
    elif suffix in ("csv", "txt", "tsv"):
        sheet = _read_csv(name, data)
    elif suffix in ("xlsx", "xlsm", "xls"):
        sheet = _read_misnamed(name, suffix, data)
    else:
        raise _reject(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
    sheet.sha256 = hashlib.sha256(data).hexdigest()
    return sheet


def _read_misnamed(name: str, suffix: str, data: bytes) -> Sheet:
    """A file named .xlsx/.xls that is not a workbook: an HTML or XML export, or a CSV."""
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in start:
        raise _reject(
            _(
                "The file is a web page (HTML) with an Excel file name, as some programs "
                "export tables. Open it in Excel, save it as an Excel workbook (.xlsx) and "
                "upload that file."
            )
        )
    if start.startswith(b"<?xml") or start.startswith(b"<"):
        raise _reject(
            _(
                "The file is an XML spreadsheet (Excel 2003 XML), not an Excel workbook. Open "
                "it in Excel, save it as an Excel workbook (.xlsx) and upload that file."
            )
        )
    binary = any(b < 9 or 13 < b < 32 for b in data[:4096] if b != 0x1B)
    if binary and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        if suffix == "xls":
            raise _reject(
                _(
                    "This is an old Excel file (.xls). Save it as an Excel workbook "
                    "(.xlsx) or as CSV and upload it again."
                )
            )
        raise _reject(_("The file is not a valid Excel workbook (.xlsx): it is corrupt."))
    sheet = _read_csv(name, data)
    sheet.notices.insert(
        0,
        Issue(
            _("The file is named .%(suffix)s but holds CSV text: it was read as a CSV file.")
            % {"suffix": suffix}
        ),
    )
    return sheet


# --- CSV --------------------------------------------------------------------------------------

_PLAUSIBLE = set("çğıöşüÇĞİÖŞÜâîûÂÎÛéÉ€‚„…‘’“”•–—™°²³½¼¾×÷±µ§·«»¢£¥©®\u00a0")
_LEGACY = (("cp1254", "Windows-1254 / ISO-8859-9"), ("mac_turkish", "Mac OS"))


_IMPLAUSIBLE = re.compile("[^\t\r\n -~" + re.escape("".join(sorted(_PLAUSIBLE))) + "]")


def _plausible(text: str) -> bool:
    """Text a Turkish office writes: ASCII, Turkish letters, common typographic signs."""
    return _IMPLAUSIBLE.search(text) is None


def _decode(data: bytes) -> tuple[str, Issue | None]:
    """The text of a CSV and, if it was not UTF-8, a notice naming the encoding used."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        try:
            return data.decode("utf-8-sig"), None
        except UnicodeDecodeError:
            pass
        for encoding, label in _LEGACY:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if _plausible(text):
                return text, Issue(
                    _(
                        "The CSV file is not UTF-8: it was read in the Turkish %(encoding)s "
                        'encoding, in which Excel saves a plain "CSV". Check that the Turkish '
                        "letters look right in the preview."
                    )
                    % {"encoding": label}
                )
        raise _reject(
            _(
                "The CSV file's character encoding cannot be recognised: it is neither "
                "UTF-8 nor Turkish Windows-1254 (ISO-8859-9), or it mixes encodings. In Excel "
                'choose Save As → "CSV UTF-8 (Comma delimited)" and upload that file.'
            )
        )
    raise _reject(_("The file is not a CSV text file. Upload an .xlsx or a UTF-8 CSV file."))


_SEP_LINE = re.compile(r'^\s*"?sep=(.)"?\s*$', re.IGNORECASE)


def _csv_records(text: str, delimiter: str, limit: int | None = None) -> list[tuple[int, list]]:
    """Records numbered as Excel shows them (a quoted cell may span several lines)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[tuple[int, list]] = []
    try:
        for number, row in enumerate(reader, start=1):
            records.append((number, row))
            if limit is not None and number >= limit:
                break
    except csv.Error:
        raise _reject(
            _(
                "The CSV file cannot be read from row %(row)s on: a cell is too long or a "
                'quotation mark (") is not closed. Check that row in a text editor.'
            )
            % {"row": len(records) + 1}
        )
    return records


def _read_csv(name: str, data: bytes) -> Sheet:
    text, notice = _decode(data)
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    sep = _SEP_LINE.match(first)
    if sep:
        # Excel's own hint line: it is not shown as a row when Excel opens the file.
        text = text[text.find(first) + len(first) :].removeprefix("\r").removeprefix("\n")
        delimiter = sep.group(1)
    else:
        counts = {d: first.count(d) for d in (";", ",", "\t")}
        candidates = sorted(counts, key=lambda d: -counts[d])
        delimiter = candidates[0]
        for candidate in candidates:
            head = [(n, r) for n, r in _csv_records(text, candidate, limit=200) if r]
            if _find_header(head) is not None:
                delimiter = candidate
                break
    records = _csv_records(text, delimiter)
    problems: list[tuple[int, int, str]] = []
    cleaned: list[tuple[int, list]] = []
    for number, row in records:
        values: list[Any] = []
        for position, raw in enumerate(row[:MAX_COLUMNS]):
            value: Any = _clean_text(raw)
            if value and is_error_text(value):
                value = CellError(value.strip())
            elif len(value) > TEXT_MAX or _swallowed_rows(value, delimiter):
                problems.append(
                    (
                        number,
                        position,
                        _(
                            "The cell holds %(count)s characters over several lines of the "
                            'file: a quotation mark (") is probably not closed. Check the row '
                            "in a text editor."
                        )
                        % {"count": len(value)},
                    )
                )
            values.append(value)
        cleaned.append((number, values))
    sheet = _table(name, "csv", cleaned, cell_problems=problems)
    if notice is not None:
        sheet.notices.insert(0, notice)
    return sheet


def _swallowed_rows(value: str, delimiter: str) -> bool:
    """A cell whose later lines look like rows of the file (an unclosed quotation mark);
    a multi-line explanation with a separator or two in it is fine."""
    return any(line.count(delimiter) >= 3 for line in value.split("\n")[1:])


def _clean_text(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


# --- xlsx -------------------------------------------------------------------------------------


@dataclass
class _SheetFacts:
    """What a quick scan of a worksheet's XML tells, without openpyxl's cell objects."""

    last_row: int | None = 0
    """The last row holding a value or formula (None: unknown, read everything)."""
    formulas: bool = False
    hidden: list[int] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)


_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|v|f|is|mergeCell)(?=[\s>/])([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_REF = re.compile(rb'\sref="([A-Za-z]+\d+:[A-Za-z]+\d+)"')


def _scan(stream: Any) -> _SheetFacts:
    """Find the last row with a value, formulas, hidden rows and merged ranges, reading the
    XML as bytes (a million formatted empty rows take a second, not minutes)."""
    facts = _SheetFacts()
    row = 0
    numbered = True
    tail = b""
    while True:
        chunk = stream.read(1 << 20)
        if not chunk:
            break
        chunk = tail + chunk
        cut = chunk.rfind(b">") + 1
        chunk, tail = chunk[:cut], chunk[cut:]
        for match in _TOKEN.finditer(chunk):
            tag, attrs = match.group(1), match.group(2)
            if tag == b"row":
                number = _ROW_NUMBER.search(attrs)
                if number:
                    row = int(number.group(1))
                else:
                    row += 1
                    numbered = False
                if b"hidden" in attrs and _HIDDEN.search(attrs) and len(facts.hidden) < 1000:
                    facts.hidden.append(row)
            elif tag == b"mergeCell":
                ref = _REF.search(attrs)
                if ref and len(facts.merges) < 5000:
                    facts.merges.append(ref.group(1).decode())
            elif tag == b"f":
                facts.formulas = True
                facts.last_row = row
            elif not attrs.endswith(b"/"):
                facts.last_row = row
    if not numbered:
        facts.last_row = None  # rows without numbers: trust openpyxl's counting only
    return facts


def _read_xlsx(name: str, data: bytes) -> Sheet:
    corrupt = _reject(_("The file is not a valid Excel workbook (.xlsx): it is corrupt."))
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype")[:80] if "mimetype" in names else b""
            workbook_xml = (
                archive.read("xl/workbook.xml")[:4096] if ("xl/workbook.xml" in names) else b""
            )
    except (zipfile.BadZipFile, OSError, KeyError, RuntimeError, NotImplementedError):
        raise corrupt
    if mimetype.startswith(b"application/vnd.oasis.opendocument"):
        raise _reject(
            _(
                "This is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice). "
                'Save it with "Save As" as an Excel workbook (.xlsx) and upload that file.'
            )
        )
    if "xl/workbook.bin" in names:
        raise _reject(
            _(
                "This is an Excel binary workbook (.xlsb). Save it as an Excel workbook "
                "(.xlsx) and upload that file."
            )
        )
    if not workbook_xml:
        raise _reject(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
    if unzipped > MAX_UNZIPPED_BYTES:
        raise _reject(
            _(
                "The workbook is too large once unpacked (%(size)s MB; at most %(max)s MB), "
                "usually because of formatting applied to whole columns or rows. Copy the rows "
                "to a new workbook, or save the sheet as CSV, and upload that file."
            )
            % {"size": unzipped // (1024 * 1024), "max": MAX_UNZIPPED_BYTES // (1024 * 1024)}
        )
    if b"purl.oclc.org/ooxml/spreadsheetml" in workbook_xml:
        raise _reject(
            _(
                'The workbook is saved as "Strict Open XML Spreadsheet". Save it as a normal '
                "Excel workbook (.xlsx) and upload that file."
            )
        )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about every extension it drops
        try:
            return _read_workbook(name, _with_dimensions(data))
        except FileRejected:
            raise
        except Exception:  # openpyxl raises many kinds on damaged files
            raise corrupt


_ROOT = re.compile(rb"<((?:[\w.-]+:)?)worksheet\b[^>]*>")


def _with_dimensions(data: bytes) -> bytes:
    """Give a large worksheet without a `<dimension>` one: openpyxl would otherwise parse the
    whole sheet just to open the workbook (seconds for a sheet of formatted empty rows). The
    size is not used (the sheets' dimensions are reset), only its presence."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        lacking = set()
        for info in archive.infolist():
            if not info.filename.startswith("xl/worksheets/") or info.file_size < 1 << 21:
                continue
            with archive.open(info) as stream:
                if b"dimension" not in stream.read(1 << 16):
                    lacking.add(info.filename)
        if not lacking:
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as patched:
            for info in archive.infolist():
                content = archive.read(info.filename)
                if info.filename in lacking:
                    root = _ROOT.search(content, 0, 1 << 16)
                    if root is not None:
                        tag = b"<" + root.group(1) + b'dimension ref="A1"/>'
                        content = content[: root.end()] + tag + content[root.end() :]
                patched.writestr(info, content)
    return out.getvalue()


def _read_workbook(name: str, data: bytes) -> Sheet:
    values_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws, notices, width = _data_sheet(values_wb)
        path = str(getattr(ws, "_worksheet_path", "") or "").lstrip("/")  # openpyxl's name
        facts = _SheetFacts(last_row=None)  # unknown: read up to the row limit
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if path in archive.namelist():
                with archive.open(path) as stream:
                    facts = _scan(stream)
        if facts.last_row == 0:
            raise _reject(_("The file is empty."))
        if facts.last_row is not None and facts.last_row > MAX_ROWS + HEADER_SCAN_ROWS:
            raise _reject(
                _(
                    "The sheet has values down to row %(row)s; at most %(max)s rows are read. "
                    "Delete the rows below the data (or split the file) and upload it again."
                )
                % {"row": facts.last_row, "max": MAX_ROWS}
            )
        limit = facts.last_row or MAX_ROWS + HEADER_SCAN_ROWS + 1
        records: list[tuple[int, list[Any]]] = []
        for number, row in enumerate(
            ws.iter_rows(min_row=1, min_col=1, max_row=limit, max_col=width), start=1
        ):
            records.append((number, [_cell_value(cell) for cell in row]))
        if (
            facts.last_row is None
            and len(records) >= limit
            and any(not is_blank(v) for v in records[-1][1])
        ):
            raise _reject(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
        formulas: dict[tuple[int, int], bool] = {}
        if facts.formulas:
            values = {(n, c): v for n, row in records for c, v in enumerate(row, start=1)}
            formulas_wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
            try:
                fws = formulas_wb[ws.title]
                fws.reset_dimensions()
                for row in fws.iter_rows(min_row=1, min_col=1, max_row=limit, max_col=width):
                    for cell in row:
                        if getattr(cell, "data_type", None) == "f":
                            key = (cell.row, cell.column)
                            formulas[key] = not is_blank(values.get(key))
            finally:
                formulas_wb.close()
    finally:
        values_wb.close()
    sheet = _table(name, "xlsx", records, formulas=formulas, facts=facts, title=ws.title)
    sheet.notices[:0] = notices
    return sheet


def _cell_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "e":
        return CellError(str(value))
    if isinstance(value, str):
        return _clean_text(value)
    percent = "%" in (getattr(cell, "number_format", "") or "")
    if percent and isinstance(value, int | float) and not isinstance(value, bool):
        return Decimal(repr(value)) * 100  # a cell shown as "45%" holds 0.45
    return value


def _data_sheet(workbook: Any) -> tuple[Any, list[Issue], int]:
    """The worksheet to read, notices about the choice, and how many columns to read:
    `Gerçekleşmeler` if it holds the columns, else the only visible sheet that does; several
    such sheets are refused."""
    sheets = list(workbook.worksheets)
    if not sheets:
        raise _reject(_("The file is empty."))
    for ws in sheets:
        ws.reset_dimensions()  # the size a file states is often wrong; read what is there
    named = [ws for ws in sheets if fold(ws.title) == fold(SHEET_TITLE)]
    if named and (width := _header_width(named[0])):
        return named[0], [], width
    visible = [ws for ws in sheets if getattr(ws, "sheet_state", "visible") == "visible"]
    found = [(ws, width) for ws in visible if (width := _header_width(ws))]
    if len(found) == 1:
        chosen, width = found[0]
        info = fold(INFO_SHEET_TITLE)
        others = [ws for ws in sheets if ws is not chosen and fold(ws.title) != info]
        notices = []
        if others:
            notices.append(
                Issue(
                    _('The sheet "%(sheet)s" was read; the other sheets were ignored.')
                    % {"sheet": chosen.title}
                )
            )
        return chosen, notices, width
    if len(found) > 1:
        raise _reject(
            _(
                "Several sheets hold the template's columns (%(sheets)s). Put all rows on one "
                'sheet, or name the sheet to import "%(title)s".'
            )
            % {"sheets": ", ".join(f'"{ws.title}"' for ws, _w in found), "title": SHEET_TITLE}
        )
    hidden = [ws for ws in sheets if ws not in visible and _header_width(ws)]
    if hidden:
        raise _reject(
            _(
                'Only the hidden sheet "%(sheet)s" holds the template\'s columns. Unhide it '
                "(right-click a sheet tab → Unhide) if it is the one to import, and upload the "
                "file again."
            )
            % {"sheet": hidden[0].title}
        )
    return (named or visible or sheets)[0], [], MAX_COLUMNS


def _header_width(ws: Any) -> int:
    """How many columns to read for the sheet's header (0: no header in the first rows)."""
    records = []
    for number, row in enumerate(
        ws.iter_rows(min_row=1, min_col=1, max_row=HEADER_SCAN_ROWS * 2, max_col=MAX_COLUMNS),
        start=1,
    ):
        values = [_cell_value(cell) for cell in row]
        if not all(is_blank(v) for v in values):
            records.append((number, values))
    found = _find_header(records)
    if found is None:
        return 0
    header = records[found][1]
    return max(i for i, v in enumerate(header) if not is_blank(v)) + 1


# --- The table --------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _header_map(row: list[Any]) -> tuple[dict[str, int], list[tuple[int, str]], list[str]]:
    """Known columns by position, unknown header cells, names given twice."""
    index: dict[str, int] = {}
    unknown: list[tuple[int, str]] = []
    twice: list[str] = []
    for position, raw in enumerate(row):
        if is_blank(raw) or isinstance(raw, CellError):
            continue
        known = header_key(raw)
        if known is None:
            unknown.append((position, " ".join(str(raw).split())))
        elif known in index:
            twice.append(known)
        else:
            index[known] = position
    return index, unknown, twice


def _find_header(records: list[tuple[int, list[Any]]]) -> int | None:
    """The position in `records` (non-blank rows) of the first one with every required column."""
    for i, (_number, row) in enumerate(records[:HEADER_SCAN_ROWS]):
        index, _unknown, _twice = _header_map(row)
        if all(c in index for c in REQUIRED_COLUMNS):
            return i
    return None


def _rows_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:10])
    return shown + (" …" if len(numbers) > 10 else "")


def _table(
    name: str,
    kind: str,
    records: list[tuple[int, list[Any]]],
    formulas: dict[tuple[int, int], bool] | None = None,
    facts: _SheetFacts | None = None,
    title: str | None = None,
    cell_problems: list[tuple[int, int, str]] = (),
) -> Sheet:
    """Find the header, map its columns, collect the data rows."""
    records = [(n, row) for n, row in records if not all(is_blank(v) for v in row)]
    if not records:
        raise _reject(_("The file is empty."))
    found = _find_header(records)
    notices: list[Issue] = []
    if found is None:
        best = max(records[:HEADER_SCAN_ROWS], key=lambda r: len(_header_map(r[1])[0]))
        index = _header_map(best[1])[0]
        missing = [c for c in REQUIRED_COLUMNS if c not in index]
        message = _(
            "Required columns are missing: %(columns)s. A row at the top of the sheet must "
            "hold the column names of the template (%(all)s)."
        ) % {"columns": ", ".join(missing), "all": ", ".join(COLUMNS)}
        if title is not None:
            message += " " + _('(Sheet "%(sheet)s" was read.)') % {"sheet": title}
        raise _reject(message)
    header_number, header = records[found]
    if found:
        notices.append(
            Issue(
                _("Rows above the column names were skipped: %(rows)s.")
                % {"rows": _rows_text([n for n, _r in records[:found]])}
            )
        )
    index, unknown, twice = _header_map(header)
    if twice:
        raise FileRejected(
            [Issue(_('The column "%(name)s" appears twice.') % {"name": c}) for c in twice]
        )
    for position, raw in unknown:
        notices.append(
            Issue(
                _('Unknown column "%(name)s" is ignored.') % {"name": raw},
                column=get_column_letter(position + 1) if kind == "xlsx" else None,
            )
        )
    by_position = {position: column for column, position in index.items()}
    errors = [
        Issue(message, row=number, column=by_position[position])
        for number, position, message in cell_problems
        if position in by_position and number > header_number
    ]
    body = records[found + 1 :]
    if facts is not None and facts.merges:
        body = _unmerge(body, facts.merges, index, header_number, errors, notices)
    rows: list[tuple[int, dict[str, Any]]] = []
    for number, raw in body:
        values = {column: raw[pos] if pos < len(raw) else None for column, pos in index.items()}
        if all(is_blank(v) for v in values.values()):
            continue
        rows.append((number, values))
    if not rows:
        raise _reject(_("The file has column names but no data rows: there is nothing to import."))
    if len(rows) > MAX_ROWS:
        raise _reject(_("The file has more than %(max)s rows.") % {"max": MAX_ROWS})
    if formulas:
        data_rows = {n for n, _v in rows}
        used = 0
        problems = []
        for (number, col), has_value in sorted(formulas.items()):
            column = by_position.get(col - 1)
            if column is None or number not in data_rows:
                continue
            if not has_value:
                problems.append(
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
        if problems:
            raise FileRejected(problems)
        if used:
            notices.append(
                Issue(
                    _("%(count)s cells hold formulas: the values Excel computed were used.")
                    % {"count": used}
                )
            )
    if facts is not None and facts.hidden:
        data_rows = {n for n, _v in rows}
        hidden = [n for n in facts.hidden if n in data_rows]
        if hidden:
            notices.append(
                Issue(
                    _(
                        "Rows hidden in Excel were read too: %(rows)s. Delete the rows you do "
                        "not want to import."
                    )
                    % {"rows": _rows_text(hidden)}
                )
            )
    return Sheet(
        name=name,
        kind=kind,
        columns=list(index),
        rows=rows,
        notices=notices,
        errors=errors,
        positions=index,
    )


_FILLED = (COL_TARGET, COL_ORDER, COL_CODE, COL_NAME, COL_UOM, COL_PLANNED, COL_PERIOD)
_SHARED_TEXT = (COL_EXPLANATION, COL_DEVIATION)


def _unmerge(
    body: list[tuple[int, list[Any]]],
    merges: list[str],
    index: dict[str, int],
    header_number: int,
    errors: list[Issue],
    notices: list[Issue],
) -> list[tuple[int, list[Any]]]:
    """Vertically merged cells: a key or text cell holds for every row it covers (as Excel
    shows it); a merged `Değer` is refused (whose value would it be?)."""
    by_position = {position: column for column, position in index.items()}
    rows = {number: list(raw) for number, raw in body}
    filled: list[str] = []
    for ref in merges:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if max_row <= min_row or min_row <= header_number:
            continue
        column = by_position.get(min_col - 1)
        if column is None:
            continue
        if column == COL_VALUE:
            errors.append(
                Issue(
                    _(
                        "The cells %(range)s are merged, so several rows share one value. "
                        "Unmerge them and write each row's value."
                    )
                    % {"range": ref},
                    row=min_row,
                    column=column,
                )
            )
            continue
        if column not in _FILLED + _SHARED_TEXT:
            continue
        top = rows.get(min_row)
        value = top[min_col - 1] if top is not None and min_col - 1 < len(top) else None
        for number in range(min_row + 1, max_row + 1):
            row = rows.get(number)
            if row is None:
                continue
            while len(row) < min_col:
                row.append(None)
            if is_blank(row[min_col - 1]):
                row[min_col - 1] = value
        filled.append(ref)
    if filled:
        notices.append(
            Issue(
                _("Merged cells (%(ranges)s) were read as if each row they cover held the value.")
                % {"ranges": ", ".join(filled[:10]) + (" …" if len(filled) > 10 else "")}
            )
        )
    return [(number, rows[number]) for number, _raw in body]


def cell_text(raw: Any) -> str | None:
    """A cell as text for a text column: dates as 31.12.2025, TRUE/FALSE as Excel shows them
    in Turkish, whole floats without ".0"."""
    if is_blank(raw):
        return None
    if isinstance(raw, bool):
        return _("TRUE") if raw else _("FALSE")
    if isinstance(raw, dt.datetime):
        if raw.time() == dt.time(0):
            return raw.strftime("%d.%m.%Y")
        return raw.strftime("%d.%m.%Y %H:%M")
    if isinstance(raw, dt.date):
        return raw.strftime("%d.%m.%Y")
    if isinstance(raw, dt.time):
        return raw.strftime("%H:%M")
    if isinstance(raw, float) and raw == int(raw):
        raw = int(raw)
    return str(raw).strip()
