"""The demo's actuals: plausible, marked as demo data, idempotent, one period left open."""

import datetime as dt
from collections import Counter

import pytest

from indicators import demo as services
from indicators.models import Actual, Period, PeriodState, Submission, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_demo_fill_fills_every_indicator_due_in_the_year_and_is_idempotent(plan, strategy_user):
    counts = services.demo_fill(plan, 2025)
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
    assert h2_period.state == PeriodState.OPEN
    h2 = Counter(Submission.objects.filter(period=h2_period).values_list("status", flat=True))
    assert h2[SubmissionStatus.DRAFT] >= 1
    snapshot = list(Actual.objects.order_by("pk").values_list("pk", "value", "version"))
    again = services.demo_fill(plan, 2025)
    assert again == {"actuals": 0, "submissions": 0}
    assert list(Actual.objects.order_by("pk").values_list("pk", "value", "version")) == snapshot


def test_demo_values_are_the_same_on_every_database(plan, strategy_user):
    services.demo_fill(plan, 2025)
    first = sorted(
        Actual.objects.values_list(
            "indicator__target__code", "indicator__order", "period__half", "value"
        )
    )
    Actual.objects.all().delete()
    Submission.objects.all().delete()
    services.demo_fill(plan, 2025)
    assert (
        sorted(
            Actual.objects.values_list(
                "indicator__target__code", "indicator__order", "period__half", "value"
            )
        )
        == first
    )


def test_demo_fill_works_on_the_kars_plan(kars_plan, strategy_user):
    counts = services.demo_fill(kars_plan, 2025)
    assert counts["actuals"] > 300
    assert not Actual.objects.filter(value__isnull=True).exists()


def test_demo_submissions_are_on_time(plan, strategy_user):
    from indicators.selectors import submission_rows

    services.demo_fill(plan, 2025)
    periods = list(Period.objects.filter(plan=plan, year=2025).order_by("half"))
    rows = submission_rows(plan=plan, periods=periods, today=dt.date(2026, 11, 25))
    submitted = [r for r in rows if r.first_submitted_at is not None]
    assert submitted
    assert not [r for r in submitted if r.late]
