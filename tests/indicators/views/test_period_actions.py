"""The periods behave as announced: open and close ask first and say how many units they
affect, "Takvime göre" undoes them, a second lock exception for a unit is refused."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from indicators.models import LockException, Period, PeriodState, Submission, SubmissionStatus
from tests.indicators.entry_support import AFTER_H1_DEADLINE, IN_H1_WINDOW, logged_in

pytestmark = pytest.mark.django_db


def test_closing_a_future_period_is_undone_by_the_calendar(strategy_user, plan):
    future = Period.objects.get(plan=plan, year=2026, half=2)
    client = logged_in(strategy_user)
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        html = client.get(reverse("indicators:period_close", args=[future.pk])).content.decode()
        assert "2026-H2 veri girişine kapatılsın mı?" in html
        assert Period.objects.get(pk=future.pk).state == PeriodState.AUTO  # asking changes nothing
        client.post(reverse("indicators:period_close", args=[future.pk]))
        assert Period.objects.get(pk=future.pk).state == PeriodState.CLOSED
        html = client.get(reverse("indicators:periods")).content.decode()
        assert "2026-H2 – Takvime göre" in html
        response = client.post(reverse("indicators:period_calendar", args=[future.pk]), follow=True)
    assert Period.objects.get(pk=future.pk).state == PeriodState.AUTO
    assert "2026-H2 yeniden takvime göre: veri girişi 01.01.2027 tarihinde açılır." in (
        response.content.decode()
    )


def test_opening_a_period_that_has_not_ended_warns_and_says_how_many_units_it_affects(
    strategy_user, plan, period, unit
):
    Submission.objects.create(unit=unit, period=period, status=SubmissionStatus.SUBMITTED)
    client = logged_in(strategy_user)
    url = reverse("indicators:period_open", args=[period.pk])
    with time_machine.travel(dt.datetime(2025, 5, 1, 10, 0), tick=False):
        html = client.get(url).content.decode()
    assert 'data-testid="not-ended"' in html and "2025-H1 henüz bitmedi (30.06.2025" in html
    # 4 units are responsible; one has submitted, so 3 can still enter.
    assert "3 birim değer girebilecek" in html and "Planın hedeflerinden 4 birim sorumlu." in html
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        html = client.get(url).content.decode()
        assert 'data-testid="not-ended"' not in html
        close = client.get(reverse("indicators:period_close", args=[period.pk])).content.decode()
    assert "verilerini göndermemiş 3 birim artık değer giremeyecek" in close


def test_a_second_lock_exception_for_the_same_unit_is_refused(strategy_user, unit, period):
    client = logged_in(strategy_user)
    url = reverse("indicators:period", args=[period.pk])
    data = {"unit": unit.pk, "reason": "Sistem arızası", "until": "2025-07-25"}
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        assert client.post(url, data).status_code == 302
        response = client.post(url, {**data, "until": "2025-07-30"})
    assert response.status_code == 400
    assert (
        f"{unit.name} için 2025-H1 döneminde 25.07.2025 tarihine kadar geçerli bir kilit "
        "istisnası zaten var" in response.content.decode()
    )
    assert LockException.objects.count() == 1
    with time_machine.travel(dt.datetime(2025, 7, 28, 10, 0), tick=False):  # it has expired
        assert client.post(url, {**data, "until": "2025-07-30"}).status_code == 302
    assert LockException.objects.count() == 2


def test_the_review_and_period_pages_run_a_bounded_number_of_queries(
    h1_window, staff_user, strategy_user, unit, period, indicators, django_assert_max_num_queries
):
    from tests.indicators.entry_support import submit

    sub = submit(staff_user, unit, period, indicators)
    client = logged_in(strategy_user)
    client.get(reverse("indicators:periods"))
    for url in (
        reverse("indicators:review"),
        reverse("indicators:periods"),
        reverse("indicators:period", args=[period.pk]),
        reverse("indicators:period_open", args=[period.pk]),
        reverse("indicators:period_close", args=[period.pk]),
        reverse("indicators:submission_approve", args=[sub.pk]),
    ):
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
