"""Regressions found by the pre-release QA pass (every role, every page, in an English browser):
500s in the admin, English that users saw, dates in the browser's format, misleading texts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
import time_machine
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from budget.models import CostTotal
from goals.models import Plan, Target, Unit, UnitMembership
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Indicator, KeyPerformanceIndicator, Period, PlannedValue
from tests.conftest import PASSWORD, login
from tests.indicators.entry_support import IN_H1_WINDOW, entry_url, form_data, logged_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period(plan: Plan) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=1)


@pytest.fixture
def unit(target: Target) -> Unit:
    return target.responsible_unit


@pytest.fixture
def indicators(target: Target) -> list[Indicator]:
    return list(target.indicators.order_by("order"))


def submit(user, unit, period, indicators) -> object:
    values = ("40", "39", "15")
    rows = [EntryRow(indicator_id=i.pk, value=v) for i, v in zip(indicators, values, strict=True)]
    return services.entries_save(
        user=user, unit=unit, period=period, submit=True, rows=rows
    ).submission


# --- Admin ------------------------------------------------------------------------------------


def test_admin_history_of_a_model_without_simple_history_opens(plan, strategy_user, staff_user):
    """Units, memberships, key indicators and cost totals keep no HistoricalRecords: their
    history page was a 500; it is Django's log of admin changes now."""
    client = logged_in(strategy_user)
    membership = UnitMembership.objects.get(user=staff_user)
    kpi = KeyPerformanceIndicator.objects.create(plan=plan, order=1, name="Tahsilat oranı")
    total = CostTotal.objects.create(plan=plan, order=1, label="Genel Toplam", amount=10)
    urls = [
        reverse("admin:goals_unit_history", args=[membership.unit_id]),
        reverse("admin:goals_unitmembership_history", args=[membership.pk]),
        reverse("admin:indicators_keyperformanceindicator_history", args=[kpi.pk]),
        reverse("admin:budget_costtotal_history", args=[total.pk]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Değişiklik geçmişi" in response.content.decode()


def test_admin_history_pages_of_simple_history_are_in_turkish(plan, strategy_user):
    client = logged_in(strategy_user)
    period = Period.objects.filter(plan=plan).order_by("year", "half").first()
    services.period_open(user=strategy_user, period=period)
    html = client.get(reverse("admin:indicators_period_history", args=[period.pk])).content
    html = html.decode()
    for turkish in ("Kaydı önceki bir sürümüne döndürmek", "Değiştiren", "Değişiklik nedeni"):
        assert turkish in html
    for english in ("Choose a date", "Changed by", "Change reason", ">Object<", ">Comment<"):
        assert english not in html
    record = period.history.first()
    url = reverse("admin:indicators_period_simple_history", args=[period.pk, record.pk])
    html = client.get(url).content.decode()
    assert "Geri al" in html and "Historical" not in html
    assert '<a href="/admin/indicators/">Göstergeler ve izleme</a>' in html


def test_admin_period_list_names_its_first_column_in_turkish(plan, strategy_user):
    html = logged_in(strategy_user).get(reverse("admin:indicators_period_changelist"))
    html = html.content.decode()
    assert "column-period_label" in html and ">Label<" not in html
    assert re.search(r"column-period_label[^>]*>.*?<a [^>]*>Dönem</a>", html, re.S)


def test_admin_decimal_inputs_show_and_accept_a_decimal_comma(plan, strategy_user):
    client = logged_in(strategy_user)
    pv = PlannedValue.objects.filter(indicator__target__plan=plan).order_by("pk").first()
    url = reverse("admin:indicators_plannedvalue_change", args=[pv.pk])
    html = client.get(url).content.decode()
    shown = re.search(r'name="value" value="([^"]*)"', html).group(1)
    assert "." not in shown
    response = client.post(url, {"indicator": pv.indicator_id, "year": pv.year, "value": "12,5"})
    assert response.status_code == 302
    pv.refresh_from_db()
    assert pv.value == Decimal("12.5")
    client.post(url, {"indicator": pv.indicator_id, "year": pv.year, "value": "13.25"})
    pv.refresh_from_db()
    assert pv.value == Decimal("13.25")


# --- Error pages ------------------------------------------------------------------------------


def test_error_pages_are_turkish_when_debug_is_off(plan, council_user, settings):
    settings.DEBUG = False
    client = logged_in(council_user)
    response = client.get("/plan/999999/")
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in response.content.decode()
    assert "Not Found" not in response.content.decode()
    response = client.get(reverse("indicators:entry_index"))
    assert response.status_code == 403
    assert "Erişim engellendi" in response.content.decode()
    assert "Forbidden" not in response.content.decode()
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sunucu hatası" in response.content.decode()


def test_pages_that_need_a_plan_show_an_empty_state_before_one_is_loaded(strategy_user):
    client = logged_in(strategy_user)
    for name in ("archive:list", "spreadsheets:index", "exports:index"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert 'data-testid="no-plan"' in response.content.decode()


# --- Dates typed in Turkish, validation messages from the server -------------------------------


def test_period_dates_are_typed_and_shown_in_turkish_format(plan, strategy_user, period, unit):
    client = logged_in(strategy_user)
    html = client.get(reverse("indicators:period", args=[period.pk])).content.decode()
    assert 'type="date"' not in html
    assert 'value="15.07.2025"' in html and 'placeholder="gg.aa.yyyy"' in html
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        client.post(
            reverse("indicators:period_extend", args=[period.pk]), {"deadline": "31.07.2025"}
        )
        period.refresh_from_db()
        assert str(period.deadline) == "2025-07-31"
        response = client.post(
            reverse("indicators:period", args=[period.pk]),
            {"unit": unit.pk, "reason": "Sistem arızası", "until": "20.08.2025"},
        )
    assert response.status_code == 302
    assert str(period.lock_exceptions.get().until) == "2025-08-20"


def test_forms_leave_required_fields_to_the_server_which_answers_in_turkish(
    plan, strategy_user, staff_user, unit, period, indicators
):
    html = Client().get(reverse("login")).content.decode()
    assert re.search(r'<form method="post" action="/login/"[^>]*novalidate', html)
    response = Client().post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert "Kullanıcı adı: Bu alan zorunludur." in html and "Parola: Bu alan zorunludur." in html
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submit(staff_user, unit, period, indicators)
        client = logged_in(strategy_user)
        html = client.get(reverse("indicators:submission", args=[submission.pk])).content.decode()
        assert re.search(r'id="return-form" class="stack" novalidate', html)
        html = client.get(reverse("indicators:period", args=[period.pk])).content.decode()
        assert re.search(r'/extend/" class="filters" novalidate', html)
        html = client.get(reverse("spreadsheets:index")).content.decode()
        assert re.search(r'/data/import/"[^>]*novalidate', html)


# --- Entry and review texts -------------------------------------------------------------------


def _row(html: str, indicator: Indicator) -> str:
    start = html.index(f'<tr id="indicator-{indicator.pk}"')
    return html[start : html.index("</tr>", start)]


def test_a_refused_row_does_not_show_the_saved_values_realization_beside_the_new_input(
    staff_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        services.entries_save(
            user=staff_user,
            unit=unit,
            period=period,
            rows=[
                EntryRow(indicator_id=indicators[0].pk, value=Decimal("40")),
                EntryRow(indicator_id=indicators[2].pk, value=Decimal("15")),
            ],
        )
        client = logged_in(staff_user)
        before = client.get(entry_url(unit, period)).content.decode()
        assert "badge status-" in _row(before, indicators[0])
        post = form_data(unit, period)
        post[f"i{indicators[0].pk}-value"] = "-5"
        post["action"] = "save"
        html = client.post(entry_url(unit, period), post).content.decode()
    assert "Negatif değer kabul edilmez." in html
    assert 'value="-5"' in _row(html, indicators[0])
    assert "badge status-" not in _row(html, indicators[0])
    assert "badge status-" in _row(html, indicators[2])  # untouched: the saved value's figure


def test_the_review_box_of_returned_entries_says_they_were_sent_back(
    staff_user, strategy_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submit(staff_user, unit, period, indicators)
        services.submission_return(user=strategy_user, submission=submission, reason="Eksik")
        url = reverse("indicators:submission", args=[submission.pk])
        html = logged_in(strategy_user).get(url).content.decode()
    assert "Veriler 05.07.2025 tarihinde iade edildi" in html
    assert "birim bu verileri göndermedi" not in html


def test_a_return_after_a_reopen_is_labelled_as_a_return(
    staff_user, strategy_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submit(staff_user, unit, period, indicators)
        services.submission_approve(user=strategy_user, submission=submission)
        services.submission_reopen(user=strategy_user, submission=submission, reason="Veri hatası")
        html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
        assert "Yeniden açma gerekçesi:" in html
        services.submission_submit(user=staff_user, unit=unit, period=period)
        submission.refresh_from_db()
        services.submission_return(user=strategy_user, submission=submission, reason="Eksik")
        html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    reason = html.split('data-testid="return-reason"')[1][:200]
    assert "İade gerekçesi:" in reason and "Eksik" in reason
    assert "Yeniden açma" not in reason


def test_opening_a_period_does_not_redirect_to_another_site(plan, strategy_user, period):
    client = logged_in(strategy_user)
    response = client.post(
        reverse("indicators:period_open", args=[period.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("indicators:periods")
    page = reverse("indicators:period", args=[period.pk])
    response = client.post(reverse("indicators:period_close", args=[period.pk]), {"next": page})
    assert response["Location"] == page


def test_the_council_members_home_page_leads_to_the_dashboard_and_the_reports(
    plan, council_user, staff_user
):
    html = logged_in(council_user).get(reverse("home")).content.decode()
    panel = html.split('data-testid="home-council"')[1]
    assert "Planı izleyin" in panel
    assert reverse("reports:dashboard") in panel and reverse("archive:list") in panel
    assert 'data-testid="home-council"' not in logged_in(staff_user).get("/").content.decode()


# --- Browser ----------------------------------------------------------------------------------


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
