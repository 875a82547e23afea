"""The demo's actuals: plausible, marked as demo data, idempotent, following the calendar."""

import datetime as dt
from collections import Counter

import pytest
import time_machine

from indicators import demo as services
from indicators.models import Actual, Period, PeriodState, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


FEB_2026 = dt.date(2026, 2, 15)  # 2025-H1 ended before 2025-H2, the most recent ended period
NOV_2026 = dt.date(2026, 11, 29)  # 2025-H1 and 2025-H2 done, 2026-H1 the most recent ended


def test_demo_fill_fills_every_indicator_due_in_the_year_and_is_idempotent(plan, strategy_user):
    counts = services.demo_fill(plan, today=FEB_2026)
    due = sum(
        1
        for i in plan.targets.all().values_list(
            "indicators__monitoring_frequency_months", flat=True
        )
        for half in (1, 2)
        if half == 2 or i < 12
    )
    assert counts["actuals"] == due == Actual.objects.count()
    assert set(Actual.objects.values_list("explanation", flat=True)) == {"Demo verisi"}
    for actual in Actual.objects.select_related("indicator"):
        assert actual.value is not None and actual.value >= 0
    h1 = Counter(Submission.objects.filter(period__half=1).values_list("status", flat=True))
    assert h1[SubmissionStatus.APPROVED] >= 1 and h1[SubmissionStatus.RETURNED] == 1
    h2_period = Period.objects.get(plan=plan, year=2025, half=2)
    assert h2_period.is_open_on(FEB_2026) and h2_period.deadline > FEB_2026
    h2 = Counter(Submission.objects.filter(period=h2_period).values_list("status", flat=True))
    assert h2[SubmissionStatus.DRAFT] >= 1
    snapshot = list(Actual.objects.order_by("pk").values_list("pk", "value", "version"))
    again = services.demo_fill(plan, today=FEB_2026)
    assert again == {"actuals": 0, "submissions": 0}
    assert list(Actual.objects.order_by("pk").values_list("pk", "value", "version")) == snapshot


def test_demo_values_are_the_same_on_every_database(plan, strategy_user):
    services.demo_fill(plan, today=FEB_2026)
    first = sorted(
        Actual.objects.values_list(
            "indicator__target__code", "indicator__order", "period__half", "value"
        )
    )
    Actual.objects.all().delete()
    Submission.objects.all().delete()
    services.demo_fill(plan, today=FEB_2026)
    assert (
        sorted(
            Actual.objects.values_list(
                "indicator__target__code", "indicator__order", "period__half", "value"
            )
        )
        == first
    )


def test_demo_fill_works_on_the_kars_plan(kars_plan, strategy_user):
    counts = services.demo_fill(kars_plan, today=FEB_2026)
    assert counts["actuals"] > 300
    assert not Actual.objects.filter(value__isnull=True).exists()


def test_demo_submissions_are_on_time(plan, strategy_user):
    from indicators.selectors import submission_rows

    with time_machine.travel(dt.datetime(2026, 11, 29, 12, tzinfo=dt.UTC), tick=False):
        services.demo_fill(plan)
    periods = list(Period.objects.filter(plan=plan).order_by("year", "half"))
    rows = submission_rows(plan=plan, periods=periods, today=NOV_2026)
    submitted = [r for r in rows if r.first_submitted_at is not None]
    assert {r.period.label for r in submitted} == {"2025-H1", "2025-H2", "2026-H1"}
    assert not [r for r in rows if r.late]


def test_demo_follows_the_calendar_and_leaves_the_latest_ended_period_open(plan, strategy_user):
    from indicators.selectors import home_panels

    services.demo_fill(plan, today=NOV_2026)
    filled = {
        p.label: Counter(p.submissions.values_list("status", flat=True))
        for p in Period.objects.filter(plan=plan)
    }
    units = sum(filled["2025-H1"].values())
    assert units >= 1
    # Every period before the latest ended one is filled and submitted by every unit.
    assert sum(filled["2025-H2"].values()) == units
    assert not filled["2025-H1"][SubmissionStatus.DRAFT]
    assert not filled["2025-H2"][SubmissionStatus.DRAFT]
    # The latest ended period is open with a deadline ahead; later ones are untouched.
    h1_2026 = Period.objects.get(plan=plan, year=2026, half=1)
    assert h1_2026.is_open_on(NOV_2026) and h1_2026.deadline > NOV_2026
    assert h1_2026.state == PeriodState.AUTO
    assert filled["2026-H1"][SubmissionStatus.DRAFT] >= 1
    assert not filled["2026-H2"] and not filled["2027-H1"]
    panels = home_panels(strategy_user, plan, NOV_2026)
    assert [p.label for p in panels.open_periods] == ["2026-H1"]
    assert panels.late == []


def test_demo_before_any_period_has_ended_writes_nothing(plan, strategy_user):
    assert services.demo_fill(plan, today=dt.date(2025, 3, 1)) == {"actuals": 0, "submissions": 0}
    assert not Actual.objects.exists()


def test_a_later_run_completes_the_period_an_earlier_run_left_open(plan, strategy_user):
    services.demo_fill(plan, today=FEB_2026)
    h2 = Period.objects.get(plan=plan, year=2025, half=2)
    h2.state = PeriodState.OPEN  # as the demo before issue 15 left it
    h2.save()
    assert h2.submissions.filter(status=SubmissionStatus.DRAFT).exists()

    services.demo_fill(plan, today=NOV_2026)
    h2.refresh_from_db()
    assert h2.state == PeriodState.AUTO and not h2.is_open_on(NOV_2026)
    assert not h2.submissions.filter(status=SubmissionStatus.DRAFT).exists()
    assert [p.label for p in Period.objects.filter(plan=plan) if p.is_open_on(NOV_2026)] == [
        "2026-H1"
    ]
    assert services.demo_fill(plan, today=NOV_2026) == {"actuals": 0, "submissions": 0}
