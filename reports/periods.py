"""Which period the dashboards show when none is asked for: the latest ended period of the
plan that has values, else the latest ended one."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils import timezone

from goals.models import Plan
from indicators.models import Actual
from indicators.results_inputs import up_to_q

__all__ = ["default_period", "latest_ended"]


def latest_ended(plan: Plan, today: dt.date) -> tuple[int, int]:
    """The latest period of the plan that has ended by `today` (the first one if none has)."""
    if today.month > 6:
        latest = (today.year, 1)
    else:
        latest = (today.year - 1, 2)
    return max(min(latest, (plan.end_year, 2)), (plan.start_year, 1))


def default_period(plan: Plan, today: dt.date | None = None) -> tuple[int, int]:
    """The latest ended period (by `today`, default: the local date) that has values, else
    the latest ended period (1 query)."""
    ended = latest_ended(plan, today or timezone.localdate())
    with_values = (
        Actual.objects.filter(Q(period__plan=plan, value__isnull=False) & up_to_q(*ended))
        .order_by("-period__year", "-period__half")
        .values_list("period__year", "period__half")
        .first()
    )
    return tuple(with_values) if with_values else ended
