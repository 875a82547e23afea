"""The openpyxl helpers shared by the workbook writers."""

import io
from decimal import Decimal

from openpyxl import Workbook, load_workbook

from karsplan.lib import xlsx


def test_write_table_styles_the_header_freezes_it_and_filters():
    wb = Workbook()
    ws = wb.active
    next_row = xlsx.write_table(
        ws,
        ["Kod", "Değer", "Açıklama"],
        [["A", xlsx.excel_number(Decimal("12.50")), "x" * 50], ["B", 3, None]],
        row=5,
        style=xlsx.LIGHT_HEADER,
        widths=[9, 12, None],
        formats=[None, xlsx.NUMBER],
        wrap_long=True,
    )
    assert next_row == 8
    ws = load_workbook(io.BytesIO(xlsx.workbook_bytes(wb))).active
    assert [c.value for c in ws[5]] == ["Kod", "Değer", "Açıklama"]
    assert ws["A5"].font.b and ws["A5"].fill.fgColor.rgb == "00" + xlsx.LIGHT_GREY
    assert ws.freeze_panes == "A6"
    assert ws.auto_filter.ref == "A5:C7"
    assert ws.column_dimensions["A"].width == 9
    assert ws["B6"].value == 12.5 and ws["B6"].number_format == xlsx.NUMBER
    assert ws["B7"].value == 3 and ws["A6"].number_format == "General"
    assert ws["C6"].alignment.wrap_text


def test_excel_number_and_header_widths():
    assert xlsx.excel_number(Decimal("20.000")) == 20
    assert isinstance(xlsx.excel_number(Decimal("20.000")), int)
    assert xlsx.excel_number(Decimal("0.125")) == 0.125
    assert xlsx.excel_number("1,5") == "1,5"
    assert xlsx.header_widths(["Kod", "Açıklama " * 10], {1: 7}) == [7, 40]
