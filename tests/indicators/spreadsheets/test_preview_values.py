"""The cells of a row in the dry run (indicators.spreadsheets.preview_values): numbers
written as text in the file's decimal style, 1.500 where the style is not plain, and a
date, TRUE or an Excel error where a number or a period is meant.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.indicators.spreadsheet_support import (
    cached_error,
    csv_bytes,
    dry_run,
    notices,
    refused,
    row,
    run_import,
    saved_values,
    xlsx,
)


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


def test_a_period_excel_turned_into_a_date_is_refused(plan, staff_user):
    text = refused(plan, staff_user, "x.xlsx", xlsx([row(value=1, period=dt.datetime(2025, 1, 1))]))
    assert (
        "Satır 2, Dönem: Hücrede bir tarih (01.01.2025) var: Excel dönemi tarihe çevirmiş." in text
    )
