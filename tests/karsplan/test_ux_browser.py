"""Browser: axe-core finds no serious or critical accessibility violation on the main pages
(issue 15 item 8), the demo's home page matches the calendar (item 11), and "Oluştur" shows
that it is working (item 10).

axe-core is the copy bundled in axe-playwright-python (no network); Chromium is Debian's.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from indicators.demo import demo_fill, demo_periods
from indicators.models import Submission, SubmissionStatus
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BLOCKING = ("serious", "critical")


def blocking_violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"resultTypes": ["violations", "passes"]})
    assert len(results.response["passes"]) > 10  # axe ran its rules on the page
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(n["target"]) for n in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in BLOCKING
    ]


def check(page, url: str) -> list[str]:
    page.goto(page.base_url + url)
    page.wait_for_load_state("load")
    return [f"{url}: {line}" for line in blocking_violations(page)]


def test_axe_finds_nothing_serious_on_the_main_pages(
    page, plan, target, strategy_user, staff_user, council_user
):
    demo_fill(plan)
    _, open_period = demo_periods(plan, timezone.localdate())
    submission = (
        Submission.objects.filter(status=SubmissionStatus.SUBMITTED).order_by("pk").first()
        or Submission.objects.order_by("pk").first()
    )
    found: list[str] = []

    login(page, "strateji")
    for url in (
        reverse("home"),
        reverse("indicators:review"),
        reverse("indicators:submission", args=[submission.pk]),
        reverse("reports:overview", args=[plan.pk]),
        reverse("reports:target", args=[target.pk]),
        reverse("archive:list"),
        reverse("help"),
    ):
        found += check(page, url)
    page.context.clear_cookies()

    login(page, "birim")
    found += check(page, reverse("home"))
    found += check(
        page, reverse("indicators:entry", args=[target.responsible_unit.pk, open_period.pk])
    )
    found += check(page, reverse("help"))
    page.context.clear_cookies()

    login(page, "meclis")
    found += check(page, reverse("archive:list"))
    found += check(page, reverse("help_role", args=["meclis-uyesi"]))

    assert found == [], "\n".join(found)


def test_the_skip_link_takes_the_keyboard_to_the_content(page, plan, staff_user):
    login(page, "birim")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="İçeriğe geç")
    assert skip.evaluate("el => el === document.activeElement")
    assert skip.is_visible()  # shown when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#content"
    assert page.evaluate("document.activeElement.id") == "content"


def test_the_demo_home_page_shows_the_open_period_with_a_future_deadline(
    page, plan, strategy_user, settings
):
    settings.DEMO = True
    call_command("load_demo", stdout=io.StringIO())
    today = timezone.localdate()
    done, open_period = demo_periods(plan, today)
    open_period.refresh_from_db()
    assert open_period.deadline > today
    deadline = f"{open_period.deadline:%d.%m.%Y}"

    login(page, "strateji")
    review = page.get_by_test_id("home-review")
    text = review.inner_text()
    assert f"Veri girişine açık: {open_period.label} (son tarih {deadline})" in text, text
    assert "göndermedi" not in text  # no unit late for any period
    for period in done:  # the filled periods are not open any more
        assert f"{period.label} (son tarih" not in text
    assert dt.date(*map(int, reversed(deadline.split(".")))) > today


def test_generate_shows_that_it_is_working(page, plan, strategy_user):
    """With no worker the report renders inside the request: the button says so meanwhile.
    The POST is answered 204 here, which leaves the page as it was during the wait."""
    sent = []

    def hold(route):
        sent.append(route.request.post_data)
        route.fulfill(status=204)

    login(page, "strateji")
    page.goto(page.base_url + reverse("archive:list"))
    page.route("**" + reverse("archive:generate"), hold)
    page.select_option("#id_year", "2025")
    page.select_option("#id_period", "1")
    page.get_by_role("button", name="Oluştur", exact=True).click()
    busy = page.locator("form[data-busy] button[type=submit]")
    busy.wait_for(state="attached")
    page.wait_for_function("document.querySelector('form[data-busy] button').disabled")
    assert busy.inner_text() == "Rapor hazırlanıyor…"
    assert page.get_by_text("Rapor hazırlanıyor; bu bir dakika kadar sürebilir.").is_visible()
    assert sent and "year=2025" in sent[0] and "period=1" in sent[0]
