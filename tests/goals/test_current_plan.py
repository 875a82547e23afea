"""One rule decides which plan is current, on every page and command (issue 10)."""

from __future__ import annotations

from goals.models import Plan
from tests.plan_documents import load_small_plan


def test_current_plan_is_newest_start_year_then_last_loaded(db):
    first = load_small_plan()
    same_year = Plan.objects.create(
        institution=first.institution,
        name="Aynı yılın ikinci planı",
        start_year=2025,
        end_year=2029,
    )
    older = Plan.objects.create(
        institution=first.institution, name="A eski plan", start_year=2020, end_year=2024
    )
    # Before issue 10 the home page, the indicator pages and the reports disagreed here:
    # ordering by name picked "Test Planı", ordering by -pk the plan loaded last.
    assert Plan.objects.current() == same_year
    assert list(Plan.objects.newest_first()) == [same_year, first, older]
    assert list(Plan.objects.all()) == [same_year, first, older]


def test_home_shows_the_current_plan(client, strategy_user):
    load_small_plan()
    newer = Plan.objects.create(
        institution="Kars Belediyesi", name="Zeta Planı", start_year=2025, end_year=2029
    )
    client.force_login(strategy_user)
    response = client.get("/")
    assert response.context["plan"] == newer
