"""The rendered parts of the dashboards (`reports.views.base.fragment`) and the values derived
from cached results (`reports.results.cache.derived`): rendered or computed once per data
version, never older than the last committed write, and never shared between users of
different scopes.

These tests commit (`transaction=True`), as tests/reports/test_results_cache.py does: inside a
transaction that has written the plan nothing is cached.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from indicators.models import Actual
from reports.results.cache import clear_memo
from tests.conftest import logged_in
from tests.reports.test_results_cache import entered  # noqa: F401 - a fixture

pytestmark = pytest.mark.django_db(transaction=True)

BODY = "reports/_overview_body.html"


@pytest.fixture(autouse=True)
def _fresh_caches():
    clear_memo()
    cache.clear()
    yield
    clear_memo()
    cache.clear()


def body_of(html: str) -> str:
    """The overview under the filters (what the fragment holds)."""
    return html.split('<div class="kpis">', 1)[1].split("</main>", 1)[0]


def rendered(response) -> set[str]:
    return {t.name for t in response.templates}


def test_the_overview_body_is_rendered_once_then_again_after_a_save(
    entered,  # noqa: F811
    client,
    strategy_user,
    indicators,
):
    url = reverse("reports:overview", args=[entered.pk]) + "?year=2025&period=H1"
    page = logged_in(strategy_user, client)
    first = page.get(url)
    second = page.get(url)
    assert BODY in rendered(first) and BODY not in rendered(second)  # served from the cache
    assert body_of(second.content.decode()) == body_of(first.content.decode())

    actual = Actual.objects.get(indicator=indicators[2])
    actual.value = Decimal(3)  # 3 of 15 expected at H1: far lower
    actual.save()
    after = page.get(url)
    assert BODY in rendered(after)  # a new data version: rendered again
    assert body_of(after.content.decode()) != body_of(first.content.decode())


def test_a_unit_staff_member_never_gets_the_strategy_offices_cached_overview(
    entered,  # noqa: F811
    client,
    strategy_user,
    staff_user,
    other_target,
):
    url = reverse("reports:overview", args=[entered.pk]) + "?year=2025&period=H1"
    other = reverse("reports:target", args=[other_target.pk])
    office = logged_in(strategy_user, client).get(url).content.decode()
    assert other in office
    staff = logged_in(staff_user, client).get(url)
    assert BODY in rendered(staff)  # its own fragment (its scope)
    assert other not in staff.content.decode()


def test_the_problems_page_follows_a_save_on_the_very_next_request(
    entered,  # noqa: F811
    client,
    strategy_user,
    indicators,
):
    url = reverse("reports:problems", args=[entered.pk]) + "?year=2025&period=H1&kind=low"
    page = logged_in(strategy_user, client)
    before = page.get(url).context["total"]
    assert page.get(url).context["total"] == before  # from the cached problems
    actual = Actual.objects.get(indicator=indicators[2])
    actual.value = Decimal(3)  # 3 of 15 expected at H1: çok düşük
    actual.save()
    assert page.get(url).context["total"] > before


def test_the_plan_page_is_rendered_once_then_again_after_an_edit(
    entered,  # noqa: F811
    client,
    strategy_user,
    target,
):
    url = reverse("goals:plan", args=[entered.pk])
    page = logged_in(strategy_user, client)
    first = page.get(url)
    second = page.get(url)
    assert "reports/plan/_plan_body.html" in rendered(first)
    assert "reports/plan/_plan_body.html" not in rendered(second)
    assert target.title in second.content.decode()
    target.title = "Yeni hedef başlığı"
    target.save()  # an admin edit: a new data version
    after = page.get(url)
    assert "reports/plan/_plan_body.html" in rendered(after)
    assert "Yeni hedef başlığı" in after.content.decode()


def test_the_default_period_follows_an_extended_deadline_on_the_very_next_request(
    entered,  # noqa: F811
    client,
    strategy_user,
):
    """The default period is kept per data version and day: a committed edit of a deadline
    moves it on the next request."""
    import datetime as dt

    import time_machine

    from indicators.models import Period

    url = reverse("reports:overview", args=[entered.pk])
    page = logged_in(strategy_user, client)
    with time_machine.travel(dt.datetime(2026, 2, 1, 12, tzinfo=dt.UTC), tick=False):
        assert page.get(url).context["sel"].label == "2025-H2"  # its deadline 15.01.2026
        assert page.get(url).context["sel"].label == "2025-H2"  # the same, cached
        h2 = Period.objects.get(plan=entered, year=2025, half=2)
        h2.deadline = dt.date(2026, 2, 15)  # extended: H2's deadline has not passed
        h2.save()
        assert page.get(url).context["sel"].label == "2025-H1"
