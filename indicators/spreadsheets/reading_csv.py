"""Reading a CSV upload: the encoding (UTF-8, UTF-16, Turkish Windows-1254 / ISO-8859-9 or
Mac Turkish), the separator (`;`, `,`, tab or an Excel `sep=` line) and the records."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from django.utils.translation import gettext as _

from indicators.spreadsheets import limits
from indicators.spreadsheets.cells import CellError, clean_text, is_error_text
from indicators.spreadsheets.issues import Issue, reject
from indicators.spreadsheets.table import Sheet, find_header, sheet_from_records

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
        raise reject(
            _(
                "The CSV file's character encoding cannot be recognised: it is neither "
                "UTF-8 nor Turkish Windows-1254 (ISO-8859-9), or it mixes encodings. In Excel "
                'choose Save As → "CSV UTF-8 (Comma delimited)" and upload that file.'
            )
        )
    raise reject(_("The file is not a CSV text file. Upload an .xlsx or a UTF-8 CSV file."))


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
        raise reject(
            _(
                "The CSV file cannot be read from row %(row)s on: a cell is too long or a "
                'quotation mark (") is not closed. Check that row in a text editor.'
            )
            % {"row": len(records) + 1}
        )
    return records


def read_csv(name: str, data: bytes) -> Sheet:
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
            if find_header(head) is not None:
                delimiter = candidate
                break
    records = _csv_records(text, delimiter)
    problems: list[tuple[int, int, str]] = []
    cleaned: list[tuple[int, list]] = []
    for number, row in records:
        values: list[Any] = []
        for position, raw in enumerate(row[: limits.MAX_COLUMNS]):
            value: Any = clean_text(raw)
            if value and is_error_text(value):
                value = CellError(value.strip())
            elif len(value) > limits.TEXT_MAX or _swallowed_rows(value, delimiter):
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
    sheet = sheet_from_records(name, "csv", cleaned, cell_problems=problems)
    if notice is not None:
        sheet.notices.insert(0, notice)
    return sheet


def _swallowed_rows(value: str, delimiter: str) -> bool:
    """A cell whose later lines look like rows of the file (an unclosed quotation mark);
    a multi-line explanation with a separator or two in it is fine."""
    return any(line.count(delimiter) >= 3 for line in value.split("\n")[1:])
