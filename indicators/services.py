"""Writes for indicators, periods and entries. Only services move statuses."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction

from goals.models import Plan
from indicators.models import Half, Period


def period_default_window(year: int, half: int) -> tuple[dt.date, dt.date]:
    """Entry opens the day after the period ends; the deadline is N days after the end."""
    end = dt.date(year, 6, 30) if half == Half.H1 else dt.date(year, 12, 31)
    days = settings.KARSPLAN["ENTRY_DEADLINE_DAYS"]
    return end + dt.timedelta(days=1), end + dt.timedelta(days=days)


@transaction.atomic
def periods_ensure(*, plan: Plan) -> int:
    """Create the plan's periods (start_year-H1 … end_year-H2) that do not exist yet.

    Existing periods keep their windows and states. Returns how many were created.
    """
    existing = set(Period.objects.filter(plan=plan).values_list("year", "half"))
    created = 0
    for year in plan.years:
        for half in (Half.H1, Half.H2):
            if (year, half) in existing:
                continue
            opens_on, deadline = period_default_window(year, half)
            Period.objects.create(
                plan=plan, year=year, half=half, opens_on=opens_on, deadline=deadline
            )
            created += 1
    return created
