"""The entry template (indicators.spreadsheets.template)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import load_workbook

from indicators import services
from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, Period
from indicators.spreadsheets.columns import COL_NAME, COL_VALUE
from tests.indicators.spreadsheet_support import OPEN_DAY, run_import

HEADER = list(ss.TEMPLATE_COLUMNS)  # the columns of the file format, and "Ne Girilir"


def test_template_has_one_row_per_indicator_due_prefilled_and_protected(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    first = Indicator.objects.get(target=target, order=1)
    services.actual_record(
        user=staff_user,
        indicator=first,
        period=period,
        value=Decimal("33.5"),
        explanation="Girildi",
        today=OPEN_DAY,
    )
    yearly = Indicator.objects.get(target=target, order=2)
    yearly.monitoring_frequency_months = 12
    yearly.save()
    data = ss.template_build(plan=plan, period=period, unit=target.responsible_unit)
    ws = load_workbook(io.BytesIO(data))[ss.SHEET_TITLE]
    rows = list(ws.values)
    assert list(rows[0]) == HEADER
    assert [(r[0], r[1], r[6]) for r in rows[1:]] == [
        ("H1.1", 1, "2025-H1"),
        ("H1.1", 3, "2025-H1"),
    ]
    assert rows[1][7] == "dönem sonu değeri"  # Ne Girilir: a level's value at the period's end
    assert rows[1][8] == 33.5 and rows[1][9] == "Girildi"
    assert rows[1][5] == 40  # Yıllık Hedef
    assert ws.protection.sheet
    for col, name in enumerate(HEADER, start=1):
        cell = ws.cell(row=2, column=col)
        assert cell.protection.locked == (name not in ss.INPUT_COLUMNS), name
        assert (cell.fill.fgColor.rgb == "00E7E9EE") == (name not in ss.INPUT_COLUMNS), name


def test_template_for_all_units_lists_every_indicator(plan):
    period = Period.objects.get(plan=plan, year=2025, half=2)
    data = ss.template_build(plan=plan, period=period, unit=None)
    ws = load_workbook(io.BytesIO(data))[ss.SHEET_TITLE]
    assert ws.max_row - 1 == Indicator.objects.filter(target__plan=plan).count()
    assert {r[6] for r in list(ws.values)[1:]} == {"2025-H2"}


def test_an_untouched_template_imports_as_unchanged(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    data = ss.template_build(plan=plan, period=period, unit=target.responsible_unit)
    preview = run_import(plan, staff_user, "sablon.xlsx", data)
    assert preview.counts == {"created": 0, "changed": 0, "unchanged": 3}
    assert not Actual.objects.exists()


def test_template_alignment_wraps_the_texts_typed_in_and_the_indicator_name(plan, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    data = ss.template_build(plan=plan, period=period, unit=target.responsible_unit)
    ws = load_workbook(io.BytesIO(data))[ss.SHEET_TITLE]
    for col, name in enumerate(HEADER, start=1):
        alignment = ws.cell(row=2, column=col).alignment
        if name == COL_VALUE:
            assert (alignment.vertical, alignment.wrap_text) == (None, None), name
        else:
            wraps = name in ss.INPUT_COLUMNS or name in (COL_NAME, ss.COL_HINT)
            assert alignment.vertical == "top", name
            assert bool(alignment.wrap_text) == wraps, name
