"""What a unit has to do, and what awaits the strategy office (entry index, home page)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count

from goals.models import Plan, Unit
from indicators.lateness import submission_is_late
from indicators.models import (
    LockException,
    Period,
    PeriodState,
    Submission,
    SubmissionStatus,
)
from indicators.selectors.entry import EntryState, entry_state
from indicators.selectors.submissions import NOT_STARTED, SubmissionRow, submission_rows


@dataclass
class UnitPeriod:
    """One period of a unit on the entry index and the home page."""

    unit: Unit
    period: Period
    submission: Submission | None
    state: EntryState
    late: bool = False
    """Late by the one rule (`indicators.lateness`)."""

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else NOT_STARTED

    @property
    def task(self) -> str:
        """ "returned", "due" (editable, not submitted), "late" (not editable, not submitted,
        and late by `indicators.lateness`), "waiting" (submitted), "done" (approved) or ""
        (nothing to do)."""
        if self.status == SubmissionStatus.RETURNED:
            return "returned"
        if self.status == SubmissionStatus.SUBMITTED:
            return "waiting"
        if self.status == SubmissionStatus.APPROVED:
            return "done"
        if self.state.editable:
            return "due"
        if self.late:
            return "late"
        return ""


def unit_periods(*, units: Sequence[Unit], plan: Plan, today: dt.date) -> list[UnitPeriod]:
    """The periods of `units` whose entry has opened (or that are open, or that have a
    submission), newest first, with their submission and entry state. 3 queries."""
    periods = list(Period.objects.filter(plan=plan).order_by("-year", "-half"))
    unit_ids = [u.pk for u in units]
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(
            unit_id__in=unit_ids, period__plan=plan
        ).with_first_submitted_at()
    }
    exceptions: dict[tuple[int, int], list[LockException]] = defaultdict(list)
    for e in LockException.objects.filter(unit_id__in=unit_ids, period__plan=plan):
        exceptions[(e.unit_id, e.period_id)].append(e)
    rows = []
    for unit in units:
        for p in periods:
            s = submissions.get((unit.pk, p.pk))
            if s is None and p.opens_on > today and p.state != PeriodState.OPEN:
                continue
            state = entry_state(
                period=p, submission=s, exceptions=exceptions.get((unit.pk, p.pk), []), today=today
            )
            rows.append(UnitPeriod(unit, p, s, state, late=submission_is_late(p, s, today)))
    return rows


@dataclass
class HomePanels:
    """What the home page tells a user: a unit's tasks, or what awaits the strategy office."""

    tasks: list[UnitPeriod] = field(default_factory=list)
    awaiting: list[tuple[Period, int]] = field(default_factory=list)
    open_periods: list[Period] = field(default_factory=list)
    late: list[SubmissionRow] = field(default_factory=list)
    late_period: Period | None = None


def home_panels(user: Any, plan: Plan | None, today: dt.date) -> HomePanels:
    """Unit staff: the periods to enter (due), returned, late or waiting for review.
    Strategy office: submissions awaiting review per period, open periods, and the units late
    for the latest period whose deadline has passed. A fixed number of queries."""
    from goals import permissions

    panels = HomePanels()
    if plan is None:
        return panels
    if permissions.is_strategy(user):
        periods = list(Period.objects.filter(plan=plan).order_by("year", "half"))
        waiting = dict(
            Submission.objects.filter(period__plan=plan, status=SubmissionStatus.SUBMITTED)
            .values_list("period_id")
            .annotate(n=Count("pk"))
        )
        panels.awaiting = [(p, waiting[p.pk]) for p in periods if waiting.get(p.pk)]
        panels.open_periods = [p for p in periods if p.is_open_on(today)]
        past = [p for p in periods if p.deadline < today]
        if past:
            panels.late_period = past[-1]
            panels.late = submission_rows(plan=plan, periods=[past[-1]], late=True, today=today)
        return panels
    if permissions.is_unit_staff(user):
        units = list(Unit.objects.responsible_in(plan).filter(pk__in=permissions.unit_ids(user)))
        rows = unit_periods(units=units, plan=plan, today=today)
        order = {"returned": 0, "due": 1, "late": 2, "waiting": 3}
        # Most urgent first; `rows` is newest first and the sort keeps that within a kind.
        panels.tasks = sorted((r for r in rows if r.task in order), key=lambda r: order[r.task])
    return panels
