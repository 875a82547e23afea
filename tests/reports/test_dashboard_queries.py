"""Each dashboard page (and the plan page) runs at most 15 SQL queries, as many for the Kars
plan as for a plan 20× its size, for the strategy office and for unit staff, with the period
given or chosen by default (issue 12)."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Plan, Target, UnitMembership
from goals.permissions import STAFF_GROUP
from indicators.models import (
    Actual,
    Evidence,
    Expenditure,
    Indicator,
    Period,
    PlannedValue,
    Submission,
    SubmissionStatus,
)
from tests.bulk_plan import bulk_plan_load
from tests.conftest import logged_in, make_user
from tests.plan_documents import synthetic_document

MAX_QUERIES = 15
FACTORS = (Decimal("0.5"), Decimal("0.8"), Decimal("1"), None)  # çok düşük, orta, ulaşıldı, yok


def fill_2025(plan: Plan, user) -> None:
    """Values for 2025-H1 and H2 (some missing, some low), submissions, costs, history,
    evidence: every kind of row a dashboard page reads."""
    periods = {p.half: p for p in Period.objects.filter(plan=plan, year=2025)}
    planned = {
        pv.indicator_id: pv.value
        for pv in PlannedValue.objects.filter(indicator__target__plan=plan, year=2025)
    }
    indicators = list(Indicator.objects.filter(target__plan=plan).order_by("target", "order"))
    actuals = []
    for k, ind in enumerate(indicators):
        factor = FACTORS[k % len(FACTORS)]
        if factor is None or ind.pk not in planned:
            continue
        for half, period in periods.items():
            if ind.is_due_in_half(half):
                value = planned[ind.pk] * factor / (2 if ind.measure == "flow" else 1)
                actuals.append(
                    Actual(indicator=ind, period=period, value=value, deviation_reason="")
                )
    Actual.objects.bulk_create(actuals)
    targets = list(Target.objects.filter(plan=plan))
    Expenditure.objects.bulk_create(
        Expenditure(target=t, period=p, amount=Decimal(40000))
        for t in targets
        for p in periods.values()
    )
    units = {t.responsible_unit_id for t in targets}
    Submission.objects.bulk_create(
        Submission(unit_id=u, period=periods[half], status=status)
        for u in units
        for half, status in ((1, SubmissionStatus.APPROVED), (2, SubmissionStatus.SUBMITTED))
    )
    first = Actual.objects.filter(indicator__target__plan=plan).order_by("indicator", "period")[0]
    first.value += 1
    first.save()  # a history record
    Evidence.objects.create(
        actual=first,
        file="evidence/x.pdf",
        original_name="belge.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=user,
    )


def urls(plan: Plan) -> dict[str, str]:
    target = plan.targets.order_by("order").first()
    indicator = target.indicators.order_by("order")[0]
    unit = target.responsible_unit_id
    q = "?year=2025&period=H2"
    return {
        "plan page": reverse("goals:plan", args=[plan.pk]),
        "overview, default period": reverse("reports:overview", args=[plan.pk]),
        "overview": reverse("reports:overview", args=[plan.pk]) + q,
        "aim, default period": reverse("reports:aim", args=[target.aim_id]),
        "target, default period": reverse("reports:target", args=[target.pk]),
        "indicator, default period": reverse("reports:indicator", args=[indicator.pk]),
        "problems, default period": reverse("reports:problems", args=[plan.pk]),
        "overview, H1, unit, approved only": reverse("reports:overview", args=[plan.pk])
        + f"?year=2025&period=H1&unit={unit}&approved=on",
        "aim": reverse("reports:aim", args=[target.aim_id]) + q,
        "target": reverse("reports:target", args=[target.pk]) + q,
        "indicator": reverse("reports:indicator", args=[indicator.pk]) + q,
        "units": reverse("reports:units", args=[plan.pk]) + q,
        "problems": reverse("reports:problems", args=[plan.pk]) + q,
        "problems, filtered, page 2": reverse("reports:problems", args=[plan.pk])
        + q
        + "&kind=missing&page=2",
    }


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_every_dashboard_page_runs_at_most_15_queries_the_same_for_kars_and_20_times_larger(
    client, kars_plan, strategy_user, django_assert_max_num_queries
):
    # plan_load would write its 30,000 rows one by one (2 minutes): the same plan in bulk
    big = bulk_plan_load(synthetic_document(20, 30, 6, name="Yirmi Kat Büyük Plan"))
    kars_size = Indicator.objects.filter(target__plan=kars_plan).count()
    big_size = Indicator.objects.filter(target__plan=big).count()
    assert big_size >= 19.5 * kars_size  # 3600 against 184
    assert big.targets.count() >= 20 * kars_plan.targets.count()  # 600 against 30
    for plan in (kars_plan, big):
        fill_2025(plan, strategy_user)
    # unit staff of the unit that owns the first target of each plan: their own pages
    staff = make_user("birim-olcum", STAFF_GROUP)
    for plan in (kars_plan, big):
        unit = plan.targets.order_by("order").first().responsible_unit
        UnitMembership.objects.create(user=staff, unit=unit)

    kars_urls, big_urls = urls(kars_plan), urls(big)
    measured = {}
    for user in (strategy_user, staff):
        logged_in(user, client)
        client.get(reverse("reports:dashboard"))  # warm the session
        for name in kars_urls:
            small = count_queries(client, kars_urls[name])
            with django_assert_max_num_queries(MAX_QUERIES):
                large = count_queries(client, big_urls[name])
            measured[(user.username, name)] = (small, large)
    print("queries per page (Kars, 20×):", measured)
    assert all(small == large for small, large in measured.values()), measured
    assert all(small <= MAX_QUERIES for small, _ in measured.values()), measured
