"""Browser: the strategy office generates and publishes the annual 2025 report; a council
member downloads it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from goals.models import Plan
from goals.permissions import COUNCIL_GROUP, ROLE_GROUPS, STRATEGY_GROUP
from reports.models import Report, ReportStatus
from tests.conftest import login, make_user
from tests.reports.report_data import eager_fixture, fill_period, pdf_pages  # noqa: F401


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_strategy_office_publishes_the_annual_report_and_a_council_member_downloads_it(
    page, plan: Plan, eager, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    for name in ROLE_GROUPS:  # a transactional test before this one may have flushed them
        Group.objects.get_or_create(name=name)
    make_user("strateji", STRATEGY_GROUP)
    make_user("meclis", COUNCIL_GROUP)
    fill_period(plan, 2025, 1)
    fill_period(plan, 2025, 2)

    login(page, "strateji")
    page.get_by_role("link", name="Raporlar", exact=True).click()
    page.select_option("#id_kind", "degerlendirme")
    page.select_option("#id_year", "2025")
    page.get_by_role("button", name="Oluştur").click()
    page.wait_for_load_state()
    # Without a worker (REDIS_URL unset) the job ran in the request, after its commit.
    assert "2025 Yılı hazır." in page.locator(".messages").inner_text()
    report = Report.objects.get()
    row = page.locator(f"#report-{report.pk}")
    # Eager here, so done when the page loads; with a worker the page polls until it is.
    row.get_by_text("Hazır").wait_for()
    assert Report.objects.get().status == ReportStatus.DONE

    row.get_by_role("link", name="Stratejik Plan İzleme ve Değerlendirme Raporu").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Stratejik Plan İzleme ve Değerlendirme Raporu"
    # Some figures rest on values awaiting approval: publishing needs the box ticked.
    confirm = page.get_by_label("onaylanmamış değerlere dayandığı hâlde raporu yayımlıyorum")
    assert f"{report.unapproved_figures} oran" in confirm.locator("..").inner_text()
    confirm.check()
    page.get_by_role("button", name="Yayımla", exact=True).click()
    page.wait_for_load_state()
    assert "meclis üyeleri indirebilir" in page.locator(".messages").inner_text()

    page.context.clear_cookies()
    login(page, "meclis")
    page.get_by_role("link", name="Raporlar", exact=True).click()
    page.get_by_role("link", name="Stratejik Plan İzleme ve Değerlendirme Raporu").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Yayımla", exact=True).count() == 0
    with page.expect_download() as download:
        page.get_by_role("link", name="PDF indir").click()
    assert download.value.suggested_filename == "degerlendirme-2025.pdf"
    with open(download.value.path(), "rb") as fh:
        pages = pdf_pages(fh.read())
    assert "2025 Yılı" in pages[0]
    assert f"Sayfa 2 / {len(pages)}" in pages[1]
    with page.expect_download() as download:
        page.get_by_role("link", name="Word indir").click()
    assert download.value.suggested_filename == "degerlendirme-2025.docx"
