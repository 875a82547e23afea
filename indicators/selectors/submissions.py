"""The review list: every responsible unit × period with its submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from goals.models import Plan, Unit
from indicators.lateness import submission_is_late
from indicators.models import (
    Period,
    Submission,
)

NOT_STARTED = "not_started"


@dataclass
class SubmissionRow:
    """One (unit, period) of the review list, whether or not the unit has started."""

    unit: Unit
    period: Period
    submission: Submission | None
    late: bool

    @property
    def first_submitted_at(self) -> dt.datetime | None:
        return self.submission.first_submitted_at if self.submission else None

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else NOT_STARTED


def submission_rows(
    *,
    plan: Plan,
    periods: Sequence[Period],
    unit_id: int | None = None,
    status: str = "",
    late: bool | None = None,
    today: dt.date,
) -> list[SubmissionRow]:
    """Every unit responsible for a target of the plan × `periods`, with its submission.

    A unit that has not saved anything has no Submission: its status is "not_started".
    `late` is `indicators.lateness`'s rule: first submitted after the deadline, or not
    submitted at all while the deadline has passed. 2 queries.
    """
    units = Unit.objects.responsible_in(plan)  # 1
    if unit_id:
        units = units.filter(pk=unit_id)
    units = list(units)
    period_ids = [p.pk for p in periods]
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(period_id__in=period_ids)  # 2
        .select_related("submitted_by", "reviewed_by")
        .with_first_submitted_at()
    }
    rows = []
    for p in periods:
        for u in units:
            s = submissions.get((u.pk, p.pk))
            rows.append(SubmissionRow(u, p, s, submission_is_late(p, s, today)))
    if status:
        rows = [r for r in rows if r.status == status]
    if late is not None:
        rows = [r for r in rows if r.late == late]
    return rows
