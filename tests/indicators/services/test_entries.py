"""The entry services: one transaction, versions, locks and lock exceptions, the workflow."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import (
    Actual,
    LockException,
    PeriodState,
    ReviewComment,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from tests.indicators.entry_support import (
    AFTER_H1_DEADLINE,
    IN_H1_WINDOW,
    IST,
)

pytestmark = pytest.mark.django_db


def full_rows(indicators, values=("40", "40", "15")):
    return [
        EntryRow(indicator_id=i.pk, value=v, explanation="Açıklama")
        for i, v in zip(indicators, values, strict=True)
    ]


def save(user, unit, period, rows=(), **kwargs):
    return services.entries_save(user=user, unit=unit, period=period, rows=rows, **kwargs)


# --- Saving -----------------------------------------------------------------------------------


def test_a_draft_saves_what_is_filled_with_its_history(
    h1_window, staff_user, unit, period, indicators
):
    result = save(
        staff_user,
        unit,
        period,
        [EntryRow(indicator_id=indicators[0].pk, value="1.234,5")],
        confirm_warnings=True,
    )
    assert result.saved and result.written == 1 and not result.submitted
    actual = Actual.objects.get(indicator=indicators[0], period=period)
    assert actual.value == Decimal("1234.5") and actual.version == 1
    assert actual.updated_by == staff_user
    [record] = actual.history.all()
    assert record.history_user == staff_user and record.history_type == "+"
    submission = Submission.objects.get(unit=unit, period=period)
    assert submission.status == SubmissionStatus.DRAFT


def test_saving_again_bumps_the_version_and_records_before_and_after(
    h1_window, staff_user, unit, period, indicators
):
    save(staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35")])
    result = save(
        staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="36", version=1)]
    )
    assert result.saved
    actual = Actual.objects.get(indicator=indicators[0], period=period)
    assert actual.version == 2
    values = [h.value for h in actual.history.order_by("history_date", "history_id")]
    assert values == [Decimal(35), Decimal(36)]


def test_a_row_equal_to_what_is_saved_writes_nothing(
    h1_window, staff_user, unit, period, indicators
):
    save(staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35")])
    result = save(
        staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35,0", version=1)]
    )
    assert result.saved and result.written == 0
    assert Actual.objects.get(indicator=indicators[0], period=period).version == 1


def test_a_save_that_changes_nothing_leaves_the_period_not_started(
    h1_window, staff_user, unit, period
):
    result = save(staff_user, unit, period, [])
    assert result.saved and result.written == 0 and result.submission is None
    assert not Submission.objects.exists()


def test_one_refused_row_means_nothing_is_written(h1_window, staff_user, unit, period, indicators):
    result = save(
        staff_user,
        unit,
        period,
        [
            EntryRow(indicator_id=indicators[0].pk, value="35"),
            EntryRow(indicator_id=indicators[2].pk, value="-3"),
        ],
    )
    assert not result.saved
    [error] = result.errors
    assert error.key == indicators[2].pk and error.field == "value"
    assert not Actual.objects.exists()
    assert not Submission.objects.exists()


def test_reviews_are_saved_and_versioned(h1_window, staff_user, unit, period, target):
    review = {"target_id": target.pk, "version": 0, "activities_done": "Eğitimler yapıldı."}
    assert save(staff_user, unit, period, reviews=[review]).saved
    saved = TargetReview.objects.get(target=target, period=period)
    assert saved.activities_done == "Eğitimler yapıldı." and saved.version == 1
    stale = {"target_id": target.pk, "version": 0, "activities_done": "Başka metin"}
    result = save(staff_user, unit, period, reviews=[stale])
    [conflict] = result.conflicts
    assert conflict.scope == "target" and "H1.1" in conflict.message
    assert TargetReview.objects.get(pk=saved.pk).activities_done == "Eğitimler yapıldı."


# --- Concurrency ------------------------------------------------------------------------------


def test_a_stale_version_is_refused_naming_the_indicator_and_nothing_is_overwritten(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    first = indicators[0]
    save(staff_user, unit, period, [EntryRow(indicator_id=first.pk, value="35")])
    # Someone else saves version 1 → 2.
    save(strategy_user, unit, period, [EntryRow(indicator_id=first.pk, value="38", version=1)])
    # The first user still has version 1 on the page, and also changed another row.
    result = save(
        staff_user,
        unit,
        period,
        [
            EntryRow(indicator_id=first.pk, value="36", version=1),
            EntryRow(indicator_id=indicators[2].pk, value="15", version=0),
        ],
    )
    assert not result.saved
    [conflict] = result.conflicts
    assert conflict.key == first.pk and conflict.version == 2
    assert conflict.current["value"] == Decimal(38)
    assert conflict.message.startswith("P.G. 1.1.1 Gösterge 1.1.1 oranı – Değer:")
    assert "Selin Strateji" in conflict.message and "38" in conflict.message
    assert Actual.objects.get(indicator=first, period=period).value == Decimal(38)
    assert not Actual.objects.filter(indicator=indicators[2]).exists()  # rolled back too


def test_a_row_created_by_someone_else_meanwhile_is_a_conflict(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    save(strategy_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="38")])
    result = save(
        staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="36", version=0)]
    )
    assert [c.key for c in result.conflicts] == [indicators[0].pk]


def test_the_update_itself_is_conditional_on_the_version(
    h1_window, staff_user, unit, period, indicators
):
    save(staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35")])
    actual = Actual.objects.get(indicator=indicators[0], period=period)
    Actual.objects.filter(pk=actual.pk).update(version=7)  # written behind the reader's back
    stale, written = services.versioned_write(
        Actual,
        [services.VersionedChange(obj=actual, version=1, values={"value": Decimal(1)})],
        user=staff_user,
        now=timezone.now(),
    )
    assert [c.obj.pk for c in stale] == [actual.pk] and written == []
    assert Actual.objects.get(pk=actual.pk).value == Decimal(35)


# --- Locks and lock exceptions ----------------------------------------------------------------


def test_entry_is_refused_before_the_window_opens(staff_user, unit, period, indicators):
    with (
        time_machine.travel(dt.datetime(2025, 6, 20, 9, tzinfo=IST), tick=False),
        pytest.raises(services.EntryLocked) as exc,
    ):
        save(staff_user, unit, period, full_rows(indicators))
    assert exc.value.code == "not_yet_open"
    assert "01.07.2025" in exc.value.message


def test_entry_is_open_on_the_deadline_and_locked_the_day_after(
    staff_user, unit, period, indicators
):
    with time_machine.travel(dt.datetime(2025, 7, 15, 23, 30, tzinfo=IST), tick=False):
        assert save(
            staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35")]
        ).saved
    with (
        time_machine.travel(dt.datetime(2025, 7, 16, 0, 30, tzinfo=IST), tick=False),
        pytest.raises(services.EntryLocked) as exc,
    ):
        save(
            staff_user,
            unit,
            period,
            [EntryRow(indicator_id=indicators[0].pk, value="36", version=1)],
        )
    assert exc.value.code == "locked"
    assert "15.07.2025" in exc.value.message


def test_a_lock_exception_reopens_the_period_for_one_unit_until_its_end_date(
    staff_user, other_staff_user, strategy_user, unit, other_target, period, indicators
):
    other_indicator = other_target.indicators.first()
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        services.lock_exception_create(
            user=strategy_user,
            period=period,
            unit=unit,
            reason="Personel izindeydi.",
            until=dt.date(2025, 7, 25),
        )
        assert save(staff_user, unit, period, full_rows(indicators)).saved
        with pytest.raises(services.EntryLocked):
            save(
                other_staff_user,
                other_target.responsible_unit,
                period,
                [EntryRow(indicator_id=other_indicator.pk, value="40")],
            )
    with (
        time_machine.travel(dt.datetime(2025, 7, 26, 9, tzinfo=IST), tick=False),
        pytest.raises(services.EntryLocked),
    ):
        save(
            staff_user,
            unit,
            period,
            [EntryRow(indicator_id=indicators[0].pk, value="41", version=1)],
        )


def test_a_lock_exception_needs_a_reason_and_an_end_date_not_in_the_past(
    strategy_user, unit, period
):
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False), pytest.raises(ValidationError) as exc:
        services.lock_exception_create(
            user=strategy_user, period=period, unit=unit, reason=" ", until=dt.date(2025, 7, 1)
        )
    assert set(exc.value.message_dict) == {"reason", "until"}
    assert not LockException.objects.exists()


def test_only_the_strategy_office_creates_lock_exceptions_and_manages_periods(
    staff_user, council_user, unit, period
):
    for user in (staff_user, council_user):
        with pytest.raises(PermissionDenied):
            services.lock_exception_create(
                user=user, period=period, unit=unit, reason="x", until=dt.date(2030, 1, 1)
            )
        with pytest.raises(PermissionDenied):
            services.period_open(user=user, period=period)


def test_the_strategy_office_opens_closes_and_extends_a_period(
    strategy_user, staff_user, unit, period, indicators
):
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        services.period_open(user=strategy_user, period=period)
        assert save(
            staff_user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35")]
        ).saved
        services.period_close(user=strategy_user, period=period)
        with pytest.raises(services.EntryLocked) as exc:
            save(
                staff_user,
                unit,
                period,
                [EntryRow(indicator_id=indicators[0].pk, value="36", version=1)],
            )
        assert exc.value.code == "closed"
        services.period_extend(user=strategy_user, period=period, deadline=dt.date(2025, 7, 31))
        period.refresh_from_db()
        assert period.state == PeriodState.AUTO and period.deadline == dt.date(2025, 7, 31)
        assert save(
            staff_user,
            unit,
            period,
            [EntryRow(indicator_id=indicators[0].pk, value="36", version=1)],
        ).saved
        with pytest.raises(ValidationError) as exc:
            services.period_extend(user=strategy_user, period=period, deadline=dt.date(2025, 7, 20))
        assert "31.07.2025" in exc.value.message_dict["deadline"][0]
    assert period.history.count() == 4  # created, opened, closed, extended


def test_the_strategy_office_may_back_fill_a_locked_period_but_nobody_else(
    strategy_user, staff_user, unit, period, indicators
):
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        rows = [EntryRow(indicator_id=indicators[0].pk, value="35")]
        with pytest.raises(PermissionDenied):
            save(staff_user, unit, period, rows, ignore_lock=True)
        with pytest.raises(services.EntryLocked):
            save(strategy_user, unit, period, rows)
        assert save(strategy_user, unit, period, rows, ignore_lock=True, reason="excel").saved
    assert (
        Actual.objects.get(indicator=indicators[0]).history.get().history_change_reason == "excel"
    )


def test_other_units_and_council_members_cannot_write(
    h1_window, other_staff_user, council_user, unit, period, indicators
):
    for user in (other_staff_user, council_user):
        with pytest.raises(PermissionDenied):
            save(user, unit, period, [EntryRow(indicator_id=indicators[0].pk, value="35")])


# --- Workflow ---------------------------------------------------------------------------------


def submitted(staff_user, unit, period, indicators):
    return services.entries_save(
        user=staff_user, unit=unit, period=period, rows=full_rows(indicators), submit=True
    ).submission


def test_submitting_needs_every_value_and_moves_to_submitted(
    h1_window, staff_user, unit, period, indicators
):
    with pytest.raises(services.EntryRefused) as exc:
        services.submission_submit(user=staff_user, unit=unit, period=period)
    assert {p.key for p in exc.value.result.errors} == {i.pk for i in indicators}
    submission = submitted(staff_user, unit, period, indicators)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.submitted_by == staff_user and submission.submitted_at is not None


def test_submitted_and_approved_entries_are_frozen_even_for_the_strategy_office(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    submission = submitted(staff_user, unit, period, indicators)
    rows = [EntryRow(indicator_id=indicators[0].pk, value="39", version=1)]
    with pytest.raises(services.EntryLocked) as exc:
        save(staff_user, unit, period, rows)
    assert exc.value.code == "submitted"
    services.submission_approve(user=strategy_user, submission=submission)
    for user in (staff_user, strategy_user):
        with pytest.raises(services.EntryLocked) as exc:
            save(
                user, unit, period, rows, **({"ignore_lock": True} if user == strategy_user else {})
            )
        assert exc.value.code == "approved"


def test_a_returned_submission_is_editable_after_the_deadline_and_keeps_its_comments(
    staff_user, strategy_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submitted(staff_user, unit, period, indicators)
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        with pytest.raises(ValidationError) as exc:
            services.submission_return(user=strategy_user, submission=submission, reason="  ")
        assert "reason" in exc.value.message_dict
        services.submission_return(
            user=strategy_user,
            submission=submission,
            reason="Açıklamalar eksik.",
            comments={indicators[2].pk: "Kanıt ekleyin."},
        )
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.RETURNED
        assert submission.return_reason == "Açıklamalar eksik."
        assert ReviewComment.objects.get().text == "Kanıt ekleyin."
        result = save(
            staff_user,
            unit,
            period,
            [EntryRow(indicator_id=indicators[0].pk, value="39", version=1)],
            submit=True,
        )
        assert result.saved and result.submission.status == SubmissionStatus.SUBMITTED


def test_approve_return_and_reopen_need_the_right_status(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    submission = submitted(staff_user, unit, period, indicators)
    with pytest.raises(services.WorkflowError):
        services.submission_reopen(user=strategy_user, submission=submission, reason="x")
    services.submission_approve(user=strategy_user, submission=submission)
    with pytest.raises(services.WorkflowError) as exc:
        services.submission_approve(user=strategy_user, submission=submission)
    assert "Onaylandı" in exc.value.message
    with pytest.raises(services.WorkflowError):
        services.submission_return(user=strategy_user, submission=submission, reason="x")
    with pytest.raises(ValidationError):
        services.submission_reopen(user=strategy_user, submission=submission, reason="")
    services.submission_reopen(
        user=strategy_user, submission=submission, reason="Veri hatası bulundu."
    )
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETURNED
    assert submission.reopen_reason == "Veri hatası bulundu."
    statuses = [h.status for h in submission.history.order_by("history_date", "history_id")]
    assert statuses == ["draft", "submitted", "approved", "returned"]
    assert submission.history.order_by("-history_id").first().history_user == strategy_user


def test_only_the_strategy_office_reviews(
    h1_window, staff_user, council_user, unit, period, indicators
):
    submission = submitted(staff_user, unit, period, indicators)
    for user in (staff_user, council_user):
        with pytest.raises(PermissionDenied):
            services.submission_approve(user=user, submission=submission)
        with pytest.raises(PermissionDenied):
            services.submission_return(user=user, submission=submission, reason="x")


def test_actual_record_is_the_one_row_door(h1_window, staff_user, unit, period, indicators):
    actual = services.actual_record(
        user=staff_user, indicator=indicators[0], period=period, value="37,5", explanation="Tamam"
    )
    assert actual.value == Decimal("37.5")
    with pytest.raises(services.EntryRefused) as exc:
        services.actual_record(user=staff_user, indicator=indicators[0], period=period, value="-1")
    assert "Negatif" in str(exc.value)
