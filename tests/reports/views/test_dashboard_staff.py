"""Unit staff read their own units' dashboards, read only (issue 15 item 6; DESIGN.md §7),
scoped by goals/permissions.py: their units' targets, and 404 for another unit's."""

from __future__ import annotations

import pytest
from django.urls import reverse

from goals.models import Plan
from tests.conftest import logged_in
from tests.reports.test_results import enter

Q = "?year=2025&period=H2"


@pytest.fixture
def staff_client(client, staff_user):
    return logged_in(staff_user, client)


@pytest.fixture
def two_units(plan: Plan, target, other_target):
    """A value missing in both units' targets, so that each has problems."""
    for t in (target, other_target):
        enter(t.indicators.get(order=1), 2025, 2, "30")
    return target, other_target


def test_the_overview_lists_only_their_units_targets(staff_client, plan, two_units):
    own, other = two_units
    response = staff_client.get(reverse("reports:overview", args=[plan.pk]) + Q)
    html = response.content.decode()
    assert reverse("reports:target", args=[own.pk]) in html
    assert reverse("reports:target", args=[other.pk]) not in html
    assert "Yalnızca birimlerinizin sorumlu olduğu hedefler." in html
    units = [value for value, _label in response.context["form"].fields["unit"].choices]
    assert units == ["", own.responsible_unit_id]  # the unit filter offers their units only
    assert response.context["indicator_count"] == 3  # the status distribution of their target


def test_another_units_target_indicator_and_aim_are_404(staff_client, plan, two_units):
    own, other = two_units
    assert staff_client.get(reverse("reports:target", args=[own.pk]) + Q).status_code == 200
    assert staff_client.get(reverse("reports:target", args=[other.pk]) + Q).status_code == 404
    own_ind, other_ind = own.indicators.first(), other.indicators.first()
    assert staff_client.get(reverse("reports:indicator", args=[own_ind.pk])).status_code == 200
    assert staff_client.get(reverse("reports:indicator", args=[other_ind.pk])).status_code == 404
    elsewhere = plan.aims.exclude(pk=own.aim_id).get()  # no target of their unit
    assert staff_client.get(reverse("reports:aim", args=[elsewhere.pk])).status_code == 404
    response = staff_client.get(reverse("reports:aim", args=[own.aim_id]) + Q)
    assert [t.target for t in response.context["targets"]] == [own]


def test_problems_and_units_are_their_units_only(staff_client, plan, two_units):
    own, other = two_units
    response = staff_client.get(reverse("reports:problems", args=[plan.pk]) + Q)
    assert response.context["total"] > 0
    assert {p.target for p in response.context["page"].object_list} == {own}
    # asking for another unit is refused as an invalid filter, and shows nothing of it
    response = staff_client.get(
        reverse("reports:problems", args=[plan.pk]) + Q + f"&unit={other.responsible_unit_id}"
    )
    assert "unit" in response.context["form"].errors
    assert {p.target for p in response.context["page"].object_list} == {own}
    response = staff_client.get(reverse("reports:units", args=[plan.pk]) + Q)
    assert [unit for unit, _cells in response.context["rows"]] == [own.responsible_unit]
    assert response.context["totals"]["due"] == 1


def test_staff_download_their_units_evidence_from_the_indicator_page(
    client, staff_user, council_user, plan, two_units
):
    from indicators.models import Actual, Evidence

    own, _other = two_units
    actual = Actual.objects.get(indicator=own.indicators.get(order=1))
    evidence = Evidence.objects.create(
        actual=actual,
        file="evidence/x.pdf",
        original_name="olcum.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=staff_user,
    )
    url = reverse("reports:indicator", args=[actual.indicator_id]) + Q
    link = reverse("indicators:evidence", args=[evidence.pk])
    assert link in logged_in(staff_user, client).get(url).content.decode()
    html = logged_in(council_user, client).get(url).content.decode()
    assert "olcum.pdf" in html and link not in html  # council members may not download


def test_staff_read_only(staff_client, plan, two_units):
    own, _other = two_units
    for url in (
        reverse("reports:overview", args=[plan.pk]),
        reverse("reports:target", args=[own.pk]),
        reverse("reports:problems", args=[plan.pk]),
    ):
        assert staff_client.post(url).status_code == 405
        html = staff_client.get(url).content.decode()
        assert '<form method="post"' not in html.split("</header>", 1)[1]


def test_council_and_strategy_still_see_every_unit(client, council_user, plan, two_units):
    own, other = two_units
    html = (
        logged_in(council_user, client)
        .get(reverse("reports:overview", args=[plan.pk]) + Q)
        .content.decode()
    )
    assert reverse("reports:target", args=[own.pk]) in html
    assert reverse("reports:target", args=[other.pk]) in html
    assert "Yalnızca birimlerinizin" not in html


def test_staff_still_cannot_read_the_report_archive_or_the_results_export(staff_client, plan):
    assert staff_client.get(reverse("archive:list")).status_code == 403
    url = reverse("exports:results") + "?year=2025&period=H1&format=xlsx"
    assert staff_client.get(url).status_code == 403
