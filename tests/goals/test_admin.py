"""The strategy office maintains the plan in the admin; nobody else gets in."""

from decimal import Decimal

from django.urls import reverse

from goals.models import Target
from indicators.models import Indicator, PlannedValue
from tests.goals.test_plan_pages import logged_in


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


def test_admin_titles_are_translated(strategy_user):
    html = logged_in(strategy_user).get(reverse("admin:index")).content.decode()
    assert "Stratejik Plan Yönetimi" in html and "<title>" in html and "Karsplan" in html
