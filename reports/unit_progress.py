"""Per unit and period: indicators due, values entered, the submission and whether it is late
(the units dashboard). `unit_progress` runs 5 queries whatever the plan's size."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q

from goals.models import Plan, Unit
from indicators.lateness import submission_is_late
from indicators.models import Actual, Indicator, Period, Submission, SubmissionStatus
from indicators.results_inputs import up_to_q

__all__ = ["UnitPeriod", "UnitProgress", "unit_progress"]


@dataclass
class UnitPeriod:
    """One unit's state in one period."""

    period: Period
    due: int = 0
    entered: int = 0
    submission: Submission | None = None
    late: bool = False

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else SubmissionStatus.DRAFT

    @property
    def status_label(self) -> str:
        return str(SubmissionStatus(self.status).label)


@dataclass(frozen=True)
class UnitProgress:
    """The plan's periods through the selection, one row of cells per unit (by name), and
    the totals of the latest period (due, submitted, approved, returned, late)."""

    periods: list[Period]
    rows: list[tuple[Unit, list[UnitPeriod]]]
    totals: dict[str, int]


def unit_progress(
    plan: Plan,
    year: int,
    half: int,
    today: dt.date,
    unit_ids: frozenset[int] | None = None,
) -> UnitProgress:
    """Each responsible unit's progress (only those of `unit_ids` when given) in every period
    of `plan` through (year, half), judged late or not on `today` (5 queries). A "veri yok"
    declaration counts as entered: the row is answered."""
    periods = list(
        Period.objects.filter(Q(plan=plan) & up_to_q(year, half, prefix="")).order_by(
            "year", "half"
        )
    )
    unit_list = [
        u for u in Unit.objects.responsible_in(plan) if unit_ids is None or u.pk in unit_ids
    ]
    due = defaultdict(int)  # (unit, half) → indicators due in that half
    for unit_id, months, n in (
        Indicator.objects.filter(target__plan=plan)
        .order_by()
        .values_list("target__responsible_unit", "monitoring_frequency_months")
        .annotate(n=Count("pk"))
    ):
        due[(unit_id, 2)] += n
        if months < 12:
            due[(unit_id, 1)] += n
    entered = {
        (unit_id, period_id): n
        for unit_id, period_id, n in Actual.objects.filter(
            Q(indicator__target__plan=plan)
            & (Q(value__isnull=False) | Q(no_data=True))
            & up_to_q(year, half)
        )
        .order_by()
        .values_list("indicator__target__responsible_unit", "period")
        .annotate(n=Count("pk"))
    }
    submissions = Submission.objects.with_first_submitted_at().filter(
        Q(period__plan=plan) & up_to_q(year, half)
    )
    by_key = {
        (s.unit_id, s.period_id): s
        for s in submissions.select_related("submitted_by", "reviewed_by")
    }
    rows = []
    for unit in unit_list:
        cells = []
        for period in periods:
            submission = by_key.get((unit.pk, period.pk))
            cells.append(
                UnitPeriod(
                    period=period,
                    due=due[(unit.pk, period.half)],
                    entered=entered.get((unit.pk, period.pk), 0),
                    submission=submission,
                    late=submission_is_late(period, submission, today),
                )
            )
        rows.append((unit, cells))
    current = [cells[-1] for _unit, cells in rows if cells]
    totals = {
        "due": sum(1 for c in current if c.due),
        "submitted": sum(1 for c in current if c.status == SubmissionStatus.SUBMITTED),
        "approved": sum(1 for c in current if c.status == SubmissionStatus.APPROVED),
        "returned": sum(1 for c in current if c.status == SubmissionStatus.RETURNED),
        "late": sum(1 for c in current if c.late),
    }
    return UnitProgress(periods=periods, rows=rows, totals=totals)
