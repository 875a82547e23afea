"""The entry page: what it shows, how it saves, refuses, asks to confirm and handles conflicts."""

from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Target
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import (
    Actual,
    Indicator,
    Period,
    PlannedValue,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from plans.loading import plan_load
from tests.conftest import make_user
from tests.indicators.entry_support import (
    IN_H1_WINDOW,
    entry_url,
    form_data,
    logged_in,
    submit,
)
from tests.plan_documents import synthetic_document

pytestmark = pytest.mark.django_db


def post(client, unit, period, changes, action="save", base=None):
    data = base if base is not None else form_data(unit, period)
    data.update(changes)
    data["action"] = action
    return client.post(entry_url(unit, period), data)


def test_the_page_groups_the_units_indicators_by_target_with_what_to_enter_beside(
    h1_window, staff_user, strategy_user, unit, period, h2, indicators, target
):
    services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        rows=[EntryRow(indicator_id=indicators[2].pk, value="17")],
    )
    services.period_open(user=strategy_user, period=h2)
    html = logged_in(staff_user).get(entry_url(unit, h2)).content.decode()
    assert f"{target.code}</a> {target.title}" in html
    for i in indicators:
        assert i.code in html and i.name in html
    assert "Başlangıç değeri" in html and "2025 hedefi" in html and "Önceki dönemler" in html
    assert "2025-H1:</span> 17" in html  # the previous period's value beside the field
    assert "Adet" in html and "%" in html
    assert "Hedef değerlendirmesi" in html and "Yürütülen faaliyetler" in html
    assert "İlgililik" in html and "Sürdürülebilirlik" in html  # annual criteria in H2
    assert "Gerçekleşen harcama (TL)" in html
    assert "Taslak kaydet" in html and "Gönder" in html


def test_h1_has_no_evaluation_criteria(h1_window, staff_user, unit, period):
    html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    assert "Yürütülen faaliyetler" in html and "İlgililik" not in html


def test_a_yearly_indicator_is_shown_but_not_entered_in_h1(
    h1_window, staff_user, unit, period, indicators
):
    Indicator.objects.filter(pk=indicators[1].pk).update(monitoring_frequency_months=12)
    html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    assert "yalnızca yılın ikinci altı ayında girilir" in html
    assert f'name="i{indicators[1].pk}-value"' not in html


def test_a_draft_with_a_turkish_decimal_is_saved(h1_window, staff_user, unit, period, indicators):
    client = logged_in(staff_user)
    response = post(
        client,
        unit,
        period,
        {
            f"i{indicators[0].pk}-value": "37,5",
            f"i{indicators[0].pk}-explanation": "Tahsilat arttı.",
        },
    )
    assert response.status_code == 302
    actual = Actual.objects.get(indicator=indicators[0], period=period)
    assert actual.value == Decimal("37.5") and actual.explanation == "Tahsilat arttı."
    html = client.get(entry_url(unit, period)).content.decode()
    assert "Taslak kaydedildi." in html
    assert 'value="37,5"' in html


def test_a_refused_save_names_the_indicator_and_the_field_and_keeps_the_input(
    h1_window, staff_user, unit, period, indicators
):
    response = post(
        logged_in(staff_user),
        unit,
        period,
        {
            f"i{indicators[0].pk}-value": "38",
            f"i{indicators[0].pk}-explanation": "Benim açıklamam",
            f"i{indicators[2].pk}-value": "-4",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Hiçbir şey kaydedilmedi." in html
    assert "P.G. 1.1.1 Gösterge 1.1.3 sayısı – Değer: Negatif değer kabul edilmez." in html
    assert 'value="-4"' in html and 'value="38"' in html and "Benim açıklamam" in html
    assert not Actual.objects.exists()


def test_a_value_that_is_not_a_number_is_refused(h1_window, staff_user, unit, period, indicators):
    html = post(
        logged_in(staff_user), unit, period, {f"i{indicators[0].pk}-value": "otuz"}
    ).content.decode()
    assert "P.G. 1.1.1 Gösterge 1.1.1 oranı – Değer: &quot;otuz&quot; bir sayı değil." in html
    assert 'value="otuz"' in html


def test_an_unusual_value_asks_for_a_confirmation_then_saves(
    h1_window, staff_user, unit, period, indicators
):
    client = logged_in(staff_user)
    changes = {f"i{indicators[0].pk}-value": "150"}
    html = post(client, unit, period, changes).content.decode()
    assert "100&#x27;ün üzerindeki bir yüzde için onay gerekir." in html
    assert "çok uzak" not in html  # 150 is within [8, 200] of B = 40: only the % warning
    confirm = f'name="i{indicators[0].pk}-confirm"'
    assert confirm in html
    assert not Actual.objects.exists()
    response = post(client, unit, period, {**changes, f"i{indicators[0].pk}-confirm": "on"})
    assert response.status_code == 302
    assert Actual.objects.get(indicator=indicators[0]).value == Decimal(150)


def test_submitting_names_each_missing_value_and_low_value_without_a_reason(
    h1_window, staff_user, unit, period, indicators
):
    response = post(
        logged_in(staff_user), unit, period, {f"i{indicators[0].pk}-value": "30"}, "submit"
    )
    html = response.content.decode()
    assert (
        "P.G. 1.1.2 Gösterge 1.1.2 oranı – Değer: Dönemi göndermek için bir değer gereklidir."
        in html
    )
    assert (
        "P.G. 1.1.1 Gösterge 1.1.1 oranı – Sapmanın nedeni: Gerçekleşme düşük (%50, Çok düşük)"
        in html
    )
    assert not Submission.objects.filter(status=SubmissionStatus.SUBMITTED).exists()


def test_submitting_a_complete_period_freezes_it(h1_window, staff_user, unit, period, indicators):
    client = logged_in(staff_user)
    values = {f"i{i.pk}-value": v for i, v in zip(indicators, ("40", "39", "15"), strict=True)}
    response = post(client, unit, period, values, "submit")
    assert response.status_code == 302
    html = client.get(entry_url(unit, period)).content.decode()
    assert "Strateji Birimine gönderildi" in html
    assert "Gönderildi" in html
    assert f'name="i{indicators[0].pk}-value"' not in html  # read-only now


def test_a_stale_row_is_refused_with_the_saved_value_and_the_input_kept(
    h1_window, staff_user, unit, period, indicators, target
):
    colleague = make_user(
        "birim2", "Birim Personeli", unit=unit, first_name="Can", last_name="Kaya"
    )
    first = indicators[0].pk
    mine = logged_in(staff_user)
    base = form_data(unit, period)  # both open the page on an empty period
    assert post(logged_in(colleague), unit, period, {f"i{first}-value": "38"}).status_code == 302
    response = post(mine, unit, period, {f"i{first}-value": "36"}, base=dict(base))
    html = response.content.decode()
    assert response.status_code == 409
    assert "P.G. 1.1.1 Gösterge 1.1.1 oranı – Değer: Siz sayfayı açtıktan sonra Can Kaya" in html
    assert "kaydedilen değer: 38" in html
    assert 'value="36"' in html  # the input is kept
    assert Actual.objects.get(indicator_id=first).value == Decimal(38)
    # Saving the page as shown again replaces the value deliberately.
    import re

    again = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', html))
    again.pop("csrfmiddlewaretoken", None)
    response = post(mine, unit, period, {}, base=again)
    assert response.status_code == 302
    assert Actual.objects.get(indicator_id=first).value == Decimal(36)


def test_a_row_the_user_did_not_touch_does_not_conflict_nor_overwrite(
    h1_window, staff_user, unit, period, indicators
):
    colleague = make_user("birim2", "Birim Personeli", unit=unit)
    base = form_data(unit, period)
    post(logged_in(colleague), unit, period, {f"i{indicators[1].pk}-value": "33"})
    response = post(
        logged_in(staff_user), unit, period, {f"i{indicators[0].pk}-value": "36"}, base=base
    )
    assert response.status_code == 302
    assert Actual.objects.get(indicator=indicators[1]).value == Decimal(33)
    assert Actual.objects.get(indicator=indicators[0]).value == Decimal(36)


def test_reviews_and_expenditure_are_saved_from_the_page(
    h1_window, staff_user, unit, period, target
):
    response = post(
        logged_in(staff_user),
        unit,
        period,
        {
            f"t{target.pk}-activities_done": "Eğitim verildi.",
            f"t{target.pk}-expenditure-amount": "125.000,50",
        },
    )
    assert response.status_code == 302
    assert TargetReview.objects.get(target=target).activities_done == "Eğitim verildi."
    from indicators.models import Expenditure

    assert Expenditure.objects.get(target=target, period=period).amount == Decimal("125000.50")


def test_a_negative_expenditure_is_refused_naming_the_target_and_the_field(
    h1_window, staff_user, unit, period, target
):
    html = post(
        logged_in(staff_user),
        unit,
        period,
        {
            f"t{target.pk}-expenditure-amount": "-10",
        },
    ).content.decode()
    assert "H1.1 hedefi – Gerçekleşen harcama (TL): Negatif değer kabul edilmez." in html


def test_a_locked_period_is_read_only_and_a_post_is_refused(staff_user, unit, period, indicators):
    import datetime as dt

    import time_machine

    from tests.indicators.entry_support import IST

    client = logged_in(staff_user)
    with time_machine.travel(dt.datetime(2025, 8, 1, 9, tzinfo=IST), tick=False):
        base = form_data(unit, period)
        html = client.get(entry_url(unit, period)).content.decode()
        assert "son tarih (15.07.2025) geçti" in html
        assert f'name="i{indicators[0].pk}-value"' not in html
        response = post(client, unit, period, {f"i{indicators[0].pk}-value": "36"}, base=base)
        assert response.status_code == 409
        html = response.content.decode()
        assert "Hiçbir şey kaydedilmedi." in html
        assert 'value="36"' in html  # the input stays on the page
    assert not Actual.objects.exists()


def test_the_strategy_office_may_back_fill_from_the_page(strategy_user, unit, period, indicators):
    import datetime as dt

    import time_machine

    from tests.indicators.entry_support import IST

    with time_machine.travel(dt.datetime(2025, 8, 1, 9, tzinfo=IST), tick=False):
        client = logged_in(strategy_user)
        html = client.get(entry_url(unit, period)).content.decode()
        assert "geriye dönük giriş" in html
        assert post(client, unit, period, {f"i{indicators[0].pk}-value": "36"}).status_code == 302


def test_entry_index_lists_the_units_periods(h1_window, staff_user, unit, period):
    html = logged_in(staff_user).get(reverse("indicators:entry_index")).content.decode()
    assert unit.name in html
    assert "2025 İlk altı ay (Ocak–Haziran)" in html
    assert "Veri gir" in html
    assert "2026" not in html  # periods whose entry has not opened are not listed


def test_entry_index_for_someone_without_a_unit_explains_why_it_is_empty(h1_window, small_plan):
    loner = make_user("yalniz", "Birim Personeli")
    html = logged_in(loner).get(reverse("indicators:entry_index")).content.decode()
    assert "Bir hedeften sorumlu bir birimin üyesi değilsiniz" in html


def entry_queries(plan, user_factory):
    """Query counts of the entry page (GET) and of a save (POST) for the plan's first unit."""
    target = Target.objects.filter(plan=plan).order_by("order").first()
    unit = target.responsible_unit
    period = Period.objects.get(plan=plan, year=2025, half=1)
    client = logged_in(user_factory(unit))
    base = form_data(unit, period)
    indicators = list(target.indicators.order_by("order"))
    planned = {
        pv.indicator_id: pv.value
        for pv in PlannedValue.objects.filter(indicator__in=indicators, year=2025)
    }
    # On plan: a level at B, a flow at half of its yearly B at H1.
    changes = {
        f"i{i.pk}-value": str(planned[i.pk] / (2 if i.measure == "flow" else 1)) for i in indicators
    }
    changes.update({f"i{i.pk}-explanation": "Açıklama" for i in indicators})
    changes[f"t{target.pk}-activities_done"] = "Faaliyet"
    changes[f"t{target.pk}-expenditure-amount"] = "1000"
    client.get(entry_url(unit, period))  # warm the session
    with CaptureQueriesContext(connection) as get_ctx:
        assert client.get(entry_url(unit, period)).status_code == 200
    with CaptureQueriesContext(connection) as post_ctx:
        response = post(client, unit, period, changes, base=base)
        assert response.status_code == 302, response.content.decode()[:2000]
    assert Actual.objects.filter(indicator__in=indicators, period=period).count() == len(indicators)
    with CaptureQueriesContext(connection) as submit_ctx:
        assert post(client, unit, period, {}, "submit").status_code == 302
    return len(indicators), len(get_ctx), len(post_ctx), len(submit_ctx)


def test_the_page_and_its_save_run_the_same_queries_for_a_plan_five_times_bigger(
    h1_window, db, django_assert_max_num_queries
):
    counter = iter(range(100))

    def staff(unit):
        return make_user(f"birim{next(counter)}", "Birim Personeli", unit=unit)

    small = plan_load(document=synthetic_document(2, 2, 3, name="Küçük Plan")).plan
    big = plan_load(document=synthetic_document(2, 2, 15, name="Büyük Plan")).plan
    for plan in (small, big):
        Period.objects.filter(plan=plan).update(state="open")
    n_small, *small_counts = entry_queries(small, staff)
    n_big, *big_counts = entry_queries(big, staff)
    assert n_big == 5 * n_small
    assert small_counts == big_counts, (small_counts, big_counts)
    get_count, post_count, submit_count = big_counts
    assert get_count <= 20 and post_count <= 55 and submit_count <= 55
    print(f"entry page: {get_count} queries, save: {post_count}, submit: {submit_count}")


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
