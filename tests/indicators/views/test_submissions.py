"""The strategy office's review: the list with filters, approve, return, reopen, the periods."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import LockException, Period, PeriodState, Submission, SubmissionStatus
from tests.indicators.entry_support import (
    AFTER_H1_DEADLINE,
    IN_H1_WINDOW,
    entry_url,
    logged_in,
    submit,
)

pytestmark = pytest.mark.django_db


def test_the_review_list_shows_every_unit_of_the_period_with_filters(
    staff_user, strategy_user, unit, period, indicators, plan
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submit(staff_user, unit, period, indicators)
    client = logged_in(strategy_user)
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        html = client.get(reverse("indicators:review")).content.decode()
        for name in plan.targets.values_list("responsible_unit__name", flat=True):
            assert name in html
        assert "Gönderildi: 1" in html and "Başlanmadı: 3" in html
        assert "Gecikmiş: 3" in html  # not submitted by 15.07.2025
        html = client.get(
            reverse("indicators:review"), {"period": period.pk, "status": "submitted"}
        ).content.decode()
        table = html.split('data-testid="review-table"')[1]
        assert unit.name in table and "Birim 2 Müdürlüğü" not in table
        html = client.get(
            reverse("indicators:review"), {"period": period.pk, "late": "yes"}
        ).content.decode()
        table = html.split('data-testid="review-table"')[1]
        assert unit.name not in table and "Birim 2 Müdürlüğü" in table


def test_a_submission_submitted_after_the_deadline_is_late_even_after_a_return(
    staff_user, strategy_user, unit, period, indicators
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submit(staff_user, unit, period, indicators)
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        services.submission_return(user=strategy_user, submission=submission, reason="Düzeltin")
        services.submission_submit(user=staff_user, unit=unit, period=period)
        from indicators.selectors import submission_rows

        [row] = [
            r
            for r in submission_rows(plan=period.plan, periods=[period], today=dt.date(2025, 7, 20))
            if r.unit == unit
        ]
        assert not row.late  # first submitted on time


def test_the_strategy_office_returns_with_a_reason_and_comments_which_the_unit_sees(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    submission = submit(staff_user, unit, period, indicators)
    reviewer = logged_in(strategy_user)
    page = reviewer.get(reverse("indicators:submission", args=[submission.pk])).content.decode()
    assert "Onayla" in page and "Birime iade et" in page and "Birime yorum" in page
    response = reviewer.post(
        reverse("indicators:submission_return", args=[submission.pk]),
        {"reason": "Açıklamalar eksik.", f"comment-{indicators[2].pk}": "Fatura ekleyin."},
    )
    assert response.status_code == 302
    html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
    assert "İade edildi" in html
    assert "Açıklamalar eksik." in html and "Fatura ekleyin." in html
    assert f'name="i{indicators[0].pk}-value"' in html  # editable again


def test_returning_without_a_reason_is_refused_naming_the_field(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    submission = submit(staff_user, unit, period, indicators)
    response = logged_in(strategy_user).post(
        reverse("indicators:submission_return", args=[submission.pk]), {"reason": " "}
    )
    assert response.status_code == 400
    assert "İade gerekçesi: İade gerekçesini yazın." in response.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED


def test_approved_values_are_frozen_and_only_the_strategy_office_reopens_them(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    submission = submit(staff_user, unit, period, indicators)
    reviewer = logged_in(strategy_user)
    assert (
        reviewer.post(reverse("indicators:submission_approve", args=[submission.pk])).status_code
        == 302
    )
    unit_client = logged_in(staff_user)
    html = unit_client.get(entry_url(unit, period)).content.decode()
    assert "Onaylandı" in html and "donduruldu" in html
    assert f'name="i{indicators[0].pk}-value"' not in html
    assert (
        unit_client.post(
            reverse("indicators:submission_reopen", args=[submission.pk]), {"reason": "x"}
        ).status_code
        == 403
    )
    response = reviewer.post(
        reverse("indicators:submission_reopen", args=[submission.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert (
        reviewer.post(
            reverse("indicators:submission_reopen", args=[submission.pk]),
            {"reason": "Veri hatası."},
        ).status_code
        == 302
    )
    html = unit_client.get(entry_url(unit, period)).content.decode()
    assert "Yeniden açma gerekçesi" in html and "Veri hatası." in html


def test_approving_twice_says_why_not(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    submission = submit(staff_user, unit, period, indicators)
    reviewer = logged_in(strategy_user)
    reviewer.post(reverse("indicators:submission_approve", args=[submission.pk]))
    response = reviewer.post(
        reverse("indicators:submission_approve", args=[submission.pk]), follow=True
    )
    assert "Yalnızca gönderilmiş veriler onaylanabilir" in response.content.decode()


def test_the_submission_page_shows_status_dates_and_history_to_the_unit(
    h1_window, staff_user, strategy_user, other_staff_user, council_user, unit, period, indicators
):
    submission = submit(staff_user, unit, period, indicators)
    services.submission_approve(user=strategy_user, submission=submission)
    url = reverse("indicators:submission", args=[submission.pk])
    html = logged_in(staff_user).get(url).content.decode()
    assert "Onaylandı" in html and "05.07.2025" in html
    assert "Değişiklik geçmişi" in html
    assert "Taslak → Gönderildi" in html.replace('</span> → <span class="after">', " → ")
    assert "Onayla" not in html.split("history")[0] or "review-actions" not in html
    assert logged_in(other_staff_user).get(url).status_code == 404
    assert logged_in(council_user).get(url).status_code == 403


def test_the_periods_page_opens_closes_and_extends(strategy_user, plan, period):
    client = logged_in(strategy_user)
    html = client.get(reverse("indicators:periods")).content.decode()
    assert "2025-H1" in html and "2029-H2" in html and "15.07.2025" in html
    client.post(reverse("indicators:period_open", args=[period.pk]))
    assert Period.objects.get(pk=period.pk).state == PeriodState.OPEN
    client.post(reverse("indicators:period_close", args=[period.pk]))
    assert Period.objects.get(pk=period.pk).state == PeriodState.CLOSED
    response = client.post(
        reverse("indicators:period_extend", args=[period.pk]), {"deadline": "2025-07-31"}
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.deadline == dt.date(2025, 7, 31) and period.state == PeriodState.AUTO
    response = client.post(
        reverse("indicators:period_extend", args=[period.pk]),
        {"deadline": "2025-07-01"},
        follow=True,
    )
    assert "Yeni son tarih şimdikinden (31.07.2025) sonra olmalıdır." in response.content.decode()


def test_a_lock_exception_is_created_from_the_period_page(
    strategy_user, staff_user, unit, period, indicators
):
    client = logged_in(strategy_user)
    url = reverse("indicators:period", args=[period.pk])
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        response = client.post(url, {"unit": unit.pk, "reason": "", "until": "2025-07-25"})
        assert response.status_code == 400
        assert "Gerekçe: Bu alan zorunludur." in response.content.decode()
        response = client.post(
            url, {"unit": unit.pk, "reason": "Sistem arızası", "until": "2025-07-25"}
        )
        assert response.status_code == 302
        exception = LockException.objects.get()
        assert exception.created_by == strategy_user and exception.until == dt.date(2025, 7, 25)
        html = logged_in(staff_user).get(entry_url(unit, period)).content.decode()
        assert "25.07.2025 tarihine kadar yeniden açtı" in html
        assert f'name="i{indicators[0].pk}-value"' in html
        assert "Sistem arızası" in client.get(url).content.decode()


def test_the_indicator_page_shows_values_per_year_and_their_history(
    h1_window, staff_user, strategy_user, other_staff_user, council_user, unit, period, indicators
):
    submission = submit(staff_user, unit, period, indicators)
    services.submission_return(user=strategy_user, submission=submission, reason="Kontrol")
    services.entries_save(
        user=staff_user,
        unit=unit,
        period=period,
        submit=True,
        rows=[EntryRow(indicator_id=indicators[0].pk, value="38,5", version=1)],
    )
    services.submission_approve(user=strategy_user, submission=submission)
    url = reverse("indicators:detail", args=[indicators[0].pk])
    html = logged_in(council_user).get(url).content.decode()
    assert "Dönem değerleri" in html
    assert "38,5" in html and "onaylandı" in html
    assert "Değişiklik geçmişi" in html
    assert "40" in html and "38,5" in html  # before and after
    for status in ("Gönderildi", "İade edildi", "Onaylandı"):
        assert status in html
    hidden = logged_in(other_staff_user).get(url).content.decode()
    assert "Dönem değerleri" not in hidden and "38,5" not in hidden
    assert Decimal("38.5") == indicators[0].actuals.get().value


def test_a_return_after_a_reopening_shows_only_the_return_reason(
    h1_window, staff_user, strategy_user, unit, period, indicators
):
    from indicators import services

    submission = submit(staff_user, unit, period, indicators)
    services.submission_approve(user=strategy_user, submission=submission)
    services.submission_reopen(user=strategy_user, submission=submission, reason="Veri hatası.")
    services.submission_submit(user=staff_user, unit=unit, period=period)
    submission.refresh_from_db()
    services.submission_return(user=strategy_user, submission=submission, reason="Kanıt eksik.")
    submission.refresh_from_db()
    assert submission.return_reason == "Kanıt eksik."
    assert submission.reopen_reason == ""


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


def test_opening_a_period_does_not_redirect_to_another_site(plan, strategy_user, period):
    client = logged_in(strategy_user)
    response = client.post(
        reverse("indicators:period_open", args=[period.pk]), {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("indicators:periods")
    page = reverse("indicators:period", args=[period.pk])
    response = client.post(reverse("indicators:period_close", args=[period.pk]), {"next": page})
    assert response["Location"] == page


def test_the_periods_page_counts_each_submission_once_beside_lock_exceptions(
    strategy_user, unit, other_target, period
):
    """The counts join submissions and lock exceptions: without `distinct` a period with two
    lock exceptions showed every submission twice."""
    Submission.objects.create(unit=unit, period=period, status=SubmissionStatus.SUBMITTED)
    for who, why in ((unit, "Sistem arızası"), (other_target.responsible_unit, "İzin")):
        LockException.objects.create(
            unit=who,
            period=period,
            reason=why,
            until=dt.date(2025, 7, 25),
            created_by=strategy_user,
        )
    [row] = [
        p
        for p in logged_in(strategy_user).get(reverse("indicators:periods")).context["periods"]
        if p.pk == period.pk
    ]
    assert (row.n_submitted, row.n_returned, row.n_approved, row.n_exceptions) == (1, 0, 0, 2)
