"""The entry page as a unit lives it: "veri yok" declarations, both figures at H1, what to
enter per row, a bounded number of queries at any size, names of its own for every field,
upload rules shown before sending, and typed values kept across an expired session."""

import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Target
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Actual, Indicator, Period, SubmissionStatus
from plans.loading import plan_load
from tests.conftest import PASSWORD, login_request, make_user
from tests.indicators.entry_support import entry_url, form_data, logged_in
from tests.plan_documents import synthetic_document

pytestmark = pytest.mark.django_db


def post(client, unit, period, changes, action="save"):
    data = form_data(unit, period)
    data.update(changes)
    data["action"] = action
    return client.post(entry_url(unit, period), data)


def _row(html: str, indicator: Indicator) -> str:
    start = html.index(f'<tr id="indicator-{indicator.pk}"')
    return html[start : html.index("</tr>", start)]


# "Veri yok" ----------------------------------------------------------------------------------


def test_a_declared_row_with_its_reason_counts_as_answered_and_the_period_is_submitted(
    h1_window, staff_user, unit, period, indicators
):
    first, second, third = indicators
    client = logged_in(staff_user)
    response = post(
        client,
        unit,
        period,
        {
            f"i{first.pk}-value": "40",
            f"i{second.pk}-no_data": "on",
            f"i{second.pk}-explanation": "TÜİK bu yılın verisini yayımlamadı.",
            f"i{third.pk}-value": "15",
        },
        action="submit",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    declared = Actual.objects.get(indicator=second, period=period)
    assert declared.no_data and declared.value is None
    assert declared.explanation == "TÜİK bu yılın verisini yayımlamadı."
    assert period.submissions.get(unit=unit).status == SubmissionStatus.SUBMITTED
    html = client.get(entry_url(unit, period)).content.decode()
    assert 'data-testid="no-data"' in _row(html, second)  # shown read-only as "Veri yok"
    page = client.get(second.get_absolute_url()).content.decode()
    cell = page.split('data-testid="value-2025-1">')[1].split("</td>")[0]
    cell = re.sub(r"<[^>]+>", "", cell)
    assert cell.strip() == "Veri yok TÜİK bu yılın verisini yayımlamadı."


def test_a_declaration_without_a_reason_or_with_a_value_is_refused_naming_the_indicator(
    h1_window, staff_user, unit, period, indicators
):
    first, second, _third = indicators
    client = logged_in(staff_user)
    html = post(client, unit, period, {f"i{second.pk}-no_data": "on"}).content.decode()
    assert (
        f"{second.code} {second.name} – Açıklama: bu dönem için neden veri olmadığını "
        "(&quot;veri yok&quot;) açıklamaya yazın." in html
    )
    html = post(
        client,
        unit,
        period,
        {f"i{first.pk}-no_data": "on", f"i{first.pk}-value": "12", f"i{first.pk}-explanation": "x"},
    ).content.decode()
    assert f"{first.code} {first.name} – Değer: &quot;veri yok&quot; bildirilen satırın" in html
    assert not Actual.objects.filter(period=period).exists()


def test_a_declaration_is_withdrawn_by_entering_a_value_and_the_history_tells_both(
    h1_window, staff_user, unit, period, indicators
):
    first = indicators[0]
    services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        rows=[EntryRow(indicator_id=first.pk, no_data=True, explanation="Anket yapılmadı.")],
    )
    client = logged_in(staff_user)
    assert post(client, unit, period, {f"i{first.pk}-value": "38"}).status_code == 200
    # Unticking "Veri yok" and entering a value replaces the declaration.
    data = form_data(unit, period)
    data.pop(f"i{first.pk}-no_data")
    data[f"i{first.pk}-value"] = "38"
    data["action"] = "save"
    assert client.post(entry_url(unit, period), data).status_code == 302
    actual = Actual.objects.get(indicator=first, period=period)
    assert actual.value == Decimal(38) and not actual.no_data
    history = client.get(first.get_absolute_url()).content.decode()
    history = history[history.index('data-testid="history"') :]
    declared = '<span class="muted">Veri yok:</span> <span class="before">–</span> → '
    assert declared + '<span class="after">bildirildi</span>' in history
    withdrawn = '<span class="muted">Veri yok:</span> <span class="before">bildirildi</span> → '
    assert withdrawn + '<span class="after">–</span>' in history
    assert "Anket yapılmadı." in history


# Figures and hints ---------------------------------------------------------------------------


def test_at_h1_a_flow_shows_both_figures_and_its_status_comes_from_the_progress(
    h1_window, staff_user, unit, period, indicators
):
    flow = indicators[2]  # B2025 = 30, a flow: 15 at H1 is 50% of the year, 100% of H1
    services.entries_save(
        user=staff_user, unit=unit, period=period, rows=[EntryRow(indicator_id=flow.pk, value="15")]
    )
    row = _row(logged_in(staff_user).get(entry_url(unit, period)).content.decode(), flow)
    figures = re.sub(r"<[^>]+>", "", row[row.index('data-testid="figures"') :])
    assert "yıl sonu hedefine göre %50,0" in figures
    assert "beklenen ilerlemeye göre %100,0 · Hedefe ulaşıldı" in figures


def test_each_row_says_what_to_enter_for_its_measure(
    h1_window, staff_user, unit, period, indicators
):
    Indicator.objects.filter(pk=indicators[1].pk).update(measure="average")
    html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    hints = {
        i.pk: re.sub(r"<[^>]+>", "", _row(html, i).split('data-testid="measure-hint">')[1])
        for i in indicators
    }
    assert hints[indicators[0].pk].startswith("Girilecek: dönem sonu değeri")
    assert hints[indicators[1].pk].startswith("Girilecek: dönem değeri")
    assert hints[indicators[2].pk].startswith("Girilecek: bu altı ayda yapılan")


def test_a_flow_monitored_every_12_months_asks_for_the_years_amount_in_h2(
    h1_window, staff_user, strategy_user, unit, h2, indicators
):
    Indicator.objects.filter(pk=indicators[2].pk).update(monitoring_frequency_months=12)
    services.period_open(user=strategy_user, period=h2)
    html = logged_in(staff_user).get(entry_url(unit, h2)).content.decode()
    hint = _row(html, indicators[2]).split('data-testid="measure-hint">')[1]
    assert re.sub(r"<[^>]+>", "", hint).startswith("Girilecek: bu yıl yapılan")


# Size ----------------------------------------------------------------------------------------


def _entry_get_queries(indicators_per_target: int, name: str) -> tuple[int, str]:
    plan = plan_load(document=synthetic_document(2, 2, indicators_per_target, name=name)).plan
    Period.objects.filter(plan=plan).update(state="open")
    target = Target.objects.filter(plan=plan).order_by("order").first()
    unit = target.responsible_unit
    staff = make_user(f"birim-{indicators_per_target}", "Birim Personeli", unit=unit)
    period = Period.objects.get(plan=plan, year=2025, half=1)
    first = target.indicators.order_by("order").first()
    services.entries_save(  # a submission, an actual and an earlier value make every query run
        user=staff,
        unit=unit,
        period=period,
        rows=[EntryRow(indicator_id=first.pk, value="3", confirmed=True)],
    )
    client = logged_in(staff)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(entry_url(unit, period))
    assert response.status_code == 200
    return len(ctx), response.content.decode()


def test_the_page_runs_at_most_15_queries_the_same_for_a_unit_with_20_times_the_indicators(
    h1_window, db, django_assert_max_num_queries
):
    small, _html = _entry_get_queries(3, "Küçük Plan")
    big, html = _entry_get_queries(60, "Büyük Plan")
    assert small == big and big <= 15, (small, big)
    # The big form is navigable: a contents index of aims and targets with their counts.
    index = html[html.index('data-testid="entry-index"') :]
    assert "İçindekiler: 1 hedef" in index and 'href="#target-' in index and "1/60" in index


# Accessibility and uploads -------------------------------------------------------------------


def test_every_field_of_the_page_has_a_name_of_its_own_even_when_codes_and_names_repeat(
    h1_window, staff_user, unit, period, indicators
):
    # Two rows of a target with the same code and name (codes repeat inside a target).
    Indicator.objects.filter(pk=indicators[1].pk).update(
        code=indicators[0].code, name=indicators[0].name
    )
    html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    names = re.findall(r'aria-label="([^"]+)"', html.split('id="entry-form"')[1])
    assert len(names) > 15
    duplicates = [n for n, k in Counter(names).items() if k > 1]
    assert not duplicates
    assert (
        f"{indicators[0].target.code} · {indicators[0].code} {indicators[0].name} (2) – Değer"
        in (names)
    )


def test_the_file_input_offers_only_the_accepted_types_and_knows_the_size_limit(
    h1_window, staff_user, unit, period, indicators
):
    html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    row = _row(html, indicators[0])
    accept = ".pdf,.jpg,.jpeg,.png,.gif,.webp,.tif,.tiff,.doc,.docx,.xls,.xlsx"
    assert f'accept="{accept}"' in row and f'data-max-bytes="{20 * 1024 * 1024}"' in row
    # The server's refusal lists exactly the same types.
    with pytest.raises(ValueError) as exc:
        from django.core.files.uploadedfile import SimpleUploadedFile

        services.evidence_check(SimpleUploadedFile("not.pdf", b"plain text"))
    listed = accept.replace(",", ", ")
    assert str(exc.value).endswith(f"Kabul edilenler: {listed}; her biri en çok 20 MB.")


# An expired session --------------------------------------------------------------------------


def test_a_save_after_the_session_expired_keeps_the_values_for_after_the_login(
    h1_window, staff_user, unit, period, indicators
):
    data = form_data(unit, period)
    data[f"i{indicators[0].pk}-value"] = "37,5"
    data[f"i{indicators[0].pk}-explanation"] = "Kampanya sonrası ölçüldü."
    data["action"] = "save"
    browser = Client()  # the session has expired: the browser is anonymous now
    response = browser.post(entry_url(unit, period), data)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Actual.objects.exists()
    assert browser.login(username=staff_user.username, password=PASSWORD, request=login_request())
    html = browser.get(entry_url(unit, period)).content.decode()
    assert "Oturumunuzun süresi dolmuştu" in html
    row = _row(html, indicators[0])
    assert 'value="37,5"' in row and "Kampanya sonrası ölçüldü." in row
    assert 'data-dirty="1"' in html  # leaving without saving asks first
    # Shown once: the next visit shows what is saved.
    assert 'value="37,5"' not in _row(
        browser.get(entry_url(unit, period)).content.decode(), indicators[0]
    )


def test_values_kept_from_an_expired_session_are_not_shown_hours_later(
    h1_window, staff_user, unit, period, indicators
):
    data = form_data(unit, period)
    data[f"i{indicators[0].pk}-value"] = "37,5"
    data["action"] = "save"
    browser = Client()
    assert browser.post(entry_url(unit, period), data).status_code == 302
    h1_window.shift(3 * 60 * 60)
    assert browser.login(username=staff_user.username, password=PASSWORD, request=login_request())
    html = browser.get(entry_url(unit, period)).content.decode()
    assert "Oturumunuzun süresi dolmuştu" not in html
    assert 'value="37,5"' not in _row(html, indicators[0])


def test_a_refused_save_marks_the_page_as_holding_unsaved_input(
    h1_window, staff_user, unit, period, indicators
):
    client = logged_in(staff_user)
    assert 'data-dirty="1"' not in client.get(entry_url(unit, period)).content.decode()
    html = post(client, unit, period, {f"i{indicators[0].pk}-value": "-5"}).content.decode()
    assert "Negatif değer kabul edilmez." in html and 'data-dirty="1"' in html
