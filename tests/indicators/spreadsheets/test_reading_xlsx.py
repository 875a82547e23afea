"""Reading an .xlsx (indicators.spreadsheets.reading_xlsx): the choice of the sheet, a
percent format, the sheet's XML scanned quickly (trailing formatted rows, values far
below), a zip bomb.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from indicators import spreadsheets as ss
from indicators.models import Actual
from indicators.spreadsheets import limits
from tests.indicators.spreadsheet_support import (
    HEADER,
    notices,
    patched_sheet,
    refused,
    row,
    run_import,
    saved,
    saved_values,
    workbook,
    xlsx,
)


def test_a_percent_formatted_cell_is_read_as_shown(plan, staff_user):
    wb = load_workbook(io.BytesIO(xlsx([row(value=0.455)])))
    wb.active["H2"].number_format = "0.0%"
    out = io.BytesIO()
    wb.save(out)
    run_import(plan, staff_user, "x.xlsx", out.getvalue())
    assert Actual.objects.get().value == Decimal("45.5")


# --- Sheets -----------------------------------------------------------------------------------


def test_the_data_sheet_is_found_when_it_is_not_the_first(plan, staff_user):
    wb = Workbook()
    wb.active.title = "Açıklamalar"
    wb.active.append(["Bu dosya Birim 1 içindir."])
    data_ws = wb.create_sheet("Veri")
    data_ws.append(HEADER)
    data_ws.append(row(value=10))
    preview = run_import(plan, staff_user, "x.xlsx", saved(wb))
    assert '"Veri" sayfası okundu; diğer sayfalar yok sayıldı.' in notices(preview)
    assert saved_values() == {1: Decimal(10)}


def test_two_sheets_with_the_columns_are_refused_unless_one_is_named(plan, staff_user):
    wb = Workbook()
    wb.active.title = "2025-H1"
    wb.active.append(HEADER)
    wb.active.append(row(value=10))
    second = wb.create_sheet("Kopya")
    second.append(HEADER)
    second.append(row(value=20))
    assert 'Birden çok sayfada şablonun sütunları var ("2025-H1", "Kopya").' in refused(
        plan, staff_user, "x.xlsx", saved(wb)
    )
    wb.active.title = ss.SHEET_TITLE
    run_import(plan, staff_user, "x.xlsx", saved(wb))
    assert saved_values() == {1: Decimal(10)}


def test_a_data_sheet_that_is_hidden_is_not_read_silently(plan, staff_user):
    wb = Workbook()
    wb.active.title = "Kapak"
    wb.active.append(["Birim 1 – 2025"])
    hidden = wb.create_sheet("Veri")
    hidden.append(HEADER)
    hidden.append(row(value=10))
    hidden.sheet_state = "hidden"
    assert 'Şablonun sütunları yalnızca gizli "Veri" sayfasında var.' in refused(
        plan, staff_user, "x.xlsx", saved(wb)
    )


# --- Size -------------------------------------------------------------------------------------


def test_trailing_formatted_rows_and_a_wrong_stated_size_do_not_matter(plan, staff_user):
    data = xlsx([row(value=10), row(order=2, value=11)])
    rows = b"".join(
        b'<row r="%d" s="1" customFormat="1"><c r="H%d" s="1"/></row>' % (n, n)
        for n in range(4, 5000)
    )

    def change(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"\s*/>', b'<dimension ref="A1"/>', xml)
        return xml.replace(b"</sheetData>", rows + b"</sheetData>")

    preview = run_import(plan, staff_user, "x.xlsx", patched_sheet(data, change))
    assert [r.row for r in preview.rows] == [2, 3]


def test_values_far_below_are_refused_quickly_naming_the_row(plan, staff_user, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 50)
    wb = workbook([row(value=10)])
    wb.active.cell(row=200, column=9, value="unutulmuş not")
    assert "Sayfada 200. satıra kadar değer var; en çok 50 satır okunur." in refused(
        plan, staff_user, "x.xlsx", saved(wb)
    )


def test_a_zip_bomb_is_refused_before_it_is_unpacked(plan, staff_user, monkeypatch):
    monkeypatch.setattr(limits, "MAX_UNZIPPED_BYTES", 200_000)
    filler = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 10_000
    data = patched_sheet(
        xlsx([row(value=1)]), lambda x: x.replace(b"</sheetData>", filler + b"</sheetData>")
    )
    assert len(data) < 30_000
    assert "Çalışma kitabı açıldığında çok büyük" in refused(plan, staff_user, "x.xlsx", data)
