"""Excel in, hardened: the files municipalities really send, made small here.

Each test builds its file (openpyxl, csv, or a few bytes of zip) and checks what a member of
staff would expect: lenient where the meaning is plain (header spelling, "2025/H1", "H 1.1",
a number stored as text, a title row, merged key cells, a Windows-1254 CSV), strict where it is
not (a date or TRUE in `Değer`, an Excel error, 1.500 in a file that writes both 1,5 and 1.5,
two data sheets), with a Turkish message naming the row and column, and nothing written.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from decimal import Decimal

import pytest
from openpyxl import Workbook

from indicators import spreadsheets as ss
from indicators.models import Actual
from indicators.spreadsheets import limits
from tests.indicators.test_import_spreadsheets import (
    HEADER,
    OPEN_DAY,
    csv_bytes,
    db_state,
    refusal_text,
    row,
    run_import,
    with_cached_value,
    xlsx,
)


def workbook(rows: list[list], header: list | None = None, above: tuple = ()) -> Workbook:
    wb = Workbook()
    ws = wb.active
    ws.title = ss.SHEET_TITLE
    for r in above:
        ws.append(r)
    ws.append(HEADER if header is None else header)
    for r in rows:
        ws.append(r)
    return wb


def saved(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def zipped(files: dict[str, bytes | str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return out.getvalue()


def patched_sheet(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML passed through `change` (bytes → bytes)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            content = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            dst.writestr(item, content)
    return out.getvalue()


def cached_error(data: bytes, cell: str, error: str) -> bytes:
    """A formula cell whose cached value is an Excel error, as Excel saves it."""
    return patched_sheet(
        data,
        lambda xml: re.sub(
            rf'<c r="{cell}"([^>]*)>(<f>[^<]*</f>)(<v\s*/>|<v></v>)?'.encode(),
            rf'<c r="{cell}"\1 t="e">\2<v>{error}</v>'.encode(),
            xml,
        ),
    )


def dry_run(plan, user, name: str, data: bytes) -> ss.Preview:
    sheet = ss.sheet_read(name=name, data=data)
    return ss.import_preview(plan=plan, user=user, sheet=sheet, today=OPEN_DAY)


def refused(plan, user, name: str, data: bytes, **kwargs) -> str:
    """The refusal's text; asserts nothing was written."""
    before = db_state()
    with pytest.raises((ss.FileRejected, ss.ImportRefused)) as exc:
        run_import(plan, user, name, data, **kwargs)
    assert db_state() == before
    return refusal_text(exc.value)


def saved_values() -> dict[int, Decimal]:
    return dict(Actual.objects.values_list("indicator__order", "value"))


def notices(preview: ss.Preview) -> str:
    return " ".join(str(n) for n in preview.notices)


# --- Encodings and separators -------------------------------------------------------------------


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


# --- Numbers ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("delimiter", "texts", "expected"),
    [
        (";", ["1.234,5", "12,75", "1.500"], ["1234.5", "12.75", "1500"]),
        (";", ["45%", "%45,5", "45 %"], ["45", "45.5", "45"]),
        (";", ["1 234", "1\u00a0234,5", "1\u202f234"], ["1234", "1234.5", "1234"]),
        (";", ["1.234.567", "1.234.567,89", " 12 "], ["1234567", "1234567.89", "12"]),
        (",", ["1234.5", "0.125", "1,500"], ["1234.5", "0.125", "1500"]),
        (",", ["1,234,567.5", "2,500", "1.500"], ["1234567.5", "2500", "1.5"]),
    ],
)
def test_numbers_written_as_text_are_read_in_the_files_style(
    plan, strategy_user, delimiter, texts, expected
):
    data = csv_bytes(
        [row(target="H1.2", order=k, value=t) for k, t in enumerate(texts, start=1)],
        delimiter=delimiter,
    )
    run_import(plan, strategy_user, "x.csv", data)
    assert saved_values() == {k: Decimal(v) for k, v in enumerate(expected, start=1)}


def test_a_file_with_decimal_points_says_how_it_read_1_500(plan, strategy_user):
    data = csv_bytes([row(value="12.75"), row(order=2, value="1,500")])
    preview = dry_run(plan, strategy_user, "x.csv", data)
    assert (
        'Dosya sayıları ondalık noktayla yazıyor (2. satır: "12.75"); bu yüzden "1,500" '
        "(3. satır) ve benzeri sayılar da öyle okundu: 1.500."
    ) in notices(preview)


def test_1_500_in_a_file_with_both_decimal_styles_is_refused(plan, staff_user):
    data = xlsx([row(value="12,5"), row(order=2, value="12.5"), row(order=3, value="1.500")])
    text = refused(plan, staff_user, "x.xlsx", data)
    assert (
        'Satır 4, Değer: "1.500" hem 1.500 hem 1,5 olarak okunabilir: dosya ondalıkları hem '
        "virgülle hem noktayla yazıyor."
    ) in text


def test_a_number_stored_as_text_in_xlsx_is_read(plan, staff_user):
    run_import(plan, staff_user, "x.xlsx", xlsx([row(value="45,5"), row(order=2, value="0.125")]))
    assert saved_values() == {1: Decimal("45.5"), 2: Decimal("0.125")}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            dt.datetime(2025, 3, 4),
            "Satır 2, Değer: Hücrede sayı değil, bir tarih (04.03.2025) var: Excel 4.3 gibi "
            "sayıları tarihe çevirir.",
        ),
        (True, "Satır 2, Değer: Hücrede sayı değil, DOĞRU ya da YANLIŞ (mantıksal bir değer) var."),
        (
            "#DIV/0!",
            "Satır 2, Değer: Hücrede değer yerine #DIV/0! Excel hatası görünüyor.",
        ),
    ],
    ids=["date", "boolean", "error text"],
)
def test_a_date_a_boolean_or_an_error_in_value_is_refused(plan, staff_user, value, message):
    assert message in refused(plan, staff_user, "x.xlsx", xlsx([row(value=value)]))


def test_excel_error_cells_are_refused_in_value_and_explanation(plan, staff_user):
    data = xlsx([row(value="=1/0"), row(order=2, value=5, explanation="=A1&B1")])
    data = cached_error(cached_error(data, "H2", "#DIV/0!"), "I3", "#REF!")
    text = refused(plan, staff_user, "x.xlsx", data)
    assert "Satır 2, Değer: Hücrede değer yerine #DIV/0! Excel hatası görünüyor." in text
    assert "Satır 3, Açıklama: Hücrede değer yerine #REF! Excel hatası görünüyor." in text


def test_turkish_excel_error_names_in_a_csv_are_refused(plan, staff_user):
    data = csv_bytes([row(value="#SAYI/0!"), row(order=2, value="#YOK")], delimiter=";")
    text = refused(plan, staff_user, "x.csv", data)
    assert "Satır 2, Değer: Hücrede değer yerine #SAYI/0! Excel hatası görünüyor." in text
    assert "Satır 3, Değer: Hücrede değer yerine #YOK Excel hatası görünüyor." in text


def test_a_negative_value_with_a_unicode_minus_is_refused_as_negative(plan, staff_user):
    text = refused(plan, staff_user, "x.csv", csv_bytes([row(value="\u22125")]))
    assert "Değer: Negatif değer kabul edilmez." in text


# --- Formulas -----------------------------------------------------------------------------------


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


# --- Layout: headers, title rows, merged cells, sheets, hidden and empty rows -------------------


@pytest.mark.parametrize(
    "header",
    [
        [
            "  HEDEF ",
            "SIRA",
            "GÖSTERGE KODU",
            "gösterge",
            "ÖLÇÜ BİRİMİ",
            "YILLIK HEDEF",
            "DÖNEM",
            "DEĞER",
            "AÇIKLAMA",
            "SAPMA NEDENİ",
        ],
        [
            "hedef",
            "sıra ",
            "gösterge kodu ",
            "Gösterge\nAdı",
            "",
            "",
            "Dönem*",
            "Değer (%)",
            "Açiklama",
            "Sapma nedeni:",
        ],
        [
            "Hedef Kodu",
            "Sıra No.",
            "Gösterge\u00a0Kodu",
            "Gösterge Adı",
            "Birim",
            "",
            "Donem",
            "Deger",
            "Aciklama",
            "Sapma Nedeni",
        ],
    ],
    ids=["upper case", "lower case and marks", "aliases and ascii"],
)
def test_header_spellings_are_recognised(plan, staff_user, header):
    data = xlsx([row(value=10, explanation="tamam", code="PG 1.1.1")], header=header)
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    assert {"Hedef", "Sıra", "Gösterge Kodu", "Dönem", "Değer", "Açıklama"} <= set(sheet.columns)
    preview = run_import(plan, staff_user, "x.xlsx", data)
    assert not preview.warnings  # "PG 1.1.1" is the row's code P.G. 1.1.1
    assert Actual.objects.get().explanation == "tamam"


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


def test_hidden_rows_are_read_with_a_notice_and_empty_rows_keep_numbers(plan, staff_user):
    wb = workbook([row(value=10), [], row(order=2, value=11), row(order=3, value=12)])
    wb.active.row_dimensions[5].hidden = True
    preview = run_import(plan, staff_user, "x.xlsx", saved(wb))
    assert "Excel'de gizlenmiş satırlar da okundu: 5." in notices(preview)
    assert [r.row for r in preview.rows] == [2, 4, 5]


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


# --- Keys: periods, orders, targets ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2025/H1",
        "2025-1",
        "2025 H1",
        "2025-h1",
        "2025 / h1",
        "2025-I",
        "2025 1. Dönem",
        "2025 Yılı 1. Yarı",
        "2025.1",
    ],
)
def test_period_spellings_that_say_the_first_half_are_read(text):
    assert ss.period_parse(text) == (2025, 1)


def test_period_spellings_for_the_second_half(plan):
    assert [ss.period_parse(t) for t in ("2025-II", "2025/2", "2025 h 2", "2025 2. dönemi")] == [
        (2025, 2)
    ] * 4


def test_a_period_excel_turned_into_a_date_is_refused(plan, staff_user):
    text = refused(plan, staff_user, "x.xlsx", xlsx([row(value=1, period=dt.datetime(2025, 1, 1))]))
    assert (
        "Satır 2, Dönem: Hücrede bir tarih (01.01.2025) var: Excel dönemi tarihe çevirmiş." in text
    )


@pytest.mark.parametrize(("order", "expected"), [("3.0", 3), ("03", 3), (" 2 ", 2), (3.0, 3)])
def test_order_spellings_are_read(plan, staff_user, order, expected):
    run_import(plan, staff_user, "x.csv", csv_bytes([row(order=order, value=5)], delimiter=";"))
    assert saved_values() == {expected: Decimal(5)}


def test_an_order_that_is_not_whole_is_refused(plan, staff_user):
    assert 'Satır 2, Sıra: "2,5" bir gösterge sırası değil' in refused(
        plan, staff_user, "x.csv", csv_bytes([row(order="2,5", value=5)], delimiter=";")
    )


@pytest.mark.parametrize("code", ["H 1.1", "h1.1", "H1,1", "1.1", "Hedef 1.1", "H1.1\u200b", 1.1])
def test_target_spellings_are_read(plan, staff_user, code):
    run_import(plan, staff_user, "x.xlsx", xlsx([row(target=code, value=5)]))
    assert Actual.objects.get().indicator.target.code == "H1.1"


def test_notes_and_total_rows_give_one_clear_error_each(plan, staff_user):
    data = xlsx(
        [
            row(value=10),
            [None, None, None, "TOPLAM", None, None, None, 10],
            ["Hazırlayan: Birim 1"],
        ]
    )
    text = refused(plan, staff_user, "x.xlsx", data)
    for number in (3, 4):
        assert (
            f"Satır {number}: Satırda Sıra ve Dönem yok: her satırda bir hedef (Hedef), bir "
            "gösterge (Sıra) ve bir dönem (Dönem) bulunmalı. Not ya da toplam satırlarını silin."
        ) in text
    assert text.count("Satır 3") == 1


# --- Rows: repeats, periods, long text ------------------------------------------------------------


def test_an_exact_repeat_is_skipped_and_a_contradiction_is_refused(plan, staff_user):
    same = csv_bytes([row(value="10"), row(value="10,0")], delimiter=";")
    preview = run_import(plan, staff_user, "x.csv", same)
    assert "Önceki bir satırın tıpatıp aynısı olan satırlar atlandı: 3 (2 ile aynı)." in notices(
        preview
    )
    assert saved_values() == {1: Decimal(10)}
    different = csv_bytes([row(value="10"), row(value="12")], delimiter=";")
    assert "Satır 3, Hedef: H1.1 / 1 / 2025-H1 iki kez verilmiş (ilki 2. satırda)." in refused(
        plan, staff_user, "x.csv", different
    )


def test_the_same_indicator_for_two_periods_is_allowed(plan, strategy_user):
    data = csv_bytes([row(value="10"), row(value="12", period="2025-H2")], delimiter=";")
    run_import(plan, strategy_user, "x.csv", data, today=dt.date(2026, 1, 10))
    assert sorted(Actual.objects.values_list("period__half", "value")) == [
        (1, Decimal(10)),
        (2, Decimal(12)),
    ]


def test_a_long_explanation_is_saved_whole(plan, staff_user):
    text = "Uzun açıklama. " * 667
    run_import(plan, staff_user, "x.xlsx", xlsx([row(value=10, explanation=text)]))
    assert Actual.objects.get().explanation == text.strip()


# --- Files that are not what their name says ------------------------------------------------------


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


def test_the_command_reads_a_windows_1254_csv_and_reports_a_bad_cell(
    plan, strategy_user, tmp_path, capsys
):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    good = tmp_path / "excel.csv"
    good.write_bytes(
        csv_bytes([row(value="45,5", explanation="Öğün")], delimiter=";", encoding="cp1254")
    )
    call_command("import_actuals", str(good), "--user", "strateji", "--dry-run")
    out = capsys.readouterr().out
    assert "Not: CSV dosyası UTF-8 değil" in out
    assert "+ satır 2: H1.1 #1 P.G. 1.1.1 2025-H1: – → 45,5" in out
    bad = tmp_path / "tarih.xlsx"
    bad.write_bytes(xlsx([row(value=dt.datetime(2025, 3, 4))]))
    with pytest.raises(CommandError, match="1 hata bulundu; hiçbir şey kaydedilmedi"):
        call_command("import_actuals", str(bad), "--user", "strateji")
    assert "Hata: Satır 2, Değer: Hücrede sayı değil, bir tarih (04.03.2025)" in (
        capsys.readouterr().err
    )
    assert not Actual.objects.exists()
