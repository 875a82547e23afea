"""Reading an uploaded .xlsx or CSV file: `sheet_read`, which tells the kinds of file apart.

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

import hashlib

from django.utils.translation import gettext as _

from indicators.spreadsheets import limits
from indicators.spreadsheets.issues import FileRejected, Issue, reject
from indicators.spreadsheets.reading_csv import read_csv
from indicators.spreadsheets.reading_xlsx import read_xlsx
from indicators.spreadsheets.table import Sheet
from karsplan.lib.numbers import format_megabytes

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def too_large(size: int) -> Issue:
    """The file is over `limits.MAX_BYTES` (checked here and, before reading, by the view)."""
    return Issue(
        _("The file is %(size)s MB; files up to 5 MB are accepted.")
        % {"size": format_megabytes(size)}
    )


def sheet_read(*, name: str, data: bytes) -> Sheet:
    """Read an uploaded .xlsx or CSV (see the module's docstring for what is accepted).

    Raises `FileRejected` with every problem that makes the file unusable: too big, empty,
    not xlsx/CSV or corrupt, a formula without a computed value, a missing or duplicated
    required column, no data rows. Unknown columns are ignored with a notice.
    """
    if len(data) > limits.MAX_BYTES:
        raise FileRejected([too_large(len(data))])
    if not data.strip():
        raise reject(_("The file is empty."))
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if data[:4] == b"PK\x03\x04":
        sheet = read_xlsx(name, data)
    elif data[:8] == _OLE:
        if _ENCRYPTED in data:
            raise reject(
                _(
                    "The workbook is protected with a password (encrypted), so it cannot be "
                    "read. In Excel, remove the password (File → Info → Protect Workbook → "
                    "Encrypt with Password, clear it), save and upload the file again."
                )
            )
        raise reject(
            _(
                "This is an old Excel file (.xls). Save it as an Excel workbook "
                "(.xlsx) or as CSV and upload it again."
            )
        )
    elif suffix in ("csv", "txt", "tsv"):
        sheet = read_csv(name, data)
    elif suffix in ("xlsx", "xlsm", "xls"):
        sheet = _read_misnamed(name, suffix, data)
    else:
        raise reject(_("Only Excel workbooks (.xlsx) and CSV files (.csv) can be imported."))
    sheet.sha256 = hashlib.sha256(data).hexdigest()
    return sheet


def _read_misnamed(name: str, suffix: str, data: bytes) -> Sheet:
    """A file named .xlsx/.xls that is not a workbook: an HTML or XML export, or a CSV."""
    start = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith((b"<!doctype html", b"<html", b"<table", b"<meta")) or b"<html" in start:
        raise reject(
            _(
                "The file is a web page (HTML) with an Excel file name, as some programs "
                "export tables. Open it in Excel, save it as an Excel workbook (.xlsx) and "
                "upload that file."
            )
        )
    if start.startswith(b"<?xml") or start.startswith(b"<"):
        raise reject(
            _(
                "The file is an XML spreadsheet (Excel 2003 XML), not an Excel workbook. Open "
                "it in Excel, save it as an Excel workbook (.xlsx) and upload that file."
            )
        )
    binary = any(b < 9 or 13 < b < 32 for b in data[:4096] if b != 0x1B)
    if binary and data[:2] not in (b"\xff\xfe", b"\xfe\xff"):
        if suffix == "xls":
            raise reject(
                _(
                    "This is an old Excel file (.xls). Save it as an Excel workbook "
                    "(.xlsx) or as CSV and upload it again."
                )
            )
        raise reject(_("The file is not a valid Excel workbook (.xlsx): it is corrupt."))
    sheet = read_csv(name, data)
    sheet.notices.insert(
        0,
        Issue(
            _("The file is named .%(suffix)s but holds CSV text: it was read as a CSV file.")
            % {"suffix": suffix}
        ),
    )
    return sheet
