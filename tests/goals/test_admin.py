"""The strategy office maintains the plan in the admin; nobody else gets in."""

import re
from decimal import Decimal

from django.urls import reverse

from budget.models import CostTotal
from goals.models import Target, UnitMembership
from indicators.models import Indicator, KeyPerformanceIndicator, PlannedValue
from tests.conftest import logged_in


def test_strategy_office_edits_a_target_with_its_inlines(kars_plan, strategy_user):
    client = logged_in(strategy_user)
    target = Target.objects.get(plan=kars_plan, code="H1.1")
    response = client.get(reverse("admin:goals_target_change", args=[target.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    for inline in ("indicators", "activities", "risks", "findings", "needs", "cost_estimates"):
        assert f'id="{inline}-group"' in html, inline


def test_target_list_flags_weights_that_do_not_sum_to_100(kars_plan, strategy_user):
    client = logged_in(strategy_user)
    html = client.get(reverse("admin:goals_target_changelist") + "?weights=off").content.decode()
    assert "H1.6" in html and "⚠" in html
    assert ">H1.1<" not in html  # sums to 100
    target = Target.objects.get(plan=kars_plan, code="H6.3")
    html = client.get(reverse("admin:goals_target_change", args=[target.pk])).content.decode()
    assert "43,926" in html


def test_planned_value_change_is_recorded_in_history(small_plan, strategy_user):
    client = logged_in(strategy_user)
    pv = PlannedValue.objects.filter(indicator__target__plan=small_plan).order_by("pk").first()
    url = reverse("admin:indicators_plannedvalue_change", args=[pv.pk])
    response = client.post(url, {"indicator": pv.indicator_id, "year": pv.year, "value": "77"})
    assert response.status_code == 302
    pv.refresh_from_db()
    assert pv.value == Decimal("77")
    last = pv.history.first()
    assert last.history_user == strategy_user
    assert last.prev_record is not None and last.prev_record.value != Decimal("77")
    history = client.get(reverse("admin:indicators_plannedvalue_history", args=[pv.pk]))
    assert history.status_code == 200


def test_indicator_admin_search(kars_plan, strategy_user):
    html = (
        logged_in(strategy_user)
        .get(reverse("admin:indicators_indicator_changelist") + "?q=Tahsilat")
        .content.decode()
    )
    assert Indicator.objects.filter(name__icontains="Tahsilat").exists()
    assert "Tahsilat" in html


def test_unit_staff_and_council_cannot_use_the_admin(small_plan, staff_user, council_user):
    for user in (staff_user, council_user):
        response = logged_in(user).get(reverse("admin:index"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        response = logged_in(user).get(reverse("admin:goals_target_changelist"))
        assert response.status_code == 302


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


def test_admin_titles_are_translated(strategy_user):
    html = logged_in(strategy_user).get(reverse("admin:index")).content.decode()
    assert "Stratejik Plan Yönetimi" in html and "<title>" in html and "Karsplan" in html
