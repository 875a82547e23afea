"""The period a dashboard opens on (issue 11 item 4): the most recent period whose entry
deadline has passed, else the most recent period with data; one function for every page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.models import Actual, Period
from reports.periods import default_period
from tests.conftest import logged_in
from tests.reports.test_results import enter


def at(day: str):
    return time_machine.travel(dt.datetime.fromisoformat(day + "T12:00:00+03:00"), tick=False)


@pytest.fixture
def flow(plan):
    """H1.1 #3 of the small plan: a flow due every half."""
    return plan.targets.order_by("order").first().indicators.get(order=3)


def test_a_late_entry_in_a_later_period_does_not_move_the_dashboard(plan, flow):
    enter(flow, 2025, 1, "10")
    enter(flow, 2025, 2, "10")
    enter(flow, 2026, 1, "4")  # one unit entered 2026-H1 early
    with at("2026-03-01"):  # 2025-H2's deadline (15.01.2026) has passed, 2026-H1's has not
        assert default_period(plan) == (2025, 2)
    with at("2026-01-10"):  # only 2025-H1's deadline (15.07.2025) has passed
        assert default_period(plan) == (2025, 1)
    with at("2026-07-16"):  # 2026-H1's deadline passed: its figures, complete or not
        assert default_period(plan) == (2026, 1)


def test_an_extended_deadline_keeps_the_previous_period(plan, flow):
    h2 = Period.objects.get(plan=plan, year=2025, half=2)
    h2.deadline = dt.date(2026, 2, 15)
    h2.save()
    enter(flow, 2025, 2, "10")
    with at("2026-02-01"):
        assert default_period(plan) == (2025, 1)
    with at("2026-02-16"):
        assert default_period(plan) == (2025, 2)


def test_before_any_deadline_the_latest_period_with_data(plan, flow):
    with at("2025-07-10"):
        assert default_period(plan) == (2025, 1)  # no data: the plan's first period
        enter(flow, 2025, 2, "3")
        assert default_period(plan) == (2025, 2)
        Actual.objects.all().delete()
        Actual.objects.create(
            indicator=flow,
            period=Period.objects.get(plan=plan, year=2026, half=1),
            no_data=True,
            explanation="Kaynak kurum yayımlamadı",
        )
        assert default_period(plan) == (2026, 1)  # a "veri yok" declaration is data


PAGES = ("overview", "problems", "units")


@pytest.mark.parametrize("name", PAGES)
def test_every_dashboard_opens_on_the_default_period(client, plan, strategy_user, flow, name):
    enter(flow, 2026, 1, "4")
    logged_in(strategy_user, client)
    url = reverse(f"reports:{name}", args=[plan.pk])
    with at("2026-03-01"):
        html = client.get(url).content.decode()
    assert '<option value="2025" selected>' in html
    assert '<option value="H2" selected>' in html


@pytest.mark.parametrize("name", ["aim", "target", "indicator"])
def test_the_drill_down_pages_open_on_the_default_period(client, plan, strategy_user, flow, name):
    logged_in(strategy_user, client)
    pk = {"aim": flow.target.aim_id, "target": flow.target_id, "indicator": flow.pk}[name]
    with at("2026-01-10"):
        html = client.get(reverse(f"reports:{name}", args=[pk])).content.decode()
    assert '<option value="2025" selected>' in html
    assert '<option value="H1" selected>' in html


def test_the_default_is_not_looked_up_when_year_and_period_are_given(client, plan, strategy_user):
    logged_in(strategy_user, client)
    url = reverse("reports:overview", args=[plan.pk])
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as without:
        client.get(url)
    with CaptureQueriesContext(connection) as given:
        client.get(url + "?year=2025&period=H2")
    assert len(given) == len(without) - 1
    assert not any('"deadline" <' in q["sql"] for q in given.captured_queries)
    assert any('"deadline" <' in q["sql"] for q in without.captured_queries)
