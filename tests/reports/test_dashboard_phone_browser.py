"""Browser, at 390×844 (issue 15 items 6 and 7): a unit's staff member opens the dashboard
from the menu, sees their own unit's targets only, and every page fits the phone: no sideways
scrolling of the page, charts inside the screen with none of their labels cut off, and long
tables scrolling inside their own box."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, login
from tests.reports.test_results import add_sample_actuals

PHONE = {"width": 390, "height": 844}

FITS = """() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > vw) {
    problems.push(`page ${document.documentElement.scrollWidth} > ${vw}`);
  }
  for (const svg of document.querySelectorAll("main svg, .container svg")) {
    if (svg.closest(".table-wrap")) continue;  // sparklines scroll with their table
    const box = svg.getBoundingClientRect();
    if (box.width === 0) continue;  // folded away
    if (box.left < -1 || box.right > vw + 1) problems.push(`chart ${box.left}–${box.right}`);
    for (const text of svg.querySelectorAll("text")) {
      const t = text.getBoundingClientRect();
      if (t.width === 0) continue;
      if (t.left < box.left - 1 || t.right > box.right + 1 || t.top < box.top - 1
          || t.bottom > box.bottom + 1) {
        problems.push(`label "${text.textContent}" cut off`);
      }
    }
  }
  for (const table of document.querySelectorAll("table.data")) {
    const wrap = table.closest(".table-wrap");
    if (!wrap) { problems.push("a table outside a scrolling box"); continue; }
    const w = wrap.getBoundingClientRect();
    if (w.width > 0 && (w.left < -1 || w.right > vw + 1)) {
      problems.push(`table box ${w.left}–${w.right}`);
    }
    if (wrap.scrollWidth > wrap.clientWidth && getComputedStyle(wrap).overflowX !== "auto") {
      problems.push("a wide table that does not scroll");
    }
  }
  return problems;
}"""


@pytest.fixture
def phone(request, _browser, live_server):
    context = _browser.new_context(locale="tr-TR", viewport=PHONE, is_mobile=True)
    context.set_default_timeout(15000)
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def assert_fits(page) -> None:
    assert page.evaluate(FITS) == [], page.url


def assert_accessible(page) -> None:
    """axe-core: no serious or critical violation (e.g. a link inside a fold's summary)."""
    from axe_playwright_python.sync_playwright import Axe

    violations = Axe().run(page).response["violations"]
    serious = [v["id"] for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], page.url


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_staff_read_their_dashboard_on_a_phone(phone, kars_plan):
    from goals.permissions import STAFF_GROUP
    from tests.conftest import make_user

    add_sample_actuals(kars_plan)
    h12 = kars_plan.targets.get(code="H1.2")
    make_user("ik", STAFF_GROUP, unit=h12.responsible_unit)
    page = phone
    login(page, "ik")
    page.locator("label.nav-toggle-label").click()
    page.get_by_role("link", name="Gösterge paneli", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_test_id("scope-note").is_visible()
    page.select_option("#id_year", "2025")
    page.select_option("#id_period", "H2")
    page.get_by_role("button", name="Uygula").click()
    page.wait_for_load_state()
    assert_fits(page)
    assert_accessible(page)
    targets = page.get_by_test_id("targets")
    assert targets.get_by_role("link", name="H1.2").is_visible()  # their unit's, unfolded
    assert targets.get_by_role("link", name="H1.1").count() == 0  # another unit's

    targets.get_by_role("link", name="H1.2").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text().startswith("H1.2")
    assert_fits(page)
    assert_accessible(page)
    wrap = page.get_by_test_id("indicator-table").locator("xpath=..")
    assert wrap.evaluate("w => w.scrollWidth > w.clientWidth")  # the long table scrolls inside
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    assert wrap.evaluate("w => w.scrollLeft > 0")
    assert_fits(page)  # scrolling the table does not move the page

    page.get_by_test_id("indicator-table").get_by_role("link").first.click()
    page.wait_for_load_state()
    assert_fits(page)

    for path in ("problems", "units"):
        page.goto(f"{page.base_url}/reports/dashboard/plans/{kars_plan.pk}/{path}/?year=2025")
        assert_fits(page)
    page.goto(f"{page.base_url}/reports/dashboard/aims/{h12.aim_id}/?year=2025")
    assert_fits(page)
