"""The indicator page: per plan year, B, the period values, C and the status."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from indicators import computation
from indicators.computation_settings import computation_settings
from indicators.models import (
    Actual,
    Indicator,
    Period,
    Submission,
    SubmissionStatus,
)
from indicators.results_inputs import indicator_input
from indicators.statuses import status_label


@dataclass(frozen=True)
class YearRow:
    year: int
    planned: Decimal | None
    h1: Actual | None
    h2: Actual | None
    h1_approved: bool
    h2_approved: bool
    result: computation.IndicatorResult

    @property
    def status_label(self) -> str:
        return status_label(self.result.status)


def indicator_years(indicator: Indicator) -> tuple[list[Period], list[YearRow]]:
    """The plan's periods and, per plan year, B, the period values (and whether approved),
    C, the realization and the status (at H2 when H2 has a value or has ended, else at H1).
    3 queries (periods, actuals, submissions); planned values come prefetched."""
    target = indicator.target
    plan = target.plan
    periods = list(Period.objects.filter(plan=plan).order_by("year", "half"))
    by_pk = {p.pk: p for p in periods}
    actuals = {
        (by_pk[a.period_id].year, by_pk[a.period_id].half): a
        for a in Actual.objects.filter(indicator=indicator, period__plan=plan)
    }
    approved = set(
        Submission.objects.filter(
            unit_id=target.responsible_unit_id,
            period__plan=plan,
            status=SubmissionStatus.APPROVED,
        ).values_list("period_id", flat=True)
    )
    planned = {pv.year: pv.value for pv in indicator.planned_values.all()}
    for a in actuals.values():
        a.period = by_pk[a.period_id]
    ind_input = indicator_input(indicator, planned, list(actuals.values()), approved)
    values = ind_input.values
    conf = computation_settings()
    today = timezone.localdate()
    rows = []
    for year in plan.years:
        h1, h2 = actuals.get((year, 1)), actuals.get((year, 2))
        half = 2 if (year, 2) in values or today > dt.date(year, 12, 31) else 1
        if half == 1 and not indicator.is_due_in_half(1):
            half = 2
        rows.append(
            YearRow(
                year=year,
                planned=planned.get(year),
                h1=h1,
                h2=h2,
                h1_approved=h1 is not None and h1.period_id in approved,
                h2_approved=h2 is not None and h2.period_id in approved,
                result=computation.indicator_result(ind_input, year, half, conf),
            )
        )
    return periods, rows
