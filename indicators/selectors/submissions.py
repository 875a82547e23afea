"""The review list (every responsible unit × period with its submission), the submission
page (one unit's period as the reviewer reads it) and the reach of the period actions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, FilteredRelation, OuterRef, Q, Subquery

from goals.models import Plan, Target, Unit
from indicators.computation import IndicatorResult, Status
from indicators.computation_settings import computation_settings
from indicators.entry_rules import indicator_facts, period_result
from indicators.lateness import submission_is_late
from indicators.models import (
    REVIEW_CRITERIA,
    REVIEW_TEXT_FIELDS,
    Actual,
    Evidence,
    Expenditure,
    Indicator,
    LockException,
    Period,
    PlannedValue,
    ReviewComment,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from indicators.selectors.entry import EntryState, entry_state
from indicators.statuses import status_label

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


# --- The submission page (the review of one unit's period) ------------------------------------


@dataclass
class Thread:
    """A review comment of the strategy office on an indicator and the answers to it.

    `folded`: resolved, and the unit submitted again since the thread began, so the thread
    is settled and the page folds it away (it stays one click away)."""

    comment: ReviewComment
    replies: list[ReviewComment]
    folded: bool = False

    @property
    def resolved(self) -> bool:
        return self.comment.resolved_at is not None


@dataclass
class ReviewRow:
    """One indicator of the submission page."""

    indicator: Indicator
    due: bool
    planned: Decimal | None
    actual: Actual | None
    earlier: list[tuple[Period, Actual]]
    evidence: list[Evidence]
    threads: list[Thread]
    result: IndicatorResult | None = None
    label: str = ""
    """The row's name for its fields, unique on the page ("H1.5 · P.G. 1.5.1 Name"): codes
    repeat inside a target, and the printed plan even repeats a name under one code."""

    @property
    def value(self) -> Decimal | None:
        return self.actual.value if self.actual is not None else None

    @property
    def no_data(self) -> bool:
        return self.actual is not None and self.actual.no_data

    @property
    def status_label(self) -> str:
        if self.no_data:
            return status_label(Status.VERI_YOK)
        return status_label(self.result.status) if self.result is not None else ""


@dataclass
class ReviewTarget:
    target: Target
    rows: list[ReviewRow]
    review: TargetReview | None
    review_fields: list[tuple[str, str]]
    expenditure: Decimal | None


@dataclass
class ReviewAim:
    aim: Any
    targets: list[ReviewTarget]


@dataclass
class SubmissionPage:
    """Everything the submission page shows of (unit, period), grouped by aim and target.

    `targets` and `indicators` name the same objects as `EntryData` does, for
    `history_for_submission`."""

    submission: Submission
    unit: Unit
    period: Period
    aims: list[ReviewAim]
    targets: list[Target]
    indicators: list[Indicator]
    lock_exceptions: list[LockException] = field(default_factory=list)

    def state(self, today: dt.date) -> EntryState:
        return entry_state(
            period=self.period,
            submission=self.submission,
            exceptions=self.lock_exceptions,
            today=today,
        )

    @property
    def rows(self) -> list[ReviewRow]:
        return [r for a in self.aims for t in a.targets for r in t.rows]

    @property
    def no_data_rows(self) -> list[ReviewRow]:
        """Every "veri yok" declaration of the period, with its reason (the explanation)."""
        return [r for r in self.rows if r.due and r.no_data]

    @property
    def open_threads(self) -> int:
        return sum(1 for r in self.rows for t in r.threads if not t.resolved)


def submission_page(submission: Submission, *, lock_until: dt.date | None = None) -> SubmissionPage:
    """Load the submission page's data in 5 queries, whatever the number of indicators.

    `submission` comes with its unit, period (and plan); `lock_until` is the latest end date
    of the unit's lock exceptions for the period (annotated on the submission's lookup).
    """
    unit, period = submission.unit, submission.period
    conf = computation_settings()
    targets = list(  # 1: the unit's targets, their aim, review and the period's expenditure
        Target.objects.filter(plan_id=period.plan_id, responsible_unit=unit)
        .annotate(period_review=FilteredRelation("reviews", condition=Q(reviews__period=period)))
        .select_related("aim", "period_review")
        .annotate(
            spent=Subquery(
                Expenditure.objects.filter(target=OuterRef("pk"), period=period).values("amount")[
                    :1
                ]
            )
        )
        .order_by("aim__order", "aim__code", "order", "code")
    )
    target_ids = [t.pk for t in targets]
    indicators = list(  # 2: their indicators with B for the year
        Indicator.objects.filter(target_id__in=target_ids)
        .select_related("activity")
        .annotate(
            planned=Subquery(
                PlannedValue.objects.filter(indicator=OuterRef("pk"), year=period.year).values(
                    "value"
                )[:1]
            )
        )
    )
    actuals: dict[int, Actual] = {}
    earlier: dict[int, list[tuple[Period, Actual]]] = defaultdict(list)
    for actual in (  # 3: every period's values, for the earlier periods shown beside
        Actual.objects.filter(indicator__target_id__in=target_ids, period__plan_id=period.plan_id)
        .select_related("period")
        .order_by("period__year", "period__half")
    ):
        if actual.period_id == period.pk:
            actuals[actual.indicator_id] = actual
        elif (actual.period.year, actual.period.half) < (period.year, period.half):
            earlier[actual.indicator_id].append((actual.period, actual))
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for ev in Evidence.objects.filter(  # 4
        actual__period=period, actual__indicator__target_id__in=target_ids
    ).select_related("actual"):
        evidence[ev.actual.indicator_id].append(ev)
    reviews = {t.pk: r for t in targets if (r := getattr(t, "period_review", None)) is not None}
    threads: dict[int, list[Thread]] = defaultdict(list)
    by_pk: dict[int, Thread] = {}
    for c in (  # 5: threads and their answers, oldest first
        ReviewComment.objects.filter(submission=submission)
        .select_related("created_by", "resolved_by")
        # Threads before their answers: PostgreSQL sorts NULLs last unless told.
        .order_by(F("parent_id").asc(nulls_first=True), "created_at", "pk")
    ):
        if c.parent_id is None:
            resubmitted = submission.submitted_at is not None and submission.submitted_at > (
                c.created_at
            )
            by_pk[c.pk] = thread = Thread(c, [], folded=c.resolved_at is not None and resubmitted)
            threads[c.indicator_id].append(thread)
        elif c.parent_id in by_pk:
            by_pk[c.parent_id].replies.append(c)

    names = [n for n, _label in REVIEW_TEXT_FIELDS]
    shown = [n for n in names if period.half == 2 or n not in REVIEW_CRITERIA]
    labels = dict(REVIEW_TEXT_FIELDS)
    aims: list[ReviewAim] = []
    seen: dict[str, int] = defaultdict(int)
    for target in targets:
        rows = []
        own = sorted((i for i in indicators if i.target_id == target.pk), key=lambda i: i.order)
        for ind in own:
            ind.target = target
            actual = actuals.get(ind.pk)
            previous = earlier.get(ind.pk, [])
            row = ReviewRow(
                indicator=ind,
                due=ind.is_due_in_half(period.half),
                planned=ind.planned,
                actual=actual,
                earlier=previous[-4:],
                evidence=evidence.get(ind.pk, []),
                threads=threads.get(ind.pk, []),
            )
            name = ind.name if len(ind.name) <= 80 else ind.name[:79] + "…"
            row.label = f"{target.code} · {ind.code} {name}"
            seen[row.label] += 1
            if seen[row.label] > 1:
                row.label += f" ({seen[row.label]})"
            if row.due and actual is not None and actual.value is not None:
                facts = indicator_facts(
                    ind,
                    period,
                    planned=ind.planned,
                    earlier=[(p, a.value) for p, a in previous if a.value is not None],
                    actual=actual,
                )
                row.result = period_result(facts, actual.value, period.year, period.half, conf)
            rows.append(row)
        review = reviews.get(target.pk)
        group = ReviewTarget(
            target=target,
            rows=rows,
            review=review,
            review_fields=[(labels[n], getattr(review, n, "") if review else "") for n in shown],
            expenditure=target.spent,
        )
        if not aims or aims[-1].aim.pk != target.aim_id:
            aims.append(ReviewAim(target.aim, []))
        aims[-1].targets.append(group)
    indicators.sort(key=lambda i: (target_ids.index(i.target_id), i.order))
    exceptions = [LockException(period=period, unit=unit, until=lock_until)] if lock_until else []
    return SubmissionPage(
        submission=submission,
        unit=unit,
        period=period,
        aims=aims,
        targets=targets,
        indicators=indicators,
        lock_exceptions=exceptions,
    )


def period_units_affected(period: Period) -> dict[str, int]:
    """How many units an action on the period's window touches (the confirmation says it).

    `responsible`: units responsible for a target of the plan; `entering`: those of them whose
    entries for the period are not submitted or approved (they can still enter, so opening or
    closing the window changes what they can do). 2 queries.
    """
    units = list(Unit.objects.responsible_in(period.plan_id).values_list("pk", flat=True))
    done = set(
        Submission.objects.filter(
            period=period,
            unit_id__in=units,
            status__in=[SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED],
        ).values_list("unit_id", flat=True)
    )
    return {"responsible": len(units), "entering": len(set(units) - done)}


def submission_counts(submission: Submission) -> dict[str, int]:
    """What an approval freezes: the values, the "veri yok" declarations and the threads
    still open. 2 queries."""
    counts = Actual.objects.filter(
        period_id=submission.period_id,
        indicator__target__plan_id=submission.period.plan_id,
        indicator__target__responsible_unit_id=submission.unit_id,
    ).aggregate(
        values=Count("pk", filter=Q(value__isnull=False)),
        no_data=Count("pk", filter=Q(no_data=True)),
    )
    counts["open_threads"] = ReviewComment.objects.filter(
        submission=submission, parent__isnull=True, resolved_at__isnull=True
    ).count()
    return counts
