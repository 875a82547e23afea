"""Notifications on the home page: what a unit has to enter, what was returned or is late; what
awaits the strategy office's review."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from indicators import services
from tests.indicators.entry_support import (
    AFTER_H1_DEADLINE,
    IN_H1_WINDOW,
    IST,
    logged_in,
    submit,
)

pytestmark = pytest.mark.django_db


def home(user) -> str:
    return logged_in(user).get(reverse("home")).content.decode()


def test_the_unit_sees_what_is_due_with_its_deadline(staff_user, unit, period):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        html = home(staff_user)
    assert "Veri girişleriniz" in html and "Girilecek" in html
    assert f"{unit.name} · 2025-H1" in html and "son tarih 15.07.2025" in html


def test_the_unit_sees_what_was_returned_with_the_reason(
    staff_user, strategy_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submit(staff_user, unit, period, indicators)
        html = home(staff_user)
        assert "İnceleme bekliyor" in html
        services.submission_return(user=strategy_user, submission=submission, reason="Kanıt eksik.")
        html = home(staff_user)
    assert "İade edildi" in html and "Kanıt eksik." in html


def test_the_unit_sees_a_period_it_missed(staff_user, unit, period):
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        html = home(staff_user)
    assert "Gecikmiş" in html and "son tarih 15.07.2025 idi" in html


def test_the_strategy_office_sees_what_awaits_review_and_who_is_late(
    staff_user, strategy_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submit(staff_user, unit, period, indicators)
        html = home(strategy_user)
        assert "2025-H1: 1 gönderim inceleme bekliyor" in html
        assert "Veri girişine açık" in html
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        html = home(strategy_user)
    assert "2025-H1: 3 birim son tarihe kadar göndermedi" in html


def test_council_members_see_no_entry_panels(council_user, period):
    with time_machine.travel(dt.datetime(2025, 7, 5, tzinfo=IST), tick=False):
        html = home(council_user)
    assert "Veri girişleriniz" not in html and "İnceleme bekliyor" not in html
    assert "Veri girişi" not in html  # nor the navigation link


def test_the_council_members_home_page_leads_to_the_dashboard_and_the_reports(
    plan, council_user, staff_user
):
    html = logged_in(council_user).get(reverse("home")).content.decode()
    panel = html.split('data-testid="home-council"')[1]
    assert "Planı izleyin" in panel
    assert reverse("reports:dashboard") in panel and reverse("archive:list") in panel
    assert 'data-testid="home-council"' not in logged_in(staff_user).get("/").content.decode()


def test_the_units_periods_cost_three_queries_whatever_their_submissions(
    staff_user, unit, period, indicators, plan, django_assert_num_queries
):
    from indicators.selectors import unit_periods

    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submit(staff_user, unit, period, indicators)
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False), django_assert_num_queries(3):
        rows = unit_periods(units=[unit], plan=plan, today=AFTER_H1_DEADLINE.date())
    [row] = [r for r in rows if r.period == period]
    assert (row.task, row.late) == ("waiting", False)
