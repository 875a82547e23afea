"""The keys of a row (indicators.spreadsheets.preview_keys): `Hedef` and `Sıra` as people
write them, and notes or total rows without keys.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from indicators.models import Actual
from tests.indicators.spreadsheet_support import (
    csv_bytes,
    refused,
    row,
    run_import,
    saved_values,
    xlsx,
)


@pytest.mark.parametrize(
    ("order", "expected"), [("3.0", 3), ("3,0", 3), ("+3", 3), ("03", 3), (" 2 ", 2), (3.0, 3)]
)
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
