"""Reading an .xlsx upload: the archive's checks (zip bomb, .ods, .xlsb, Strict Open XML),
a quick scan of the sheet's XML, the choice of the sheet, formulas and their values."""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import load_workbook

from indicators.spreadsheets import limits
from indicators.spreadsheets.cells import CellError, clean_text, is_blank
from indicators.spreadsheets.columns import INFO_SHEET_TITLE, SHEET_TITLE, fold
from indicators.spreadsheets.issues import FileRejected, Issue, reject
from indicators.spreadsheets.table import Sheet, SheetFacts, find_header, sheet_from_records

_TOKEN = re.compile(rb"<(?:[\w.-]+:)?(row|v|f|is|mergeCell)(?=[\s>/])([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_HIDDEN = re.compile(rb'\shidden="(?:1|true)"')
_REF = re.compile(rb'\sref="([A-Za-z]+\d+:[A-Za-z]+\d+)"')


def _scan(stream: Any) -> SheetFacts:
    """Find the last row with a value, formulas, hidden rows and merged ranges, reading the
    XML as bytes (a million formatted empty rows take a second, not minutes)."""
    facts = SheetFacts()
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


def read_xlsx(name: str, data: bytes) -> Sheet:
    corrupt = reject(_("The file is not a valid Excel workbook (.xlsx): it is corrupt."))
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
        raise reject(
            _(
                "This is an OpenDocument spreadsheet (.ods, from LibreOffice or OpenOffice). "
                'Save it with "Save As" as an Excel workbook (.xlsx) and upload that file.'
            )
        )
    if "xl/workbook.bin" in names:
        raise reject(
            _(
                "This is an Excel binary workbook (.xlsb). Save it as an Excel workbook "
                "(.xlsx) and upload that file."
            )
        )
    if not workbook_xml:
        raise reject(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
    if unzipped > limits.MAX_UNZIPPED_BYTES:
        raise reject(
            _(
                "The workbook is too large once unpacked (%(size)s MB; at most %(max)s MB), "
                "usually because of formatting applied to whole columns or rows. Copy the rows "
                "to a new workbook, or save the sheet as CSV, and upload that file."
            )
            % {"size": unzipped // (1024 * 1024), "max": limits.MAX_UNZIPPED_BYTES // (1024 * 1024)}
        )
    if b"purl.oclc.org/ooxml/spreadsheetml" in workbook_xml:
        raise reject(
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
        facts = SheetFacts(last_row=None)  # unknown: read up to the row limit
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if path in archive.namelist():
                with archive.open(path) as stream:
                    facts = _scan(stream)
        if facts.last_row == 0:
            raise reject(_("The file is empty."))
        most = limits.MAX_ROWS + limits.HEADER_SCAN_ROWS
        if facts.last_row is not None and facts.last_row > most:
            raise reject(
                _(
                    "The sheet has values down to row %(row)s; at most %(max)s rows are read. "
                    "Delete the rows below the data (or split the file) and upload it again."
                )
                % {"row": facts.last_row, "max": limits.MAX_ROWS}
            )
        limit = facts.last_row or limits.MAX_ROWS + limits.HEADER_SCAN_ROWS + 1
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
            raise reject(_("The file has more than %(max)s rows.") % {"max": limits.MAX_ROWS})
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
    sheet = sheet_from_records(
        name, "xlsx", records, formulas=formulas, facts=facts, title=ws.title
    )
    sheet.notices[:0] = notices
    return sheet


def _cell_value(cell: Any) -> Any:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if getattr(cell, "data_type", None) == "e":
        return CellError(str(value))
    if isinstance(value, str):
        return clean_text(value)
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
        raise reject(_("The file is empty."))
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
        raise reject(
            _(
                "Several sheets hold the template's columns (%(sheets)s). Put all rows on one "
                'sheet, or name the sheet to import "%(title)s".'
            )
            % {"sheets": ", ".join(f'"{ws.title}"' for ws, _w in found), "title": SHEET_TITLE}
        )
    hidden = [ws for ws in sheets if ws not in visible and _header_width(ws)]
    if hidden:
        raise reject(
            _(
                'Only the hidden sheet "%(sheet)s" holds the template\'s columns. Unhide it '
                "(right-click a sheet tab → Unhide) if it is the one to import, and upload the "
                "file again."
            )
            % {"sheet": hidden[0].title}
        )
    return (named or visible or sheets)[0], [], limits.MAX_COLUMNS


def _header_width(ws: Any) -> int:
    """How many columns to read for the sheet's header (0: no header in the first rows)."""
    records = []
    for number, row in enumerate(
        ws.iter_rows(
            min_row=1, min_col=1, max_row=limits.HEADER_SCAN_ROWS * 2, max_col=limits.MAX_COLUMNS
        ),
        start=1,
    ):
        values = [_cell_value(cell) for cell in row]
        if not all(is_blank(v) for v in values):
            records.append((number, values))
    found = find_header(records)
    if found is None:
        return 0
    header = records[found][1]
    return max(i for i, v in enumerate(header) if not is_blank(v)) + 1
