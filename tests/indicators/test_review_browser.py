"""Browser: the periods behave as announced (confirmations, "Takvime göre", no second lock
exception), a review thread is answered by the unit and resolved by the reviewer, and an
approval is confirmed before it happens."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators import services
from indicators.models import LockException, Period, PeriodState, SubmissionStatus
from tests.conftest import login
from tests.indicators.entry_support import submit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def logout(page) -> None:
    page.get_by_role("button", name="Çıkış yap").click()
    page.wait_for_url(re.compile(r"/login/"))


def _current_period(plan) -> Period:
    """The period that contains today: it has not ended, so opening it warns."""
    today = timezone.localdate()
    return Period.objects.get(plan=plan, year=today.year, half=1 if today.month <= 6 else 2)


def test_periods_ask_before_opening_or_closing_and_the_calendar_undoes_them(
    page, small_plan, strategy_user, unit
):
    current = _current_period(small_plan)
    label = current.label
    login(page, "strateji")
    page.goto(page.base_url + reverse("indicators:periods"))

    # 1. Opening a period that has not ended warns and says how many units it affects.
    page.get_by_role("link", name=f"{label} – Tüm birimlere aç…").click()
    assert "henüz bitmedi" in page.get_by_test_id("not-ended").inner_text()
    assert "4 birim değer girebilecek" in page.get_by_test_id("affected").inner_text()
    page.get_by_role("link", name="Vazgeç").click()
    assert Period.objects.get(pk=current.pk).state == PeriodState.AUTO

    # 2. "Kapat" asks, then closes; "Takvime göre" restores the calendar.
    page.get_by_role("link", name=f"{label} – Kapat…").click()
    assert "4 birim artık değer giremeyecek" in page.get_by_test_id("affected").inner_text()
    page.get_by_role("button", name="Evet, kapat").click()
    assert page.get_by_text(f"{label} dönemi veri girişine kapatıldı").is_visible()
    assert Period.objects.get(pk=current.pk).state == PeriodState.CLOSED
    page.get_by_role("button", name=f"{label} – Takvime göre").click()
    assert page.get_by_text(f"{label} yeniden takvime göre").is_visible()
    assert Period.objects.get(pk=current.pk).state == PeriodState.AUTO

    # 3. A second lock exception for the same unit is refused with a clear message.
    page.goto(page.base_url + reverse("indicators:period", args=[current.pk]))
    until = (timezone.localdate() + dt.timedelta(days=10)).strftime("%d.%m.%Y")
    for _attempt in range(2):
        page.get_by_label("Birim", exact=True).select_option(str(unit.pk))
        page.get_by_label("Gerekçe", exact=True).fill("Sistem arızası")
        page.get_by_label("Açık kalacağı son gün").fill(until)
        page.get_by_role("button", name="Birime yeniden aç").click()
    assert page.get_by_text(f"{unit.name} için {label} döneminde").is_visible()
    assert "ikinci bir istisna açılamaz" in page.locator("#lock-exceptions").inner_text()
    assert LockException.objects.count() == 1


def test_a_thread_is_answered_by_the_unit_and_resolved_by_the_reviewer(
    page, small_plan, staff_user, strategy_user, unit, target, indicators
):
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    services.period_open(user=strategy_user, period=period)
    sub = submit(staff_user, unit, period, indicators)
    third = indicators[2]
    services.submission_return(
        user=strategy_user,
        submission=sub,
        reason="Kanıt eksik.",
        comments={third.pk: "Fatura ekleyin."},
    )
    name = f"{target.code} · {third.code} {third.name}"

    # 1. The unit follows the comment from its entry page and answers in the thread.
    login(page, "birim")
    page.goto(page.base_url + reverse("indicators:entry", args=[unit.pk, period.pk]))
    page.get_by_role("link", name="Yorum dizisinde yanıtla").click()
    page.get_by_role("textbox", name=f"{name} – Yanıtınız").fill("Fatura eklendi.")
    page.get_by_role("button", name="Yanıtla").click()
    assert page.get_by_text("Yanıtınız yorum dizisine eklendi.").is_visible()
    assert "Fatura eklendi." in page.get_by_test_id("reply").inner_text()
    logout(page)

    # 2. The reviewer reads the answer and marks the thread resolved.
    login(page, "strateji")
    page.goto(page.base_url + reverse("indicators:submission", args=[sub.pk]))
    assert "Fatura eklendi." in page.get_by_test_id("thread").inner_text()
    page.get_by_role("button", name=f"{name} – Çözüldü olarak işaretle").click()
    assert page.get_by_text("çözüldü olarak işaretlendi").is_visible()
    assert "Çözüldü" in page.get_by_test_id("thread").inner_text()

    # 3. After the unit submits again, the resolved thread is folded away (one click opens it).
    services.submission_submit(user=staff_user, unit=unit, period=period)
    page.reload()
    thread = page.get_by_test_id("thread")
    assert not page.get_by_text("Fatura eklendi.").is_visible()
    thread.get_by_text("Çözülmüş yorum dizisi").click()
    assert page.get_by_text("Fatura eklendi.").is_visible()


def test_approval_is_confirmed_before_it_happens(
    page, small_plan, staff_user, strategy_user, unit, indicators
):
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    services.period_open(user=strategy_user, period=period)
    sub = submit(staff_user, unit, period, indicators)
    login(page, "strateji")
    page.goto(page.base_url + reverse("indicators:submission", args=[sub.pk]))
    page.get_by_role("link", name="Onayla…").click()
    assert "3 değer dondurulacak." in page.get_by_test_id("confirm").inner_text()
    page.get_by_role("link", name="Vazgeç").click()
    sub.refresh_from_db()
    assert sub.status == SubmissionStatus.SUBMITTED
    page.get_by_role("link", name="Onayla…").click()
    page.get_by_role("button", name="Evet, onayla").click()
    assert page.get_by_text("Onaylandı: ").is_visible()
    assert page.get_by_test_id("submission-status").inner_text() == "Onaylandı"
