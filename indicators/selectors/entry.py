"""Whether a unit may enter, and everything the entry page and `entries_save` read."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext as _

from goals.models import Target, Unit
from indicators.entry_rules import IndicatorFacts, indicator_facts
from indicators.models import (
    Actual,
    Evidence,
    Expenditure,
    Indicator,
    LockException,
    Period,
    PeriodState,
    PlannedValue,
    ReviewComment,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from indicators.selectors.common import user_label


@dataclass(frozen=True)
class EntryState:
    """Whether a unit may change its entries for a period today, and why (not).

    `code`: "open" (the window is open), "exception" (a lock exception is active), "returned"
    (a returned submission is editable whatever the window), "not_yet_open", "closed" (closed
    by the strategy office), "locked" (the deadline has passed), "submitted" or "approved"
    (frozen by the workflow). `window_lock` tells a lock of the calendar (which the strategy
    office may override) from a lock of the workflow (which it may not).
    """

    editable: bool
    code: str
    message: str
    until: dt.date | None = None

    @property
    def window_lock(self) -> bool:
        return self.code in ("not_yet_open", "closed", "locked")


def entry_state(
    *,
    period: Period,
    submission: Submission | None,
    exceptions: Iterable[LockException],
    today: dt.date,
) -> EntryState:
    """The rules of DESIGN.md §4 for (unit, period) on `today`.

    1. A submitted submission waits for review and an approved one is frozen: no change.
    2. A returned submission is editable whatever the window, so that the unit can fix it
       after the deadline.
    3. Otherwise the period's window decides (`Period.is_open_on`), unless a lock exception
       for the unit is active (`until` on or after today).
    """
    from django.utils.formats import date_format

    status = submission.status if submission is not None else SubmissionStatus.DRAFT
    if status == SubmissionStatus.SUBMITTED:
        return EntryState(
            False,
            "submitted",
            _("The entries were submitted and await the strategy office's review."),
        )
    if status == SubmissionStatus.APPROVED:
        return EntryState(
            False,
            "approved",
            _("The entries are approved and frozen; only the strategy office can reopen them."),
        )
    if status == SubmissionStatus.RETURNED:
        return EntryState(
            True,
            "returned",
            _("The strategy office returned the entries: fix them and submit again."),
        )
    if period.is_open_on(today):
        until = None if period.state == PeriodState.OPEN else period.deadline
        return EntryState(True, "open", _("The entry window is open."), until)
    active = [e.until for e in exceptions if e.is_active_on(today)]
    if active:
        until = max(active)
        return EntryState(
            True,
            "exception",
            _("The strategy office reopened this period for the unit until %(date)s.")
            % {"date": date_format(until, "SHORT_DATE_FORMAT")},
            until,
        )
    if period.state == PeriodState.CLOSED:
        return EntryState(
            False, "closed", _("The strategy office has closed this period for entry.")
        )
    if today < period.opens_on:
        return EntryState(
            False,
            "not_yet_open",
            _("Entry for this period opens on %(date)s.")
            % {"date": date_format(period.opens_on, "SHORT_DATE_FORMAT")},
        )
    return EntryState(
        False,
        "locked",
        _(
            "The entry deadline (%(date)s) has passed; the period is locked. The strategy office "
            "can reopen it for the unit."
        )
        % {"date": date_format(period.deadline, "SHORT_DATE_FORMAT")},
    )


# --- The entry page ---------------------------------------------------------------------------


EXPENDITURE = "expenditure"
"""The key of the expenditure among the entry's amounts (form prefix, `Problem.field`)."""


@dataclass(frozen=True)
class StoredAmount:
    amount: Decimal
    version: int
    updated_by: str = ""
    updated_at: dt.datetime | None = None


def expenditures_load(*, target_ids: Sequence[int], period: Period) -> dict[int, StoredAmount]:
    """The saved expenditure of each target for the period, by target pk. 1 query."""
    return {
        e.target_id: StoredAmount(
            amount=e.amount,
            version=e.version,
            updated_by=user_label(e.updated_by) if e.updated_by else "",
            updated_at=e.updated_at,
        )
        for e in Expenditure.objects.filter(
            period=period, target_id__in=list(target_ids)
        ).select_related("updated_by")
    }


@dataclass
class EntryData:
    """Everything the entry page and `entries_save` need for (unit, period).

    `targets` are the unit's targets (it is responsible for them) in the plan's order, each
    with `entry_indicators` (its indicators in order). `actuals` and `evidence` are this
    period's, keyed by indicator pk; `earlier` lists (period, value) of the earlier periods
    per indicator; `amounts` maps `EXPENDITURE` to the stored expenditures by target pk.
    `evidence` holds the files attached; `removed_evidence` those removed but kept until the
    period is approved (the strategy office can restore them). `periods` are the period and
    the plan's periods that have a value of the unit, in order.
    """

    unit: Unit
    period: Period
    periods: list[Period]
    targets: list[Target]
    indicators: list[Indicator]
    facts: dict[int, IndicatorFacts]
    actuals: dict[int, Actual]
    earlier: dict[int, list[tuple[Period, Decimal]]]
    evidence: dict[int, list[Evidence]]
    reviews: dict[int, TargetReview]
    amounts: dict[str, dict[int, StoredAmount]]
    submission: Submission | None
    comments: dict[int, list[ReviewComment]]
    lock_exceptions: Iterable[LockException]
    planned: dict[int, Decimal] = field(default_factory=dict)
    removed_evidence: dict[int, list[Evidence]] = field(default_factory=dict)

    def state(self, today: dt.date) -> EntryState:
        return entry_state(
            period=self.period,
            submission=self.submission,
            exceptions=self.lock_exceptions,
            today=today,
        )

    def due_indicators(self) -> list[Indicator]:
        return [i for i in self.indicators if i.is_due_in_half(self.period.half)]


def entry_data(unit: Unit, period: Period) -> EntryData:
    """Load (unit, period)'s entry in 8 queries, and one more for a period whose window is not
    open (its lock exceptions), whatever the number of indicators."""
    plan_id = period.plan_id
    targets = list(  # 1
        Target.objects.filter(plan_id=plan_id, responsible_unit=unit)
        .select_related("aim")
        .order_by("order", "code")
    )
    target_ids = [t.pk for t in targets]
    target_by_pk = {t.pk: t for t in targets}
    target_position = {pk: k for k, pk in enumerate(target_ids)}
    planned_value = PlannedValue.objects.filter(
        indicator_id=OuterRef("pk"), year=period.year
    ).values("value")[:1]
    indicators = list(  # 2, with B of the period's year (no query 3)
        Indicator.objects.filter(target_id__in=target_ids)
        .select_related("activity")
        .annotate(entry_planned=Subquery(planned_value))
    )
    indicators.sort(key=lambda i: (target_position[i.target_id], i.order))
    planned = {i.pk: i.entry_planned for i in indicators if i.entry_planned is not None}
    periods: dict[int, Period] = {period.pk: period}
    actuals: dict[int, Actual] = {}
    earlier: dict[int, list[tuple[Period, Decimal]]] = defaultdict(list)
    here = (period.year, period.half)
    for actual in (  # 5, with their periods (no query 4)
        Actual.objects.filter(indicator__target_id__in=target_ids, period__plan_id=plan_id)
        .select_related("updated_by", "period")
        .order_by("indicator_id")
    ):
        p = periods.setdefault(actual.period_id, actual.period)
        actual.period = p
        if p.pk == period.pk:
            actuals[actual.indicator_id] = actual
        elif (p.year, p.half) < here and actual.value is not None:
            earlier[actual.indicator_id].append((p, actual.value))
    for rows in earlier.values():
        rows.sort(key=lambda pv: (pv[0].year, pv[0].half))
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    removed_evidence: dict[int, list[Evidence]] = defaultdict(list)
    for ev in Evidence.objects.filter(  # 6
        actual__period=period, actual__indicator__target_id__in=target_ids
    ).select_related("actual", "removed_by"):
        kept = ev.removed_at is None
        (evidence if kept else removed_evidence)[ev.actual.indicator_id].append(ev)
    reviews = {  # 7
        r.target_id: r
        for r in TargetReview.objects.filter(
            period=period, target_id__in=target_ids
        ).select_related("updated_by")
    }
    submission = (  # 8
        Submission.objects.filter(unit=unit, period=period)
        .select_related("submitted_by", "reviewed_by")
        .first()
    )
    comments: dict[int, list[ReviewComment]] = defaultdict(list)
    for c in (
        ReviewComment.objects.filter(  # 9: threads' first comments (answers: submission page)
            submission__unit=unit, submission__period=period, parent=None
        )
        .select_related("created_by")
        .order_by("-created_at")
    ):
        comments[c.indicator_id].append(c)
    # 10, lazily: only a period whose window is not open reads them (`entry_state`).
    lock_exceptions = LockException.objects.filter(unit=unit, period=period).select_related(
        "created_by"
    )
    amounts = {EXPENDITURE: expenditures_load(target_ids=target_ids, period=period)}  # 11

    facts: dict[int, IndicatorFacts] = {}
    for ind in indicators:
        ind.target = target_by_pk[ind.target_id]
        facts[ind.pk] = indicator_facts(
            ind,
            period,
            planned=planned.get(ind.pk),
            earlier=earlier.get(ind.pk, []),
            actual=actuals.get(ind.pk),
        )
    for t in targets:
        t.entry_indicators = [i for i in indicators if i.target_id == t.pk]
    return EntryData(
        unit=unit,
        period=period,
        periods=sorted(periods.values(), key=lambda p: (p.year, p.half)),
        targets=targets,
        indicators=indicators,
        facts=facts,
        actuals=actuals,
        earlier=dict(earlier),
        evidence=dict(evidence),
        removed_evidence=dict(removed_evidence),
        reviews=reviews,
        amounts=amounts,
        submission=submission,
        comments=dict(comments),
        lock_exceptions=lock_exceptions,
        planned=planned,
    )
