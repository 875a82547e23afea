"""The file format (indicators.spreadsheets.columns): periods written like 2025-H1 and their
other spellings, header cells matched without regard to case, marks and aliases.
"""

from __future__ import annotations

import pytest

from indicators import spreadsheets as ss
from indicators.models import Actual
from tests.indicators.spreadsheet_support import row, run_import, xlsx


@pytest.mark.parametrize(
    ("text", "key"),
    [("2025-H1", (2025, 1)), ("2025 h2", (2025, 2)), ("2025/2", (2025, 2)), ("2025H1", (2025, 1))],
)
def test_periods_are_read_in_several_spellings(text, key):
    assert ss.period_parse(text) == key


@pytest.mark.parametrize("text", ["2025-H3", "H1 2025", "2025", "25-H1", ""])
def test_other_period_spellings_are_refused(text):
    assert ss.period_parse(text) is None


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
