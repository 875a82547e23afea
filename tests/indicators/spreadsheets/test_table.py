"""The table in a sheet (indicators.spreadsheets.table): the header found below a title,
columns by name, unknown and missing columns, merged cells, formulas, hidden and empty
rows.
"""

from __future__ import annotations

from decimal import Decimal

from openpyxl import Workbook

from indicators import spreadsheets as ss
from indicators.models import Actual
from tests.indicators.spreadsheet_support import (
    HEADER,
    csv_bytes,
    dry_run,
    notices,
    refused,
    row,
    run_import,
    saved,
    saved_values,
    with_cached_value,
    workbook,
    xlsx,
)


def test_columns_in_another_order_are_read_by_name(plan, staff_user):
    header = ["Değer", "Dönem", "Açıklama", "Sıra", "Hedef"]
    run_import(
        plan,
        staff_user,
        "x.csv",
        csv_bytes([["12,5", "2025-H1", "not", 2, "H1.1"]], header=header, delimiter=";"),
    )
    assert saved_values() == {2: Decimal("12.5")}


def test_a_title_row_above_the_header_is_skipped_with_a_notice(plan, staff_user):
    wb = workbook([row(value=10)], above=(["KARS BELEDİYESİ 2025 YILI 1. DÖNEM"], []))
    wb.active.merge_cells("A1:J1")
    preview = run_import(plan, staff_user, "x.xlsx", saved(wb))
    assert "Sütun adlarının üstündeki satırlar atlandı: 1." in notices(preview)
    assert [r.row for r in preview.rows] == [4]
    csv_data = b"Mali Hizmetler 2025;;;\n" + csv_bytes([row(order=2, value=5)], delimiter=";")
    assert [r.row for r in dry_run(plan, staff_user, "x.csv", csv_data).rows] == [3]


def test_a_sheet_without_the_columns_names_the_missing_ones_and_the_sheet(plan, staff_user):
    header = ["Hedef", "Sıra", "Dönem", "Gerçekleşme"]
    text = refused(plan, staff_user, "x.xlsx", xlsx([["H1.1", 1, "2025-H1", 3]], header=header))
    assert "Zorunlu sütunlar eksik: Değer. Sayfanın üst kısmındaki bir satırda" in text
    assert '("Sheet" sayfası okundu.)' in text


def test_unknown_columns_are_ignored_with_a_notice(plan, staff_user):
    data = xlsx([row(value=12) + ["not"]], header=[*HEADER, "Not"])
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    assert [str(n) for n in sheet.notices] == ['K sütunu: Bilinmeyen "Not" sütunu yok sayıldı.']
    preview = run_import(plan, staff_user, "x.xlsx", data)
    assert preview.counts["created"] == 1


# --- Merged cells, hidden and empty rows ------------------------------------------------------


def test_merged_key_cells_count_for_every_row_they_cover(plan, staff_user):
    wb = workbook(
        [
            row(value=10),
            [None, 2, None, None, None, None, None, 11],
            [None, 3, None, None, None, None, None, 12],
        ]
    )
    wb.active.merge_cells("A2:A4")
    wb.active.merge_cells("G2:G4")
    preview = run_import(plan, staff_user, "x.xlsx", saved(wb))
    assert "Birleştirilmiş hücreler (A2:A4, G2:G4)" in notices(preview)
    assert saved_values() == {1: Decimal(10), 2: Decimal(11), 3: Decimal(12)}


def test_a_merged_value_cell_is_refused(plan, staff_user):
    wb = workbook([row(value=10), row(order=2), row(order=3, value=12)])
    wb.active.merge_cells("H2:H3")
    assert (
        "Satır 2, Değer: H2:H3 hücreleri birleştirilmiş; birden çok satır tek bir değeri "
        "paylaşıyor."
    ) in refused(plan, staff_user, "x.xlsx", saved(wb))


def test_hidden_rows_are_read_with_a_notice_and_empty_rows_keep_numbers(plan, staff_user):
    wb = workbook([row(value=10), [], row(order=2, value=11), row(order=3, value=12)])
    wb.active.row_dimensions[5].hidden = True
    preview = run_import(plan, staff_user, "x.xlsx", saved(wb))
    assert "Excel'de gizlenmiş satırlar da okundu: 5." in notices(preview)
    assert [r.row for r in preview.rows] == [2, 4, 5]


# --- Formulas ---------------------------------------------------------------------------------


def test_a_formula_with_a_cached_value_uses_that_value(plan, staff_user):
    data = with_cached_value(xlsx([row(value="=6*7")]), "H2", "42")
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    assert "1 hücrede formül var" in str(sheet.notices[0])
    run_import(plan, staff_user, "x.xlsx", data)
    assert Actual.objects.get().value == Decimal(42)


def test_formulas_are_found_where_the_table_starts_right_of_column_a(plan, staff_user):
    wb = Workbook()
    ws = wb.active
    for col, name in enumerate(HEADER, start=2):
        ws.cell(row=2, column=col, value=name)
    for col, value in enumerate(row(value="=6*7"), start=2):
        ws.cell(row=3, column=col, value=value)
    assert "Satır 3, Değer: Hücrede hesaplanmış değeri olmayan bir formül var." in refused(
        plan, staff_user, "x.xlsx", saved(wb)
    )
    run_import(plan, staff_user, "x.xlsx", with_cached_value(saved(wb), "I3", "42"))
    assert saved_values() == {1: Decimal(42)}
