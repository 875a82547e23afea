"""Browser: unit staff download the template, fill it, upload it, read the preview, confirm."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from indicators import spreadsheets as ss
from indicators.models import Actual, Period, PeriodState
from tests.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_uploads_a_filled_template_sees_the_preview_and_confirms(
    page, staff_user, small_plan, target, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    period.state = PeriodState.OPEN  # open whatever today's date
    period.save()

    login(page, "birim")
    page.get_by_role("link", name="Excel", exact=True).click()
    assert page.locator("h1").inner_text() == "Excel ile veri aktarımı"
    page.select_option("#template-period", label="2025-H1")
    with page.expect_download() as download:
        page.get_by_role("button", name="Şablonu indir (.xlsx)").click()
    assert download.value.suggested_filename == "gerceklesme-2025-H1-birim-1-mudurlugu.xlsx"

    wb = load_workbook(io.BytesIO(download.value.path().read_bytes()))
    ws = wb[ss.SHEET_TITLE]
    assert ws["H1"].value == "Ne Girilir" and ws["H2"].value == "dönem sonu değeri"
    ws["I2"] = 150  # Değer: a % above 100, a warning to confirm
    ws["J2"] = "Kampanya etkisi"
    ws["I4"] = "12,5"
    out = io.BytesIO()
    wb.save(out)
    page.set_input_files(
        "#import-file",
        files=[
            {"name": "doldurulmus.xlsx", "mimeType": ss.XLSX_CONTENT_TYPE, "buffer": out.getvalue()}
        ],
    )
    page.get_by_role("button", name="Dosyayı denetle").click()

    assert page.locator("h1").inner_text() == "İçe aktarma önizlemesi"
    counts = page.locator("#import-counts").inner_text()
    assert "2 yeni değer" in counts and "1 aynı" in counts
    assert page.locator("#import-warnings").is_visible()
    changes = page.locator("#import-changes tbody tr")
    assert changes.count() == 2
    assert "150" in changes.nth(0).inner_text() and "12,5" in changes.nth(1).inner_text()
    assert not Actual.objects.exists()  # the dry run wrote nothing

    page.get_by_role("button", name="Uyarıları onayla ve kaydet").click()
    assert (
        "İçe aktarma kaydedildi: 2 yeni, 0 değişen, 1 aynı."
        in page.locator(".messages").inner_text()
    )
    values = sorted(Actual.objects.values_list("value", flat=True))
    assert values == [Decimal("12.5"), Decimal("150")]
    # The next step: submit the period on the entry page.
    assert page.locator("#next-step h2").inner_text() == "Sonraki adım: dönemi gönderin"
    page.locator("#next-step a").click()
    assert f"/entry/{target.responsible_unit_id}/{period.pk}/" in page.url
