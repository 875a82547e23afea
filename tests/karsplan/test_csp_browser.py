"""Browser: under the Content-Security-Policy every role's main pages load without a single
violation, and the pages' scripts still work (file picker, plan select, report progress)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from goals.models import Plan
from indicators import services as indicator_services
from indicators.models import Indicator, Period
from reports.models import Report, ReportKind, ReportStatus
from tests.conftest import login
from tests.indicators.entry_support import entry_url
from tests.reports.report_data import fill_period

# Chromium fires `securitypolicyviolation` on the document for every blocked inline script,
# inline style, style attribute or event handler; the init script runs before the page's own.
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " +
                    (e.sourceFile || "") + ":" + e.lineNumber);
});
"""


class Visitor:
    """A logged-in page that records CSP violations from the console and from the event."""

    def __init__(self, page) -> None:
        self.page = page
        self.console: list[str] = []
        page.on(
            "console",
            lambda msg: (
                self.console.append(msg.text) if "Content Security Policy" in msg.text else None
            ),
        )
        page.context.add_init_script(LISTEN)

    def visit(self, url: str) -> None:
        response = self.page.goto(self.page.base_url + url)
        assert response is not None and response.status == 200, (url, response and response.status)
        assert "default-src 'self'" in response.headers["content-security-policy"]
        self.page.wait_for_load_state("load")
        self.check(url)

    def check(self, where: str) -> None:
        events = self.page.evaluate("window.__csp || []")
        assert not events, (where, events)
        assert not self.console, (where, self.console)


@pytest.fixture
def filled(plan: Plan, strategy_user) -> Plan:
    fill_period(plan, 2025, 1)
    fill_period(plan, 2025, 2)
    return plan


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_strategy_office_pages_and_admin_raise_no_violation(page, filled, strategy_user):
    plan = filled
    target = plan.targets.order_by("order").first()
    indicator = Indicator.objects.filter(target=target).order_by("order").first()
    period = Period.objects.get(plan=plan, year=2025, half=2)
    aim = plan.aims.order_by("order").first()
    Report.objects.create(
        plan=plan,
        kind=ReportKind.MONITORING,
        year=2025,
        half=1,
        status=ReportStatus.RUNNING,
        progress=40,
        started_at=timezone.now(),
        requested_by=strategy_user,
    )
    visitor = Visitor(page)
    login(page, "strateji")
    visitor.check("login")
    overview = reverse("reports:overview", args=[plan.pk]) + "?year=2025&period=H2"
    for url in [
        reverse("home"),
        reverse("goals:overview"),
        reverse("goals:target", args=[target.pk]),
        reverse("indicators:entry_index"),
        entry_url(target.responsible_unit, period),
        reverse("indicators:review"),
        reverse("indicators:periods"),
        reverse("indicators:detail", args=[indicator.pk]),
        overview,
        reverse("reports:aim", args=[aim.pk]) + "?year=2025&period=H2",
        reverse("reports:target", args=[target.pk]) + "?year=2025&period=H2",
        reverse("reports:indicator", args=[indicator.pk]) + "?year=2025&period=H2",
        reverse("reports:units", args=[plan.pk]),
        reverse("reports:problems", args=[plan.pk]),
        reverse("spreadsheets:index"),
        reverse("exports:index"),
        reverse("admin:index"),
        reverse("admin:goals_target_changelist"),
        reverse("admin:goals_target_change", args=[target.pk]),
        reverse("admin:goals_target_history", args=[target.pk]),
        reverse("admin:indicators_indicator_changelist"),
        reverse("admin:indicators_indicator_change", args=[indicator.pk]),
        reverse("admin:indicators_indicator_import"),
        reverse("admin:indicators_indicator_export"),
        reverse("admin:goals_unit_add"),
    ]:
        visitor.visit(url)
    # The admin's weight warning is red through admin.css, not an inline style.
    Indicator.objects.filter(pk=indicator.pk).update(weight=indicator.weight + 7)
    visitor.visit(reverse("admin:goals_target_changelist") + "?weights=off")
    warning = page.locator("strong.weight-warning").first
    assert warning.inner_text().startswith("⚠")
    assert warning.evaluate("e => getComputedStyle(e).color") == "rgb(179, 38, 30)"

    # The admin export page's "Select all" box works without its inline handler.
    visitor.visit(reverse("admin:indicators_indicator_export"))
    fields = page.locator(".selectable-field-export-row input[type=checkbox]:visible")
    assert fields.count() > 1 and all(box.is_checked() for box in fields.all())
    page.locator("input.select-toggle").uncheck()
    assert not any(box.is_checked() for box in fields.all())

    # The dashboards' charts are inline SVG, drawn under the policy.
    visitor.visit(overview)
    assert page.locator("main svg").count() >= 1
    assert page.locator("main svg").first.bounding_box()["height"] > 20

    # The archive: the running job's progress bar is a <progress>, moved by report-progress.js.
    visitor.visit(reverse("archive:list"))
    bar = page.locator("progress[data-progress]")
    assert bar.get_attribute("value") == "40"
    assert bar.bounding_box()["width"] > 50
    report = Report.objects.get()
    Report.objects.filter(pk=report.pk).update(progress=70)
    expect(bar).to_have_attribute("value", "70", timeout=10000)
    visitor.check("archive polling")
    visitor.visit(reverse("archive:detail", args=[report.pk]))


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_unit_staff_entry_page_scripts_work_under_the_policy(
    page, plan, staff_user, strategy_user, target
):
    period = Period.objects.get(plan=plan, year=2025, half=1)
    indicator_services.period_open(user=strategy_user, period=period)
    visitor = Visitor(page)
    login(page, "birim")
    visitor.visit(reverse("home"))
    visitor.visit(reverse("goals:overview"))
    visitor.visit(reverse("indicators:entry_index"))
    visitor.visit(entry_url(target.responsible_unit, period))
    # file-input.js ran: the Turkish picker replaces the browser's own button text.
    picker = page.locator(".file-pick-button").first
    assert picker.is_visible()
    assert picker.inner_text() in ("Dosya seçin", "Dosyaları seçin")
    visitor.visit(reverse("spreadsheets:index"))
    visitor.check("entry")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_council_pages_and_the_plan_select_work_under_the_policy(page, filled, council_user):
    plan = filled
    older = Plan.objects.create(
        institution=plan.institution, name="Eski plan 2020–2024", start_year=2020, end_year=2024
    )
    visitor = Visitor(page)
    login(page, "meclis")
    for url in [
        reverse("home"),
        reverse("goals:overview"),
        reverse("reports:overview", args=[plan.pk]) + "?year=2025&period=H2",
        reverse("exports:index"),
        reverse("archive:list"),
    ]:
        visitor.visit(url)
    # The plan select submits itself (auto-submit.js instead of an inline onchange).
    page.select_option("select[name=plan]", str(older.pk))
    page.wait_for_url(f"**plan={older.pk}**")
    visitor.check("plan select")
