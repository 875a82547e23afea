"""Which kind of file an upload is (indicators.spreadsheets.reading): files that are not
what their name says are read as what they are, or refused saying what they are.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from tests.indicators.spreadsheet_support import (
    csv_bytes,
    notices,
    refused,
    row,
    run_import,
    saved,
    saved_values,
    zipped,
)


def test_an_xlsx_that_is_really_a_csv_is_read_as_csv(plan, staff_user):
    data = csv_bytes([row(value="12,5")], delimiter=";", bom=True)
    preview = run_import(plan, staff_user, "rapor.xlsx", data)
    assert "Dosyanın uzantısı .xlsx ama içinde CSV metni var" in notices(preview)
    assert saved_values() == {1: Decimal("12.5")}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (
            "rapor.xls",
            b"<html><body><table><tr><td>Hedef</td></tr></table></body></html>",
            "Dosya, Excel dosya adı taşıyan bir web sayfası (HTML)",
        ),
        (
            "sifreli.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
            + b"\x00" * 500
            + "EncryptedPackage".encode("utf-16-le")
            + b"\x00" * 500,
            "Çalışma kitabı parolayla korunuyor (şifreli)",
        ),
        (
            "tablo.ods",
            zipped(
                {
                    "mimetype": "application/vnd.oasis.opendocument.spreadsheet",
                    "content.xml": "<x/>",
                }
            ),
            "Bu bir OpenDocument tablosu (.ods",
        ),
        (
            "ikili.xlsb",
            zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.bin": b"\x00\x01"}),
            "Bu bir Excel ikili çalışma kitabı (.xlsb)",
        ),
        (
            "katı.xlsx",
            zipped(
                {
                    "[Content_Types].xml": "<Types/>",
                    "xl/workbook.xml": '<workbook xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main"/>',
                }
            ),
            "Katı Open XML Elektronik Tablosu",
        ),
        ("bos.xlsx", saved(Workbook()), "Dosya boş."),
        (
            "eski.xls",
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
            b'spreadsheet"/>',
            "Dosya bir XML tablosu (Excel 2003 XML)",
        ),
    ],
    ids=["html as xls", "password", "ods", "xlsb", "strict open xml", "empty sheet", "xml 2003"],
)
def test_files_of_another_kind_are_refused_saying_what_they_are(
    plan, staff_user, name, data, message
):
    assert message in refused(plan, staff_user, name, data)
