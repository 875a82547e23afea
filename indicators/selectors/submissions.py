"""The review list: every responsible unit × period with its submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from goals.models import Plan, Target, Unit
from indicators.models import (
    Period,
    Submission,
    SubmissionStatus,
)

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


NOT_STARTED = "not_started"


@dataclass
class SubmissionRow:
    """One (unit, period) of the review list, whether or not the unit has started."""

    unit: Unit
    period: Period
    submission: Submission | None
    first_submitted_at: dt.datetime | None
    late: bool

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else NOT_STARTED


def _first_submitted() -> Subquery:
    history = Submission.history.model
    return Subquery(
        history.objects.filter(id=OuterRef("pk"), status=SubmissionStatus.SUBMITTED)
        .order_by("history_date")
        .values("history_date")[:1]
    )


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
    `late` means not submitted by the period's deadline: first submitted after it (from the
    history, so that a return and a resubmission do not count), or not submitted at all while
    the deadline has passed. 3 queries.
    """
    units = Unit.objects.filter(  # 1
        Exists(Target.objects.filter(plan=plan, responsible_unit=OuterRef("pk")))
    ).order_by("name")
    if unit_id:
        units = units.filter(pk=unit_id)
    units = list(units)
    period_ids = [p.pk for p in periods]
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(period_id__in=period_ids)  # 2
        .select_related("submitted_by", "reviewed_by")
        .annotate(first_submitted_at=Coalesce(_first_submitted(), F("submitted_at")))
    }
    rows = []
    for p in periods:
        for u in units:
            s = submissions.get((u.pk, p.pk))
            first = getattr(s, "first_submitted_at", None)
            if first is not None:
                is_late = timezone.localdate(first) > p.deadline
            else:
                is_late = today > p.deadline and (s is None or s.status in EDITABLE)
            rows.append(SubmissionRow(u, p, s, first, is_late))
    if status:
        rows = [r for r in rows if r.status == status]
    if late is not None:
        rows = [r for r in rows if r.late == late]
    return rows
