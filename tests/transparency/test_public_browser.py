"""Browser: an anonymous visitor on a phone reads the plan, a published period's figures,
downloads its open data and its report; a changed value does not change the public figure."""

from __future__ import annotations

import csv
import io

import pytest

from indicators.models import Actual
from transparency.opendata import CSV_COLUMNS

PHONE = {"width": 390, "height": 844}


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_anonymous_visitor_reads_the_public_pages_on_a_phone(page, public):
    page.set_viewport_size(PHONE)
    page.goto(page.base_url + "/acik/")
    page.get_by_role("link", name=public.plan.name).click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith(public.plan.name)
    assert _fits_the_screen(page)
    page.get_by_text("Amaçlar, hedefler ve göstergeler").scroll_into_view_if_needed()
    aim = public.approved[0].target.aim
    page.locator("summary", has_text=aim.code).first.click()
    assert page.get_by_text(public.approved[0].name).first.is_visible()

    # the report download
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF").first.click()
    with open(download.value.path(), "rb") as fh:
        assert fh.read().startswith(b"%PDF")

    # the published period's figures
    page.get_by_role("link", name="2025 I. altı aylık dönem (H1)").click()
    page.wait_for_load_state()
    assert "2025-H1" in page.locator("h1").inner_text()
    assert "%50,00" in page.locator("main").inner_text()
    assert page.locator("section.chart svg").count() == 1
    assert _fits_the_screen(page)

    # its open data
    with page.expect_download() as download:
        page.get_by_role("link", name="CSV indir").click()
    with open(download.value.path(), encoding="utf-8-sig") as fh:
        rows = list(csv.reader(io.StringIO(fh.read())))
    assert tuple(rows[0]) == CSV_COLUMNS

    # a value changes after publication: the public figure stays as published
    Actual.objects.filter(indicator=public.approved[0]).update(value=38)
    page.reload()
    assert "%50,00" in page.locator("main").inner_text()
    assert "%90,00" not in page.locator("main").inner_text()

    # an unpublished period has no page
    response = page.goto(page.base_url + page.url.replace(page.base_url, "").replace("H1", "H2"))
    assert response.status == 404


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_axe_finds_nothing_serious_on_the_public_pages(page, public):
    """The axe check of issue 15 item 8 applies to /acik/ (issue 17): index, plan (aims
    unfolded), a published period's figures, on a computer and on a phone."""
    from django.urls import reverse

    from tests.karsplan.test_ux_browser import blocking_violations

    urls = (
        reverse("public:index"),
        reverse("public:plan", args=[public.plan.pk]),
        reverse("public:period", kwargs={"pk": public.plan.pk, "year": 2025, "half": 1}),
    )
    found: list[str] = []
    for size in ({"width": 1366, "height": 768}, PHONE):
        page.set_viewport_size(size)
        for url in urls:
            page.goto(page.base_url + url)
            page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
            found += [f"{size['width']} px {url}: {line}" for line in blocking_violations(page)]
    assert found == [], "\n".join(found)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_public_pages_raise_no_content_security_policy_violation(page, public):
    """The public pages (their chart included) load under the site's CSP without a violation."""
    from django.urls import reverse

    from tests.karsplan.test_csp_browser import Visitor

    visitor = Visitor(page)
    for url in (
        reverse("public:index"),
        reverse("public:plan", args=[public.plan.pk]),
        reverse("public:period", kwargs={"pk": public.plan.pk, "year": 2025, "half": 1}),
    ):
        visitor.visit(url)
