"""Browser: a unit enters, saves a draft and submits; the strategy office returns it with a
reason; the unit fixes and resubmits; the strategy office approves; the history tells it all."""

import re

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Actual, Period, SubmissionStatus
from tests.conftest import PASSWORD, login
from tests.indicators.entry_support import entry_url


def logout(page) -> None:
    page.get_by_role("button", name="Çıkış yap").click()
    page.wait_for_url(re.compile(r"/login/"))


def value_box(page, indicator):
    return page.get_by_role("textbox", name=f"{indicator.code} {indicator.name} – Değer")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_period_goes_from_draft_to_approved_through_a_return(
    page, small_plan, staff_user, strategy_user, target
):
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    services.period_open(user=strategy_user, period=period)
    first, second, third = target.indicators.order_by("order")

    # 1. The unit fills the form with a Turkish decimal and saves a draft.
    login(page, "birim")
    page.get_by_role("link", name="Veri girişi", exact=True).click()
    row = page.get_by_role("row").filter(has_text="2025 İlk altı ay")
    row.get_by_role("link", name="Veri gir").click()
    assert page.locator("h1").inner_text().endswith("2025 İlk altı ay (Ocak–Haziran)")
    value_box(page, first).fill("37,5")
    page.get_by_role("textbox", name=f"{first.code} {first.name} – Açıklama").fill(
        "Tahsilat kampanyası yapıldı."
    )
    value_box(page, second).fill("40")
    page.get_by_role("button", name="Taslak kaydet").click()
    assert page.get_by_text("Taslak kaydedildi.").is_visible()
    assert value_box(page, first).input_value() == "37,5"
    assert Actual.objects.get(indicator=first, period=period).value == 37.5

    # 2. Submitting without every value is refused, naming the indicator; then it goes.
    page.get_by_role("button", name="Gönder", exact=True).click()
    problems = page.get_by_test_id("problems")
    assert f"{third.code} {third.name} – Değer: Dönemi göndermek için" in problems.inner_text()
    value_box(page, third).fill("15")
    page.get_by_role("button", name="Gönder", exact=True).click()
    assert page.get_by_text("Strateji Birimine gönderildi").is_visible()
    assert page.get_by_test_id("submission-status").inner_text() == "Gönderildi"
    logout(page)

    # 3. The strategy office returns it with a reason and a comment on one indicator.
    login(page, "strateji")
    page.get_by_role("link", name="İnceleme", exact=True).click()
    page.get_by_role("row").filter(has_text=target.responsible_unit.name).get_by_role(
        "link", name="İnceleme"
    ).click()
    page.get_by_label("İade gerekçesi").fill("Birinci göstergenin değerini kontrol edin.")
    page.get_by_role(
        "textbox", name=f"{target.code} · {first.code} {first.name} – Birime yorum"
    ).fill("Dönem sonu tahsilat raporuyla uyuşmuyor.")
    page.get_by_role("button", name="Birime iade et").click()
    assert page.get_by_text("birime iade edildi").is_visible()
    logout(page)

    # 4. The unit sees the reason and the comment, fixes the value and submits again.
    login(page, "birim")
    assert (
        "Birinci göstergenin değerini kontrol edin."
        in page.get_by_test_id("home-tasks").inner_text()
    )
    # The home page also lists the return among the notifications; follow the task's link.
    page.get_by_test_id("home-tasks").get_by_role(
        "link", name=f"{target.responsible_unit.name} · 2025-H1"
    ).click()
    assert (
        "Birinci göstergenin değerini kontrol edin."
        in page.get_by_test_id("return-reason").inner_text()
    )
    assert page.get_by_text("Dönem sonu tahsilat raporuyla uyuşmuyor.").is_visible()
    value_box(page, first).fill("36,5")
    page.get_by_role("button", name="Gönder", exact=True).click()
    assert page.get_by_test_id("submission-status").inner_text() == "Gönderildi"
    logout(page)

    # 5. The strategy office approves.
    login(page, "strateji")
    page.get_by_role("link", name="İnceleme", exact=True).click()
    page.get_by_role("row").filter(has_text=target.responsible_unit.name).get_by_role(
        "link", name="İnceleme"
    ).click()
    page.get_by_role("link", name="Onayla…").click()
    page.get_by_role("button", name="Evet, onayla").click()
    assert page.get_by_test_id("submission-status").inner_text() == "Onaylandı"

    # 6. The value shows as approved, and its history lists every step.
    page.goto(page.base_url + first.get_absolute_url())
    cell = page.get_by_test_id("value-2025-1")
    assert cell.inner_text().replace("\n", " ") == "36,5 onaylandı"
    history = page.get_by_test_id("history").inner_text()
    for step in (
        "Taslak → Gönderildi",
        "Gönderildi → İade edildi",
        "Birinci göstergenin değerini kontrol edin.",
        "37,5 → 36,5",
        "İade edildi → Gönderildi",
        "Gönderildi → Onaylandı",
    ):
        assert step in history, step
    assert "Selin Strateji" in history and "Ayşe" in history
    assert period.submissions.get().status == SubmissionStatus.APPROVED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_file_inputs_speak_turkish_in_an_english_browser(
    _browser, live_server, small_plan, staff_user, strategy_user, target
):
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    services.period_open(user=strategy_user, period=period)
    context = _browser.new_context(locale="en-US", viewport={"width": 820, "height": 1180})
    page = context.new_page()
    page.base_url = live_server.url
    try:
        login(page, "birim", PASSWORD)
        page.goto(live_server.url + entry_url(target.responsible_unit, period))
        first = target.indicators.order_by("order").first()
        pick = page.locator(f"input[name='i{first.pk}-files']").locator("xpath=..")
        assert pick.locator(".file-pick-button").inner_text() == "Dosyaları seçin"
        assert pick.locator(".file-pick-name").inner_text() == "Dosya seçilmedi"
        page.set_input_files(
            f"input[name='i{first.pk}-files']",
            files=[{"name": "tutanak.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4"}],
        )
        assert pick.locator(".file-pick-name").inner_text() == "tutanak.pdf"
        page.goto(live_server.url + reverse("spreadsheets:index"))
        assert page.locator("#upload .file-pick-button").inner_text() == "Dosya seçin"
    finally:
        context.close()
