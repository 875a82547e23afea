"""The dry run (indicators.spreadsheets.preview, preview_data): created / changed /
unchanged rows, warnings, the lock rules, repeated rows, a fixed number of queries.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from indicators import services
from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, Period
from tests.conftest import make_user
from tests.indicators.spreadsheet_support import (
    OPEN_DAY,
    csv_bytes,
    db_state,
    notices,
    refusal_text,
    refused,
    row,
    run_import,
    saved_values,
    xlsx,
)


def test_dry_run_says_created_changed_unchanged_and_writes_nothing(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    for order, value in ((1, "30"), (2, "35")):
        services.actual_record(
            user=staff_user,
            indicator=Indicator.objects.get(target=target, order=order),
            period=period,
            value=value,
            today=OPEN_DAY,
        )
    before = db_state()
    sheet = ss.sheet_read(
        name="x.xlsx",
        data=xlsx([row(value=30), row(order=2, value=36), row(order=3, value=12)]),
    )
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    assert preview.ok
    assert [(r.row, r.action) for r in preview.rows] == [
        (2, "unchanged"),
        (3, "changed"),
        (4, "created"),
    ]
    assert preview.rows[1].old_value == Decimal(35) and preview.rows[1].value == Decimal(36)
    assert db_state() == before


def test_blank_cells_keep_what_is_saved(plan, staff_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    indicator = Indicator.objects.get(target=target, order=1)
    services.actual_record(
        user=staff_user,
        indicator=indicator,
        period=period,
        value="30",
        explanation="Önceki açıklama",
        today=OPEN_DAY,
    )
    run_import(plan, staff_user, "x.xlsx", xlsx([row(deviation="Yeni neden")]))
    actual = Actual.objects.get(indicator=indicator, period=period)
    assert (actual.value, actual.explanation, actual.deviation_reason) == (
        Decimal(30),
        "Önceki açıklama",
        "Yeni neden",
    )


def test_values_the_form_would_question_are_warnings_and_confirming_saves_them(plan, staff_user):
    data = xlsx([row(value=150), row(order=2, value=2)])
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    assert preview.ok and not preview.errors
    assert [(w.row, w.column) for w in preview.warnings] == [(2, "Değer"), (3, "Değer")]
    assert _("a percentage above 100 needs a confirmation.") in str(preview.warnings[0])
    run_import(plan, staff_user, "x.xlsx", data)
    assert sorted(Actual.objects.values_list("value", flat=True)) == [Decimal(2), Decimal(150)]


def test_a_code_that_does_not_match_the_row_is_a_warning(plan, staff_user):
    sheet = ss.sheet_read(name="x.xlsx", data=xlsx([row(value=30, code="P.G. 9.9.9")]))
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    assert preview.ok
    assert "Dosyada P.G. 9.9.9 yazıyor, ama H1.1 / 1 göstergesi P.G. 1.1.1" in str(
        preview.warnings[0]
    )


def test_an_indicator_monitored_yearly_takes_no_value_in_h1(plan, staff_user, target):
    indicator = Indicator.objects.get(target=target, order=1)
    indicator.monitoring_frequency_months = 12
    indicator.save()
    with pytest.raises(ss.ImportRefused) as refused:
        run_import(plan, staff_user, "x.xlsx", xlsx([row(value=30)]))
    assert _(
        "this indicator is monitored every 12 months and is entered only in the second half "
        "of the year."
    ) in refusal_text(refused.value)


def test_dry_run_runs_a_fixed_number_of_queries(kars_plan, django_assert_max_num_queries):
    strategy = make_user("strateji2", "Strateji Birimi")
    period = Period.objects.get(plan=kars_plan, year=2025, half=2)
    data = ss.template_build(plan=kars_plan, period=period, unit=None)
    wb = load_workbook(io.BytesIO(data))
    ws = wb.active
    value_column = ss.TEMPLATE_COLUMNS.index("Değer") + 1
    for r in range(2, ws.max_row + 1):
        ws.cell(row=r, column=value_column).value = 1
    out = io.BytesIO()
    wb.save(out)
    sheet = ss.sheet_read(name="x.xlsx", data=out.getvalue())
    assert len(sheet.rows) > 150
    strategy.groups.all()  # the role is cached on first use
    with django_assert_max_num_queries(ss.PREVIEW_QUERIES + 2):
        preview = ss.import_preview(plan=kars_plan, user=strategy, sheet=sheet, today=OPEN_DAY)
    assert preview.ok, preview.errors[:3]
    assert preview.counts["created"] == len(sheet.rows)


# --- Rows: repeats, periods -------------------------------------------------------------------


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
