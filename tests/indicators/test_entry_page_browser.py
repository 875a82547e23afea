"""Browser: the entry page as units live it. "Veri yok" with its reason reaches the review
page; removing a file says so, is in the history and can be undone by the strategy office;
typed values are never lost (leave-page prompt, expired session); a phone shows cards without
sideways scrolling, a 1,366 px screen shows the evidence column; a refused file is taken out
of the choice while the other files stay chosen."""

import re

import pytest
from django.contrib.sessions.backends.cached_db import SessionStore
from django.contrib.sessions.models import Session
from django.urls import reverse

from indicators import services
from indicators.models import Actual, Evidence, Period, Submission, SubmissionStatus
from tests.conftest import PASSWORD, login
from tests.indicators.entry_support import entry_url

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def box(page, indicator, field="Değer"):
    return page.get_by_role("textbox", name=f"{indicator.code} {indicator.name} – {field}")


def open_entry(page, unit, period, username="birim"):
    login(page, username)
    page.goto(page.base_url + entry_url(unit, period))


@pytest.fixture
def open_period(small_plan, strategy_user):
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    services.period_open(user=strategy_user, period=period)
    return period


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_unit_declares_veri_yok_with_a_reason_submits_and_the_review_page_shows_the_reason(
    page, staff_user, strategy_user, target, open_period
):
    first, second, third = target.indicators.order_by("order")
    open_entry(page, target.responsible_unit, open_period)
    box(page, first).fill("40")
    page.get_by_role("checkbox", name=f"{second.code} {second.name} – Veri yok").check()
    box(page, second, "Açıklama").fill("TÜİK 2025 verisini henüz yayımlamadı.")
    box(page, third).fill("15")
    page.get_by_role("button", name="Gönder", exact=True).click()
    assert page.get_by_text("Strateji Birimine gönderildi").is_visible()
    assert page.get_by_test_id("submission-status").inner_text() == "Gönderildi"
    page.get_by_role("button", name="Çıkış yap").click()
    page.wait_for_url(re.compile(r"/login/"))

    login(page, "strateji")
    submission = Submission.objects.get(unit=target.responsible_unit, period=open_period)
    page.goto(page.base_url + reverse("indicators:submission", args=[submission.pk]))
    row = page.locator(f"#indicator-{second.pk}")
    assert "TÜİK 2025 verisini henüz yayımlamadı." in row.inner_text()
    approve = page.get_by_role("button", name="Onayla", exact=True)
    if approve.count():
        approve.click()
    else:  # approval asks for a confirmation first
        page.get_by_role("link", name=re.compile("^Onayla")).click()
        page.get_by_role("button", name=re.compile("onayla$")).click()
    assert page.get_by_test_id("submission-status").inner_text() == "Onaylandı"
    declared = Actual.objects.get(indicator=second, period=open_period)
    assert declared.no_data and declared.value is None
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.APPROVED


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_removing_a_file_says_what_it_did_is_in_the_history_and_the_strategy_office_restores_it(
    page, staff_user, strategy_user, target, open_period, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = target.indicators.order_by("order").first()
    open_entry(page, target.responsible_unit, open_period)
    page.set_input_files(
        f"input[name='i{first.pk}-files']",
        files=[{"name": "tutanak.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    page.get_by_role("button", name="Taslak kaydet").click()
    assert page.get_by_text("Taslak kaydedildi.").is_visible()
    page.get_by_role("checkbox", name=re.compile(r"^tutanak\.pdf dosyasını kaldır")).check()
    page.get_by_role("button", name="Taslak kaydet").click()
    message = page.get_by_text("1 kanıt dosyası kaldırıldı: tutanak.pdf.")
    assert message.is_visible()
    assert not page.get_by_text("Değişiklik yok").is_visible()
    assert (
        page.locator(f"#indicator-{first.pk}").get_by_role("link", name="tutanak.pdf").count() == 0
    )

    page.goto(page.base_url + first.get_absolute_url())
    history = page.get_by_test_id("history").inner_text()
    assert "Kanıt dosyaları: – → tutanak.pdf" in history
    assert "Kanıt dosyaları: tutanak.pdf → kaldırıldı" in history
    assert "Ayşe" in history
    page.get_by_role("button", name="Çıkış yap").click()
    page.wait_for_url(re.compile(r"/login/"))

    open_entry(page, target.responsible_unit, open_period, "strateji")
    removed = page.get_by_test_id("removed-evidence")
    assert "tutanak.pdf" in removed.inner_text() and "Ayşe" in removed.inner_text()
    removed.get_by_role("button", name=re.compile("tutanak.pdf dosyasını geri al")).click()
    assert page.get_by_text("tutanak.pdf yeniden eklendi.").is_visible()
    assert Evidence.objects.get().removed_at is None
    page.goto(page.base_url + first.get_absolute_url())
    assert (
        "Kanıt dosyaları: kaldırıldı → tutanak.pdf" in page.get_by_test_id("history").inner_text()
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_leaving_the_page_with_unsaved_changes_asks_first(page, staff_user, target, open_period):
    first = target.indicators.order_by("order").first()
    open_entry(page, target.responsible_unit, open_period)
    url = page.url
    asked = []

    def answer(dialog):
        asked.append(dialog.type)
        dialog.dismiss()  # stay on the page

    page.on("dialog", answer)
    box(page, first).fill("37,5")
    page.get_by_role("link", name="Veri girişi", exact=True).first.click()
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    assert page.url == url and box(page, first).input_value() == "37,5"
    # Saving is not leaving: no question; a page without changes leaves freely.
    page.get_by_role("button", name="Taslak kaydet").click()
    assert page.get_by_text("Taslak kaydedildi.").is_visible()
    page.get_by_role("link", name="Veri girişi", exact=True).first.click()
    page.wait_for_url(re.compile(r"/indicators/entry/$"))
    assert asked == ["beforeunload"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_save_after_the_session_expired_brings_the_values_back_after_login(
    page, staff_user, target, open_period
):
    first = target.indicators.order_by("order").first()
    open_entry(page, target.responsible_unit, open_period)
    box(page, first).fill("37,5")
    box(page, first, "Açıklama").fill("Kampanya sonrası ölçüldü.")
    for session in Session.objects.all():  # the session expires while the user types
        SessionStore(session.session_key).delete()  # its row and its cached copy
    page.get_by_role("button", name="Taslak kaydet").click()
    page.wait_for_url(re.compile(r"/login/"))
    assert not Actual.objects.exists()
    page.fill("#id_username", "birim")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(entry_url(target.responsible_unit, open_period) + "$"))
    assert page.get_by_text("Oturumunuzun süresi dolmuştu").is_visible()
    assert box(page, first).input_value() == "37,5"
    assert box(page, first, "Açıklama").input_value() == "Kampanya sonrası ölçüldü."
    page.get_by_role("button", name="Taslak kaydet").click()
    assert page.get_by_text("Taslak kaydedildi.").is_visible()
    actual = Actual.objects.get(indicator=first, period=open_period)
    assert str(actual.value) == "37.5000" and actual.explanation == "Kampanya sonrası ölçüldü."


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_each_indicator_is_a_card_with_its_value_field_and_nothing_scrolls_sideways(
    _browser, live_server, staff_user, target, open_period
):
    context = _browser.new_context(locale="tr-TR", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.base_url = live_server.url
    try:
        first = target.indicators.order_by("order").first()
        open_entry(page, target.responsible_unit, open_period)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, width
        field = box(page, first)
        field.scroll_into_view_if_needed()
        assert field.is_visible()
        rect = field.bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= 390, rect
        row = page.locator(f"#indicator-{first.pk}")
        assert row.evaluate("r => getComputedStyle(r).display") == "block"  # a card
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_1366_px_screen_the_evidence_column_is_visible(
    _browser, live_server, staff_user, target, open_period
):
    context = _browser.new_context(locale="tr-TR", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.base_url = live_server.url
    try:
        first = target.indicators.order_by("order").first()
        open_entry(page, target.responsible_unit, open_period)
        header = page.locator(f"#target-{target.pk} th").filter(has_text="Kanıt dosyaları")
        rect = header.bounding_box()
        assert rect["x"] + rect["width"] <= 1366, rect
        wrap = page.locator(f"#target-{target.pk} .table-wrap")
        assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth")
        picker = page.locator(f"input[name='i{first.pk}-files']").locator("xpath=..")
        assert picker.locator(".file-pick-button").is_visible()
        # The contents, folded at this width, open from the save bar and lead to a target.
        index = page.get_by_test_id("entry-index")
        assert index.evaluate("d => !d.open")
        page.locator(".entry-actions").get_by_role("link", name="İçindekiler").click()
        assert index.evaluate("d => d.open")
        index.get_by_role("link", name=target.code).click()
        page.wait_for_url(re.compile(f"#target-{target.pk}$"))
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_refused_file_is_taken_out_of_the_choice_and_the_other_files_stay_chosen(
    page, staff_user, target, open_period, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    first = target.indicators.order_by("order").first()
    open_entry(page, target.responsible_unit, open_period)
    name = f"input[name='i{first.pk}-files']"
    page.set_input_files(
        name,
        files=[
            {"name": "tutanak.pdf", "mimeType": "application/pdf", "buffer": PDF},
            {"name": "notlar.txt", "mimeType": "text/plain", "buffer": b"not"},
        ],
    )
    cell = page.locator(f"#indicator-{first.pk} .evidence-cell")
    assert (
        "notlar.txt kabul edilen bir dosya türü değil" in cell.locator(".file-refused").inner_text()
    )
    assert cell.locator(".file-pick-name").inner_text() == "tutanak.pdf"
    assert page.locator(name).evaluate("i => i.files.length") == 1
    page.get_by_role("button", name="Taslak kaydet").click()
    assert page.get_by_text("Taslak kaydedildi.").is_visible()
    assert list(Evidence.objects.values_list("original_name", flat=True)) == ["tutanak.pdf"]
