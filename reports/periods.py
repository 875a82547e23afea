"""Which period the dashboards open on when none is asked for (DESIGN.md §5, issue 11): the
most recent period whose entry deadline has passed, else the most recent period with data,
else the plan's first period. One function, used by every dashboard page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from goals.models import Plan
from indicators.models import Actual, Period

__all__ = ["default_period", "latest_ended"]


def latest_ended(plan: Plan, today: dt.date) -> tuple[int, int]:
    """The latest period of the plan that has ended by `today` (the first one if none has)."""
    if today.month > 6:
        latest = (today.year, 1)
    else:
        latest = (today.year - 1, 2)
    return max(min(latest, (plan.end_year, 2)), (plan.start_year, 1))


def default_period(plan: Plan, today: dt.date | None = None) -> tuple[int, int]:
    """The period a dashboard opens on (1 query), judged on `today` (default: the local date):

    1. the most recent period whose entry deadline has passed: its figures are as complete
       as the units were asked to make them, so one unit's late or early entry in a later
       period does not move the dashboard there;
    2. if no deadline has passed yet, the most recent period with data (a value or a "veri
       yok" declaration);
    3. if there is none either, the plan's first period.
    """
    today = today or timezone.localdate()
    with_data = Actual.objects.filter(period=OuterRef("pk")).filter(
        Q(value__isnull=False) | Q(no_data=True)
    )
    found = (
        Period.objects.filter(plan=plan)
        .filter(Q(deadline__lt=today) | Exists(with_data))
        .annotate(passed=Q(deadline__lt=today))
        .order_by("-passed", "-year", "-half")
        .values_list("year", "half")
        .first()
    )
    return tuple(found) if found else (plan.start_year, 1)
