"""What the dashboards' figures say (issue 11): both figures at H1 with their labels, the
status from the progress, coverage beside every headline, a plan or aim headline that says
so when coverage is below 50 %, and every "veri yok" declaration with its reason."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.models import Plan, Target
from indicators.models import Actual, Period
from tests.conftest import logged_in
from tests.reports.test_results import add_sample_actuals, enter


@pytest.fixture
def kars_with_actuals(kars_plan: Plan) -> Plan:
    return add_sample_actuals(kars_plan)


@pytest.fixture
def strategy_client(client, strategy_user):
    return logged_in(strategy_user, client)


def fill_target(target: Target) -> None:
    """Every indicator of a small-plan target on plan for 2025: the levels (A 20, B 40) at 40,
    the flow (B 30) at 15 + 15."""
    for ind in target.indicators.order_by("order"):
        if ind.measure == "flow":
            enter(ind, 2025, 1, "15")
            enter(ind, 2025, 2, "15")
        else:
            enter(ind, 2025, 2, "40")


def declare(indicator, year: int, half: int, reason: str) -> Actual:
    period = Period.objects.get(plan=indicator.target.plan, year=year, half=half)
    return Actual.objects.create(
        indicator=indicator, period=period, no_data=True, explanation=reason
    )


def section(html: str, testid: str) -> str:
    """The HTML of the element with data-testid=`testid` up to the end of its section."""
    start = html.index(f'data-testid="{testid}"')
    return html[start : html.index("</section>", start)]


# --- H1: both figures, labelled; the status from the progress ---------------------------------


def test_at_h1_an_indicator_shows_both_figures_labelled(strategy_client, kars_with_actuals):
    h12 = kars_with_actuals.targets.get(code="H1.2")
    first = h12.indicators.get(order=1)  # a flow, B = 2, H1 = 1
    html = strategy_client.get(
        reverse("reports:target", args=[h12.pk]) + "?year=2025&period=H1"
    ).content.decode()
    row = html[html.index('data-order="1"') : html.index('data-order="2"')]
    assert "yıl sonu hedefine göre <strong>%50,00</strong>" in row
    assert "beklenen ilerlemeye göre <strong>%100,00</strong>" in row
    assert "Hedefe ulaşıldı" in row  # the status comes from the progress, not from 50 %
    assert "yıl sonu hedefine göre gerçekleşmeden hesaplanır" in html  # targets say so

    html = strategy_client.get(
        reverse("reports:indicator", args=[first.pk]) + "?year=2025&period=H1"
    ).content.decode()
    kpi = section(html, "indicator-realization")
    assert "yıl sonu hedefine göre <strong>%50,00</strong>" in kpi
    assert "beklenen ilerlemeye göre <strong>%100,00</strong>" in kpi
    assert "durum beklenen ilerlemeye göre" in kpi


def test_at_h1_the_problems_page_shows_both_figures(strategy_client, kars_with_actuals):
    url = reverse("reports:problems", args=[kars_with_actuals.pk])
    html = strategy_client.get(url + "?year=2025&period=H1&kind=low").content.decode()
    # H1.2 #3: a flow, B = 18, H1 = 6: 33,33 % of the year, 66,67 % of the expected progress
    assert "yıl sonu hedefine göre <strong>%33,33</strong>" in html
    assert "beklenen ilerlemeye göre <strong>%66,67</strong>" in html


def test_at_h2_one_figure_is_shown(strategy_client, kars_with_actuals):
    h12 = kars_with_actuals.targets.get(code="H1.2")
    html = strategy_client.get(
        reverse("reports:target", args=[h12.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert "yıl sonu hedefine göre <strong>" not in html
    assert 'data-testid="figure-pair"' not in html


# --- Coverage beside the headline; below 50 % the headline says so ----------------------------


def test_the_plan_headline_says_when_coverage_is_below_half(strategy_client, plan: Plan):
    targets = list(plan.targets.order_by("order"))
    fill_target(targets[0])  # 1 target of 4 has its values: plan coverage 25 %
    url = reverse("reports:overview", args=[plan.pk]) + "?year=2025&period=H2"
    html = strategy_client.get(url).content.decode()
    headline = section(html, "plan-realization")
    assert "Veri yetersiz" in headline
    assert "Kapsama %25,00, %50 eşiğinin altında" in headline
    assert "Değeri olan amaçların ortalaması (%100,00) planın sonucu değildir." in headline
    assert '<p class="kpi-value">%100,00' not in headline
    assert "Kapsama <strong>%25,00</strong>" in headline  # coverage beside the headline
    # A1 (its two targets: 100 % and 0 % coverage) reaches 50 %: its figure stands
    a1 = plan.aims.get(code="A1")
    a1_html = strategy_client.get(
        reverse("reports:aim", args=[a1.pk]) + "?year=2025&period=H2"
    ).content.decode()
    aim_headline = section(a1_html, "aim-realization")
    assert '<p class="kpi-value">%100,00' in aim_headline
    assert "Kapsama <strong>%50,00</strong>" in aim_headline
    a2 = plan.aims.get(code="A2")
    a2_html = strategy_client.get(
        reverse("reports:aim", args=[a2.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert "Henüz değer girilmedi: rakam yok." in section(a2_html, "aim-realization")

    fill_target(targets[2])  # the first target of A2: plan coverage 50 %
    html = strategy_client.get(url).content.decode()
    headline = section(html, "plan-realization")
    assert "Veri yetersiz" not in headline
    assert '<p class="kpi-value">%100,00' in headline
    assert "Kapsama <strong>%50,00</strong>" in headline


def test_an_aim_below_half_coverage_says_so(strategy_client, plan: Plan):
    a1 = plan.aims.get(code="A1")
    first, second = a1.targets.order_by("order")
    fill_target(first)
    ind = second.indicators.get(order=1)  # 1 of the second target's 3 indicators: 33,33 %
    enter(ind, 2025, 2, "40")
    first.indicators.filter(order=1).update(weight=0)  # (100 / 100 and 33,33 → 66,67)
    html = strategy_client.get(
        reverse("reports:aim", args=[a1.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert "Veri yetersiz" not in section(html, "aim-realization")
    Actual.objects.filter(indicator__target=first).delete()  # (0 and 33,33 → 16,67)
    html = strategy_client.get(
        reverse("reports:aim", args=[a1.pk]) + "?year=2025&period=H2"
    ).content.decode()
    headline = section(html, "aim-realization")
    assert "Veri yetersiz" in headline
    assert "Kapsama %16,67, %50 eşiğinin altında: amaç rakamı için yeterli değer girilmedi." in (
        headline
    )


# --- "Veri yok" declarations with their reasons -----------------------------------------------


def test_declarations_are_listed_with_their_reasons(strategy_client, plan: Plan):
    target = plan.targets.order_by("order").first()
    level, _second, flow = target.indicators.order_by("order")
    declare(flow, 2025, 1, "Kaynak kurum verisini yayımlamadı")
    enter(flow, 2025, 2, "12")
    declare(level, 2025, 2, "Ölçüm yapılamadı: cihaz arızalı")

    html = strategy_client.get(
        reverse("reports:target", args=[target.pk]) + "?year=2025&period=H2"
    ).content.decode()
    table = html[html.index('data-testid="declarations"') :]
    assert "2025-H1" in table and "Kaynak kurum verisini yayımlamadı" in table
    assert "2025-H2" in table and "Ölçüm yapılamadı: cihaz arızalı" in table
    row = html[html.index('data-order="1"') : html.index('data-order="2"')]
    assert '"Veri yok" beyanı: Ölçüm yapılamadı: cihaz arızalı' in row

    html = strategy_client.get(
        reverse("reports:indicator", args=[flow.pk]) + "?year=2025&period=H2"
    ).content.decode()
    periods = html[html.index('data-testid="periods"') :]
    assert 'data-testid="no-data"' in periods
    assert "Kaynak kurum verisini yayımlamadı" in periods

    url = reverse("reports:problems", args=[plan.pk]) + "?year=2025&period=H2"
    html = strategy_client.get(url).content.decode()
    declarations = html[html.index('data-testid="declarations"') :]
    assert "Kaynak kurum verisini yayımlamadı" in declarations  # H1's, in the year
    assert "Ölçüm yapılamadı: cihaz arızalı" in declarations
    response = strategy_client.get(url + "&kind=declared")
    [problem] = response.context["page"].object_list
    assert (problem.indicator, problem.detail) == (level, "Ölçüm yapılamadı: cihaz arızalı")
    assert "&quot;Veri yok&quot; beyanı" in response.content.decode()

    html = strategy_client.get(
        reverse("reports:overview", args=[plan.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert '2 "veri yok" beyanı' in html  # linked to the problems page's list

    # A declared row counts as answered on the units page: in 2025-H2 the level's declaration
    # and the flow's value make 2 of the 3 indicators due.
    response = strategy_client.get(
        reverse("reports:units", args=[plan.pk]) + "?year=2025&period=H2"
    )
    cells = dict(response.context["rows"])[target.responsible_unit]
    assert (cells[-1].entered, cells[-1].due) == (2, 3)


def test_without_declarations_the_list_says_so(strategy_client, plan: Plan):
    html = strategy_client.get(
        reverse("reports:problems", args=[plan.pk]) + "?year=2025&period=H2"
    ).content.decode()
    assert '2025 yılında bu döneme kadar hiçbir birim "veri yok" beyan etmedi.' in html
