"""Reading a CSV (indicators.spreadsheets.reading_csv): encodings (UTF-8 with a BOM, UTF-16,
Windows-1254, Mac Turkish), separators (`;`, `,`, tab, `sep=`), records across lines.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators import spreadsheets as ss
from indicators.models import Actual
from tests.indicators.spreadsheet_support import csv_bytes, notices, refused, row, run_import


def test_csv_with_bom_semicolons_and_decimal_commas_is_read(plan, staff_user):
    data = csv_bytes(
        [row(value="45,5", explanation="Sayım yapıldı"), row(order=3, value="1.234")],
        delimiter=";",
        bom=True,
    )
    preview = run_import(plan, staff_user, "veri.csv", data)
    assert preview.counts == {"created": 2, "changed": 0, "unchanged": 0}
    values = dict(Actual.objects.values_list("indicator__order", "value"))
    assert values == {1: Decimal("45.5"), 3: Decimal("1234")}
    assert Actual.objects.get(indicator__order=1).explanation == "Sayım yapıldı"


def test_csv_with_commas_and_ascii_headers_is_read(plan, staff_user):
    header = ["hedef", "SIRA", "Donem", "Deger", "Aciklama"]
    data = csv_bytes([["H1.1", "2", "2025-h1", "12.5", "tamam"]], header=header)
    sheet = ss.sheet_read(name="veri.csv", data=data)
    assert sheet.columns == ["Hedef", "Sıra", "Dönem", "Değer", "Açıklama"]
    run_import(plan, staff_user, "veri.csv", data)
    assert Actual.objects.get().value == Decimal("12.5")


# --- Encodings and separators -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "label"),
    [
        ("cp1254", "Windows-1254 / ISO-8859-9"),
        ("iso-8859-9", "Windows-1254 / ISO-8859-9"),
        ("mac_turkish", "Mac OS"),
    ],
)
def test_a_csv_in_a_turkish_legacy_encoding_is_read_and_says_so(plan, staff_user, encoding, label):
    text = "Çalışma sürüyor; İŞ güvenliği, ığdır, şikâyet"
    data = csv_bytes([row(value="45,5", explanation=text)], delimiter=";", encoding=encoding)
    preview = run_import(plan, staff_user, "excel.csv", data)
    assert f'CSV dosyası UTF-8 değil: Excel\'in düz "CSV" kaydettiği Türkçe {label}' in notices(
        preview
    )
    actual = Actual.objects.get()
    assert (actual.value, actual.explanation) == (Decimal("45.5"), text)


def test_excel_unicode_text_utf16_tab_separated_is_read(plan, staff_user):
    data = csv_bytes([row(value="12,5", explanation="Ölçüldü")], delimiter="\t", encoding="utf-16")
    run_import(plan, staff_user, "unicode.txt", data)
    assert Actual.objects.get().value == Decimal("12.5")


def test_a_csv_mixing_encodings_is_refused_naming_the_encoding_problem(plan, staff_user):
    data = csv_bytes([row(value=1, explanation="Ölçüm")], delimiter=";") + (
        "H1.1;2;;;;;2025-H1;3;Ölçüm\n".encode("cp1254")
    )
    text = refused(plan, staff_user, "karisik.csv", data)
    assert "CSV dosyasının karakter kodlaması tanınamadı" in text
    assert '"CSV UTF-8 (Virgülle ayrılmış)"' in text


def test_excels_sep_line_sets_the_separator_and_is_not_a_row(plan, staff_user):
    data = b"sep=;\r\n" + csv_bytes([row(value="12,5")], delimiter=";")
    preview = run_import(plan, staff_user, "x.csv", data)
    assert [r.row for r in preview.rows] == [2]
    assert Actual.objects.get().value == Decimal("12.5")


def test_csv_row_numbers_are_records_as_excel_shows_them(plan, staff_user):
    data = csv_bytes(
        [row(value=10, explanation="bir\nüç satırlık\naçıklama"), row(order=9, value=1)],
        delimiter=";",
    )
    text = refused(plan, staff_user, "x.csv", data)
    assert "Satır 3, Sıra: H1.1 hedefinin 9 sıralı göstergesi yok." in text


def test_a_multi_line_explanation_with_separators_in_it_is_saved(plan, staff_user):
    text = "Madde 1; sayım yapıldı\nMadde 2; rapor; onay bekliyor"
    run_import(
        plan, staff_user, "x.csv", csv_bytes([row(value=5, explanation=text)], delimiter=";")
    )
    assert Actual.objects.get().explanation == text


def test_a_csv_with_an_unclosed_quote_is_refused_with_the_row(plan, staff_user):
    lines = "Hedef;Sıra;Dönem;Değer;Açıklama\n" + 'H1.1;1;2025-H1;10;"başladı\n'
    data = (lines + "H1.1;2;2025-H1;11;devam\n" * 3).encode()
    text = refused(plan, staff_user, "x.csv", data)
    assert "Satır 2, Açıklama: Hücrede dosyanın birkaç satırına yayılan" in text
    assert "tırnak işareti" in text
