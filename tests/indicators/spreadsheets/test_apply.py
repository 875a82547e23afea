"""The import as a whole and its write (indicators.spreadsheets.apply): the corpus of bad
files is refused with nothing written; permissions, approval, the preview's digest and the
rollback of the write.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from indicators import services
from indicators import spreadsheets as ss
from indicators.models import Actual, Indicator, LockException, Period, Submission
from tests.indicators.spreadsheet_support import (
    BAD_FILES,
    BAD_IDS,
    LATE_DAY,
    OPEN_DAY,
    db_state,
    refusal_text,
    row,
    run_import,
    xlsx,
)


@pytest.fixture
def users(staff_user, other_staff_user, strategy_user) -> dict:
    return {"staff": staff_user, "other": other_staff_user, "strategy": strategy_user}


@pytest.mark.parametrize(("case", "make", "who", "today", "expected"), BAD_FILES, ids=BAD_IDS)
def test_bad_file_is_refused_with_its_message_and_nothing_is_written(
    plan, users, case, make, who, today, expected
):
    before = db_state()
    name, data = make()
    with pytest.raises((ss.FileRejected, ss.ImportRefused)) as refused:
        run_import(plan, users[who], name, data, today=today)
    assert expected() in refusal_text(refused.value)
    assert db_state() == before


def test_a_good_row_beside_a_bad_one_is_not_written_either(plan, staff_user):
    data = xlsx([row(value=12), row(order=2, value=-1)])
    with pytest.raises(ss.ImportRefused):
        run_import(plan, staff_user, "x.xlsx", data)
    assert not Actual.objects.exists()


def test_a_long_explanation_is_saved_whole(plan, staff_user):
    text = "Uzun açıklama. " * 667
    run_import(plan, staff_user, "x.xlsx", xlsx([row(value=10, explanation=text)]))
    assert Actual.objects.get().explanation == text.strip()


# --- Permissions and the write ----------------------------------------------------------------


def test_strategy_office_backfills_a_locked_period(plan, strategy_user):
    data = xlsx([row(value=30), row(target="H2.1", value=40, period="2025-H2")])
    preview = run_import(plan, strategy_user, "x.xlsx", data, today=dt.date(2027, 3, 1))
    assert preview.counts["created"] == 2
    actual = Actual.objects.get(indicator__target__code="H1.1", indicator__order=1)
    record = actual.history.first()
    assert record.history_user == strategy_user
    assert record.history_change_reason == "Excel içe aktarma: x.xlsx"
    assert Submission.objects.get(unit=actual.indicator.target.responsible_unit).status == "draft"


def test_unit_staff_imports_into_a_locked_period_reopened_for_the_unit(
    plan, staff_user, strategy_user, target
):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    LockException.objects.create(
        period=period,
        unit=target.responsible_unit,
        reason="Geç veri",
        until=dt.date(2025, 9, 30),
        created_by=strategy_user,
    )
    run_import(plan, staff_user, "x.xlsx", xlsx([row(value=30)]), today=LATE_DAY)
    assert Actual.objects.get().value == Decimal(30)


def test_submitted_entries_are_not_changed_by_an_import(plan, staff_user, strategy_user, target):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    run_import(
        plan,
        staff_user,
        "x.xlsx",
        xlsx([row(order=k, value=40, deviation="neden") for k in (1, 2, 3)]),
    )
    services.submission_submit(
        user=staff_user, unit=target.responsible_unit, period=period, today=OPEN_DAY
    )
    before = db_state()
    for user in (staff_user, strategy_user):
        with pytest.raises(ss.ImportRefused) as refused:
            run_import(plan, user, "x.xlsx", xlsx([row(value=41)]))
        assert "Satır 2, Dönem: 2025-H1: " in refusal_text(refused.value)
    assert db_state() == before


def test_approve_submits_and_approves_the_units_periods(plan, strategy_user, target):
    rows = [row(order=k, value=40, deviation="neden") for k in (1, 2, 3)]
    run_import(plan, strategy_user, "x.xlsx", xlsx(rows), today=dt.date(2026, 1, 5), approve=True)
    submission = Submission.objects.get(unit=target.responsible_unit)
    assert submission.status == "approved"
    assert submission.reviewed_by == strategy_user


def test_approve_refuses_a_unit_period_with_missing_values_and_writes_nothing(plan, strategy_user):
    with pytest.raises(ss.ImportRefused) as refused:
        run_import(plan, strategy_user, "x.xlsx", xlsx([row(value=40)]), approve=True)
    assert "Birim 1 Müdürlüğü 2025-H1 gönderilemiyor" in refusal_text(refused.value)
    assert not Actual.objects.exists()
    assert not Submission.objects.exists()


def test_only_the_strategy_office_may_approve(plan, staff_user):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        run_import(plan, staff_user, "x.xlsx", xlsx([row(value=40)]), approve=True)


def test_the_confirmation_is_refused_when_saved_values_changed_since_the_preview(
    plan, staff_user, other_staff_user, target
):
    data = xlsx([row(value=30)])
    sheet = ss.sheet_read(name="x.xlsx", data=data)
    preview = ss.import_preview(plan=plan, user=staff_user, sheet=sheet, today=OPEN_DAY)
    services.actual_record(
        user=staff_user,
        indicator=Indicator.objects.get(target=target, order=1),
        period=Period.objects.get(plan=plan, year=2025, half=1),
        value="25",
        today=OPEN_DAY,
    )
    before = db_state()
    with pytest.raises(ss.ImportRefused) as refused:
        ss.import_apply(
            plan=plan,
            user=staff_user,
            sheet=sheet,
            expected_digest=preview.digest,
            today=OPEN_DAY,
        )
    assert "Önizlemeden bu yana kayıtlı değerler değişti" in refused.value.reason
    assert db_state() == before


def test_a_refusal_by_the_service_rolls_back_the_groups_already_written(
    plan, strategy_user, monkeypatch
):
    real = services.entries_save
    calls = []

    def second_refused(**kwargs):
        calls.append(kwargs["unit"])
        if len(calls) == 2:
            return services.EntryResult(errors=[])
        return real(**kwargs)

    monkeypatch.setattr(services, "entries_save", second_refused)
    data = xlsx([row(value=30), row(target="H1.2", value=31)])
    with pytest.raises(ss.ImportRefused):
        run_import(plan, strategy_user, "x.xlsx", data)
    assert len(calls) == 2
    assert not Actual.objects.exists()
