"""The dashboards: who may see them, what they show (in Turkish), filters and pagination."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from goals.models import Plan
from indicators.models import Actual, Evidence, Period, Submission, SubmissionStatus
from reports.periods import latest_ended
from reports.problems import problems_of
from reports.results import plan_results
from reports.views.follow_up import PROBLEMS_PER_PAGE
from tests.conftest import logged_in, make_user
from tests.reports.test_results import add_sample_actuals, spend


def pages(plan: Plan) -> dict[str, str]:
    target = plan.targets.order_by("order").first()
    return {
        "dashboard": reverse("reports:dashboard"),
        "overview": reverse("reports:overview", args=[plan.pk]),
        "aim": reverse("reports:aim", args=[target.aim_id]),
        "target": reverse("reports:target", args=[target.pk]),
        "indicator": reverse("reports:indicator", args=[target.indicators.first().pk]),
        "units": reverse("reports:units", args=[plan.pk]),
        "problems": reverse("reports:problems", args=[plan.pk]),
    }


@pytest.fixture
def kars_with_actuals(kars_plan: Plan) -> Plan:
    """The Kars plan with the few 2025 values of tests/reports/test_results.py."""
    return add_sample_actuals(kars_plan)


# --- Access ---------------------------------------------------------------------------------


PAGES = ["dashboard", "overview", "aim", "target", "indicator", "units", "problems"]


@pytest.mark.parametrize("name", PAGES)
def test_strategy_office_and_council_read_every_dashboard_page(
    client, plan, strategy_user, council_user, name
):
    url = pages(plan)[name]
    for user in (strategy_user, council_user):
        logged_in(user, client)
        response = client.get(url, follow=True)
        assert response.status_code == 200
        assert "Gösterge paneli" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_unit_staff_read_their_own_units_pages(client, plan, staff_user, name):
    logged_in(staff_user, client)  # the first target, whose pages these are, is their unit's
    response = client.get(pages(plan)[name], follow=True)
    assert response.status_code == 200
    assert "Gösterge paneli" in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_users_are_sent_to_the_login_page(client, plan, name):
    response = client.get(pages(plan)[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_dashboards_are_read_only(client, plan, strategy_user, name):
    logged_in(strategy_user, client)
    assert client.post(pages(plan)[name]).status_code == 405


@pytest.mark.parametrize("name", ["overview", "aim", "target", "indicator", "units", "problems"])
def test_an_unknown_object_is_404(client, plan, strategy_user, name):
    logged_in(strategy_user, client)
    url = pages(plan)[name]
    assert client.get(url.replace(f"/{url.split('/')[-2]}/", "/999999/")).status_code == 404


def test_without_a_plan_the_dashboard_says_how_to_load_one(client, strategy_user):
    logged_in(strategy_user, client)
    response = client.get(reverse("reports:dashboard"))
    assert "Henüz stratejik plan yüklenmedi" in response.content.decode()


def test_the_navigation_links_the_dashboard_for_every_role(
    client, plan, strategy_user, council_user, staff_user
):
    link = f'href="{reverse("reports:dashboard")}"'
    for user, shown in ((strategy_user, True), (council_user, True), (staff_user, True)):
        logged_in(user, client)
        assert (link in client.get(reverse("home")).content.decode()) is shown


# --- Overview ---------------------------------------------------------------------------------


@pytest.fixture
def strategy_client(client, strategy_user):
    logged_in(strategy_user, client)
    return client


def test_overview_shows_the_plan_and_aim_figures_marked_when_not_approved(
    strategy_client, kars_with_actuals
):
    plan = kars_with_actuals
    url = reverse("reports:overview", args=[plan.pk]) + "?year=2025&period=H2"
    html = strategy_client.get(url).content.decode()
    assert "Plan gerçekleşmesi" in html
    assert "%79,30" in html  # plan = A1 = (75 + 83.605…) / 2, see test_results
    assert "%83,61" in html  # H1.2
    assert "onaylanmadı" in html
    assert "Durum dağılımı" in html and "Dönemlere göre plan gerçekleşmesi" in html
    assert "Bütçe: planlanan ve gerçekleşen (TL)" in html
    assert html.count("<svg") >= 4


def test_the_approved_only_switch_counts_only_approved_values(strategy_client, kars_with_actuals):
    url = reverse("reports:overview", args=[kars_with_actuals.pk])
    html = strategy_client.get(url + "?year=2025&period=H2&approved=on").content.decode()
    assert "yalnızca onaylı değerler" in html
    # Only 2025-H1 of İnsan Kaynakları is approved: at H2 no indicator has a complete approved
    # year (DESIGN §5), so nothing is read as low performance; the headline says so plainly.
    assert "%41,80" not in html and "%79,30" not in html
    assert "Veri yetersiz" in html and "Kapsama %0,00" in html
    assert "Çok düşük: 0 ·" in html
    everything = strategy_client.get(url + "?year=2025&period=H2").content.decode()
    assert "(%79,30)" in everything  # with every value: the mean of the aims with data, named


def test_overview_filters_the_targets_to_a_unit(strategy_client, kars_with_actuals):
    plan = kars_with_actuals
    h12 = plan.targets.get(code="H1.2")
    url = reverse("reports:overview", args=[plan.pk])
    html = strategy_client.get(f"{url}?year=2025&unit={h12.responsible_unit_id}").content.decode()
    assert "Yalnızca İnsan Kaynakları ve Eğitim Müdürlüğü sorumluluğundaki hedefler." in html
    assert reverse("reports:target", args=[h12.pk]) in html
    h11 = plan.targets.get(code="H1.1")
    assert reverse("reports:target", args=[h11.pk]) not in html
    assert "4 gösterge" in html  # the status distribution of that unit's indicators


def test_a_bad_filter_value_is_named_and_ignored(strategy_client, plan):
    url = reverse("reports:overview", args=[plan.pk])
    response = strategy_client.get(url + "?year=1999&period=H7")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Yıl:" in html and "Dönem:" in html  # the fields are named in the error box
    assert "Geçerli bir seçenek seçin" in html


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_the_filter_shows_the_period_in_use(strategy_client, kars_with_actuals):
    url = reverse("reports:overview", args=[kars_with_actuals.pk])
    html = strategy_client.get(url).content.decode()  # 2025-H2's deadline, 15.01.2026, passed
    assert '<option value="2025" selected>' in html
    assert '<option value="H2" selected>' in html
    html = strategy_client.get(url + "?year=2027").content.decode()
    assert '<option value="2027" selected>' in html and '<option value="H2" selected>' in html


def test_the_latest_ended_period_stays_inside_the_plan(plan):
    assert latest_ended(plan, dt.date(2024, 3, 1)) == (2025, 1)
    assert latest_ended(plan, dt.date(2025, 7, 1)) == (2025, 1)
    assert latest_ended(plan, dt.date(2026, 1, 2)) == (2025, 2)
    assert latest_ended(plan, dt.date(2035, 1, 1)) == (2029, 2)


# --- Aim, target, indicator -----------------------------------------------------------------


def test_aim_page_shows_its_targets_and_their_budget(strategy_client, kars_with_actuals):
    aim = kars_with_actuals.aims.get(code="A1")
    html = strategy_client.get(
        reverse("reports:aim", args=[aim.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert "Amaç gerçekleşmesi" in html and "%79,30" in html
    assert "H1.7" in html
    assert "75.000" in html and "100.000" in html  # H1.2 spent / planned (TL)


def test_target_page_shows_the_formula_with_each_indicators_inputs(
    strategy_client, kars_with_actuals
):
    h12 = kars_with_actuals.targets.get(code="H1.2")
    url = reverse("reports:target", args=[h12.pk])
    html = strategy_client.get(url + "?year=2025&period=H2").content.decode()
    assert "Girdileriyle formül" in html
    assert "C / B × 100" in html
    assert "3 / 2 × 100 = 150,00" in html  # #1: (1 + 2) / 2
    assert "12 / 18 × 100 = 66,67" in html  # #3: (6 + 6) / 18
    assert "Σ (w × r) / Σ w = 8.359,67 / 99,99 = 83,61" in html
    assert "kapsama = 99,99 / 99,99 × 100 = 100,00" in html
    assert "harcanan 75.000 / planlanan 100.000 TL" in html
    assert html.count('class="spark"') == 4


def test_target_page_at_h1_also_shows_the_expected_progress(strategy_client, kars_with_actuals):
    h12 = kars_with_actuals.targets.get(code="H1.2")
    url = reverse("reports:target", args=[h12.pk])
    html = strategy_client.get(url + "?year=2025&period=H1").content.decode()
    assert "1 / 2 × 100 = 50,00" in html
    assert "beklenen ilerlemeye göre" in html and "1 / 1 × 100 = 100,00" in html
    assert "Dönem dışı" in html  # the yearly indicator #4
    assert "İlk altı ayda her gösterge iki rakamla gösterilir" in html


def test_indicator_page_shows_the_series_history_and_evidence(
    strategy_client, strategy_user, kars_with_actuals
):
    h12 = kars_with_actuals.targets.get(code="H1.2")
    indicator = h12.indicators.get(order=1)
    actual = Actual.objects.get(indicator=indicator, period__year=2025, period__half=2)
    actual.value = Decimal("4")
    actual.deviation_reason = "Eğitmen bulunamadı"
    actual._change_reason = "Yazım hatası düzeltildi"
    actual.save()
    Evidence.objects.create(
        actual=actual,
        file="evidence/abc.pdf",
        original_name="egitim-listesi.pdf",
        content_type="application/pdf",
        size=2048,
        uploaded_by=strategy_user,
    )
    html = strategy_client.get(
        reverse("reports:indicator", args=[indicator.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert "Planlanan ve gerçekleşen değerler" in html
    assert "5 / 2 × 100 = 250,00" in html  # C = 1 + 4
    assert "Değişiklik geçmişi" in html
    assert "değiştirildi" in html and "Yazım hatası düzeltildi" in html
    assert "Eğitmen bulunamadı" in html
    assert "egitim-listesi.pdf" in html
    evidence = Evidence.objects.get(original_name="egitim-listesi.pdf")
    assert reverse("indicators:evidence", args=[evidence.pk]) in html  # strategy may download
    assert "Onaylandı" in html and "Gönderildi" in html  # the two submissions


# --- Units ---------------------------------------------------------------------------------


@time_machine.travel(dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC), tick=False)
def test_units_page_counts_due_submitted_approved_returned_and_late(
    strategy_client, kars_with_actuals
):
    plan = kars_with_actuals
    h11 = plan.targets.get(code="H1.1")
    period = Period.objects.get(plan=plan, year=2025, half=2)
    Submission.objects.create(
        unit=h11.responsible_unit, period=period, status=SubmissionStatus.RETURNED
    )
    h13 = plan.targets.get(code="H1.3")
    Submission.objects.create(
        unit=h13.responsible_unit,
        period=period,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=timezone.make_aware(dt.datetime(2026, 1, 10, 9)),
    )
    hr = Submission.objects.get(unit=plan.targets.get(code="H1.2").responsible_unit, period=period)
    hr.submitted_at = timezone.make_aware(dt.datetime(2026, 1, 20, 9))  # after 15.01.2026
    hr.save()
    response = strategy_client.get(
        reverse("reports:units", args=[plan.pk]) + "?year=2025&period=H2"
    )
    totals = response.context["totals"]
    units = len(response.context["rows"])
    assert totals == {
        "due": units,
        "submitted": 2,
        "approved": 0,
        "returned": 1,
        "late": units - 1,  # all but Hukuk İşleri, which submitted on 10.01.2026
    }
    html = response.content.decode()
    assert "İade edildi" in html and "gecikmiş" in html
    assert "son tarih 15.01.2026" in html
    assert "4 göstergeden 3 girildi" in html  # İnsan Kaynakları in 2025-H2


# --- Problems ------------------------------------------------------------------------------


def test_problems_lists_low_statuses_missing_values_reasons_and_budget(kars_with_actuals):
    h12 = kars_with_actuals.targets.get(code="H1.2")
    spend(kars_with_actuals.targets.get(code="H1.3"), 2025, 2, "100000")  # of 600,000 planned
    results = plan_results(kars_with_actuals, 2025, 2)
    found = problems_of(results)
    kinds = {(p.kind, p.target.code, p.indicator.order if p.indicator else None) for p in found}
    assert ("low", "H1.2", 3) in kinds and ("reason", "H1.2", 3) in kinds
    assert ("low", "H1.2", 4) in kinds
    assert ("missing", "H1.2", 2) in kinds
    assert ("budget", "H1.3", None) in kinds  # 100,000 / 600,000 = 16.67 % of the year
    assert ("budget", "H1.2", None) not in kinds  # 75 % is within 50 points of 100 %
    Actual.objects.filter(indicator__target=h12, indicator__order=3, period__half=2).update(
        deviation_reason="Salon bulunamadı"
    )
    found = problems_of(plan_results(kars_with_actuals, 2025, 2))
    assert ("reason", "H1.2", 3) not in {
        (p.kind, p.target.code, p.indicator.order if p.indicator else None) for p in found
    }


def test_problems_filters_by_unit_aim_status_and_kind(strategy_client, kars_with_actuals):
    plan = kars_with_actuals
    h12 = plan.targets.get(code="H1.2")
    url = reverse("reports:problems", args=[plan.pk])
    base = f"{url}?year=2025&period=H2"
    response = strategy_client.get(f"{base}&unit={h12.responsible_unit_id}")
    assert {p.target.code for p in response.context["page"].object_list} == {"H1.2"}
    assert response.context["total"] == 5  # #3 low + reason, #4 low + reason, #2 missing
    response = strategy_client.get(f"{base}&status=cok_dusuk")
    assert [(p.kind, p.indicator.order) for p in response.context["page"].object_list] == [
        ("low", 4),
        ("reason", 4),
    ]
    response = strategy_client.get(f"{base}&kind=reason&aim={h12.aim_id}")
    assert response.context["total"] == 2
    html = response.content.decode()
    assert "Sapma nedeni eksik" in html and "2 sorun" in html
    other_aim = plan.aims.get(code="A2")
    response = strategy_client.get(f"{base}&kind=low&aim={other_aim.pk}")
    assert "Filtreye uyan sorun yok." in response.content.decode()


def test_problems_are_paginated_and_pages_keep_the_filters(strategy_client, kars_with_actuals):
    url = reverse("reports:problems", args=[kars_with_actuals.pk])
    response = strategy_client.get(f"{url}?year=2025&period=H2&kind=missing")
    total = response.context["total"]
    assert total > PROBLEMS_PER_PAGE
    assert len(response.context["page"].object_list) == PROBLEMS_PER_PAGE
    html = response.content.decode()
    assert "kind=missing" in html and "page=2" in html
    assert f"Sayfa 1 / {-(-total // PROBLEMS_PER_PAGE)}" in html
    last = strategy_client.get(f"{url}?year=2025&period=H2&kind=missing&page=999")
    assert last.context["page"].number == last.context["page"].paginator.num_pages


def test_a_council_member_sees_the_same_figures_read_only(client, kars_with_actuals):
    council = make_user("meclis2", "Meclis Üyesi")
    logged_in(council, client)
    url = reverse("reports:overview", args=[kars_with_actuals.pk]) + "?year=2025&period=H2"
    html = client.get(url).content.decode()
    assert "%79,30" in html
    assert '<form method="post"' not in html.split("</header>", 1)[1]


def test_the_overview_folds_the_aims_unless_filtered(strategy_client, kars_with_actuals):
    url = reverse("reports:overview", args=[kars_with_actuals.pk]) + "?year=2025&period=H2"
    html = strategy_client.get(url).content.decode()
    assert html.count('<details class="card aim-group"') == 8
    assert " open>" not in html.split('data-testid="targets"', 1)[1]
    h12 = kars_with_actuals.targets.get(code="H1.2")
    html = strategy_client.get(f"{url}&unit={h12.responsible_unit_id}").content.decode()
    assert '<details class="card aim-group" id="aim-A1" open>' in html


def test_a_large_plans_overview_pages_its_aims_and_keeps_the_selection(
    strategy_client, django_assert_max_num_queries
):
    from plans.loading import plan_load
    from reports.views.dashboards import AIMS_PER_PAGE
    from tests.plan_documents import synthetic_document

    big = plan_load(document=synthetic_document(25, 1, 1, name="Yirmi Beş Amaçlı Plan")).plan
    url = reverse("reports:overview", args=[big.pk]) + "?year=2025&period=H2"
    with django_assert_max_num_queries(15):
        html = strategy_client.get(url).content.decode()
    assert html.count('<details class="card aim-group"') == AIMS_PER_PAGE == 20
    assert 'id="aim-A1"' in html and 'id="aim-A21"' not in html
    assert "25 amaçtan 1–20 arası." in html
    pager = html.split('data-testid="aim-pages"', 1)[1].split("</nav>", 1)[0]
    assert 'aria-label="Amaç sayfaları"' in html
    assert "?year=2025&amp;period=H2&amp;page=2#amaclar" in pager and "A21–A25" in pager
    assert '<span aria-current="page"><strong>A1–A20</strong></span>' in pager
    second = strategy_client.get(url + "&page=2").content.decode()
    assert second.count('<details class="card aim-group"') == 5
    assert 'id="aim-A21"' in second and 'id="aim-A1"' not in second
    last = strategy_client.get(url + "&page=999").content.decode()
    assert 'id="aim-A25"' in last  # beyond the last page: the last
    # the charts still show every aim
    assert ">A1<" in second and ">A25<" in second
