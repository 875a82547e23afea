"""Reads of indicators, entries, submissions and their history.

Each function loads a whole page's data in a fixed number of queries, whatever the number of
indicators (pinned by tests with `django_assert_max_num_queries`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from goals.models import Plan, Target, Unit
from indicators import computation
from indicators.entry_rules import FIELD_LABELS, IndicatorFacts, StoredActual
from indicators.models import (
    EXPENDITURE_FIELDS,
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
from karsplan.lib.numbers import format_tr_auto

__all__ = [
    "EntryData",
    "EntryState",
    "HistoryItem",
    "StoredAmount",
    "Indicator",
    "computation_settings",
    "entry_data",
    "entry_state",
    "history_for_indicator",
    "history_for_submission",
    "indicator_detail",
    "indicator_years",
    "submission_rows",
]

EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)


def computation_settings() -> computation.Settings:
    """The computation's settings from `settings.KARSPLAN` (bands, clamp, means)."""
    conf = settings.KARSPLAN
    bands = tuple(
        sorted(
            ((computation.Status(k), Decimal(str(v))) for k, v in conf["BANDS"].items()),
            key=lambda band: -band[1],
        )
    )
    return computation.Settings(
        clamp=conf["CLAMP"], bands=bands, aim_mean=conf["AIM_MEAN"], plan_mean=conf["PLAN_MEAN"]
    )


def user_label(user: Any) -> str:
    if user is None:
        return _("the system")
    return user.get_full_name() or user.get_username()


def indicator_detail(pk: int) -> Indicator:
    return (
        Indicator.objects.select_related(
            "target", "target__aim", "target__plan", "target__responsible_unit", "activity"
        )
        .prefetch_related("planned_values")
        .get(pk=pk)
    )


# --- Whether a unit may enter -----------------------------------------------------------------


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
    lock_exceptions: list[LockException]
    planned: dict[int, Decimal] = field(default_factory=dict)

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
    """Load (unit, period)'s entry in 11 queries."""
    plan_id = period.plan_id
    targets = list(  # 1
        Target.objects.filter(plan_id=plan_id, responsible_unit=unit)
        .select_related("aim")
        .order_by("order", "code")
    )
    target_ids = [t.pk for t in targets]
    target_by_pk = {t.pk: t for t in targets}
    indicators = list(  # 2
        Indicator.objects.filter(target_id__in=target_ids).select_related("activity")
    )
    indicators.sort(key=lambda i: (target_ids.index(i.target_id), i.order))
    planned = dict(  # 3
        PlannedValue.objects.filter(
            indicator__target_id__in=target_ids, year=period.year
        ).values_list("indicator_id", "value")
    )
    periods = list(Period.objects.filter(plan_id=plan_id).order_by("year", "half"))  # 4
    period_by_pk = {p.pk: p for p in periods}
    position = {p.pk: k for k, p in enumerate(periods)}
    here = position.get(period.pk, len(periods))
    actuals: dict[int, Actual] = {}
    earlier: dict[int, list[tuple[Period, Decimal]]] = defaultdict(list)
    other_half: dict[int, Decimal] = {}
    for actual in (  # 5
        Actual.objects.filter(indicator__target_id__in=target_ids, period__plan_id=plan_id)
        .select_related("updated_by")
        .order_by("indicator_id")
    ):
        p = period_by_pk[actual.period_id]
        actual.period = p
        if p.pk == period.pk:
            actuals[actual.indicator_id] = actual
        elif position[p.pk] < here and actual.value is not None:
            earlier[actual.indicator_id].append((p, actual.value))
            if p.year == period.year and p.half == 1:
                other_half[actual.indicator_id] = actual.value
    for rows in earlier.values():
        rows.sort(key=lambda pv: position[pv[0].pk])
    evidence: dict[int, list[Evidence]] = defaultdict(list)
    for ev in Evidence.objects.filter(  # 6
        actual__period=period, actual__indicator__target_id__in=target_ids
    ).select_related("actual"):
        evidence[ev.actual.indicator_id].append(ev)
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
        ReviewComment.objects.filter(  # 9
            submission__unit=unit, submission__period=period
        )
        .select_related("created_by")
        .order_by("-created_at")
    ):
        comments[c.indicator_id].append(c)
    lock_exceptions = list(  # 10
        LockException.objects.filter(unit=unit, period=period).select_related("created_by")
    )
    amounts = {EXPENDITURE: expenditures_load(target_ids=target_ids, period=period)}  # 11

    facts: dict[int, IndicatorFacts] = {}
    for ind in indicators:
        ind.target = target_by_pk[ind.target_id]
        actual = actuals.get(ind.pk)
        facts[ind.pk] = IndicatorFacts(
            id=ind.pk,
            code=ind.code,
            name=ind.name,
            unit_of_measure=ind.unit_of_measure,
            baseline=ind.baseline,
            planned=planned.get(ind.pk),
            measure=ind.measure,
            direction=ind.direction,
            monitoring_frequency_months=ind.monitoring_frequency_months,
            other_half_value=other_half.get(ind.pk) if period.half == 2 else None,
            previous=tuple((p.label, v) for p, v in earlier.get(ind.pk, [])),
            stored=None
            if actual is None
            else StoredActual(
                value=actual.value,
                explanation=actual.explanation,
                deviation_reason=actual.deviation_reason,
                version=actual.version,
            ),
        )
    for t in targets:
        t.entry_indicators = [i for i in indicators if i.target_id == t.pk]
    return EntryData(
        unit=unit,
        period=period,
        periods=periods,
        targets=targets,
        indicators=indicators,
        facts=facts,
        actuals=actuals,
        earlier=dict(earlier),
        evidence=dict(evidence),
        reviews=reviews,
        amounts=amounts,
        submission=submission,
        comments=dict(comments),
        lock_exceptions=lock_exceptions,
        planned=planned,
    )


# --- Submissions ------------------------------------------------------------------------------


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


# --- History ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryItem:
    """One change of one record: who, when, what, the fields before and after."""

    when: dt.datetime
    user: str
    subject: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, before, after)
    action: str = "~"  # "+" created, "~" changed, "-" deleted
    reason: str = ""
    seq: int = 0  # the record's id: orders changes made at the same instant


def _show(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return format_tr_auto(value)
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def history_items(
    records: Iterable[Any],
    fields: Sequence[tuple[str, str]],
    subject: Any,
    display: dict[str, Any] | None = None,
) -> list[HistoryItem]:
    """Turn historical records into items, each comparing a record with the one before it.

    `records` are simple_history records of one model, ordered by object and date; `fields`
    lists (field name, label) to compare; `subject(record)` names the record ("2025-H1 ·
    P.G. 1.1.1"); `display` maps a field name to a function that shows its value. A record
    that changes none of `fields` (a version bump, a touch) is left out.
    """
    display = display or {}
    items: list[HistoryItem] = []
    previous: dict[Any, Any] = {}
    for rec in records:
        before = previous.get(rec.id)
        previous[rec.id] = rec
        changes = []
        for name, label in fields:
            new = getattr(rec, name)
            old = getattr(before, name) if before is not None else None
            if rec.history_type == "-":
                continue
            if before is None and new in (None, ""):
                continue
            if before is not None and old == new:
                continue
            show = display.get(name, _show)
            changes.append((str(label), show(old), show(new)))
        if not changes and rec.history_type != "-":
            continue
        items.append(
            HistoryItem(
                when=rec.history_date,
                user=user_label(rec.history_user),
                subject=subject(rec),
                changes=tuple(changes),
                action=rec.history_type,
                reason=rec.history_change_reason or "",
                seq=rec.history_id,
            )
        )
    return items


ACTUAL_FIELDS = (
    ("value", FIELD_LABELS["value"]),
    ("explanation", FIELD_LABELS["explanation"]),
    ("deviation_reason", FIELD_LABELS["deviation_reason"]),
)
REVIEW_FIELDS = tuple(
    (name, FIELD_LABELS[name])
    for name in (
        "activities_done",
        "deviation_reasons",
        "corrective_actions",
        "relevance",
        "effectiveness",
        "efficiency",
        "sustainability",
    )
)


def _status_fields() -> tuple[tuple[str, str], ...]:
    return (
        ("status", _("Status")),
        ("return_reason", _("Return reason")),
        ("reopen_reason", _("Reopen reason")),
    )


def _status_label(value: str | None) -> str:
    return str(SubmissionStatus(value).label) if value else "–"


def _history(
    *,
    periods: dict[int, Period],
    actual_q: Q | None,
    review_q: Q | None,
    submission_q: Q | None,
    indicator_labels: dict[int, str],
    target_labels: dict[int, str],
    unit_labels: dict[int, str],
    amount_targets: Sequence[int],
    amount_periods: Sequence[int],
) -> list[HistoryItem]:
    def period_label(pk: int) -> str:
        p = periods.get(pk)
        return p.label if p else "?"

    items: list[HistoryItem] = []
    if actual_q is not None:
        records = (
            Actual.history.filter(actual_q)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        items += history_items(
            records,
            ACTUAL_FIELDS,
            lambda r: f"{period_label(r.period_id)} · {indicator_labels.get(r.indicator_id, '')}",
        )
    if review_q is not None:
        records = (
            TargetReview.history.filter(review_q)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        items += history_items(
            records,
            REVIEW_FIELDS,
            lambda r: (
                f"{period_label(r.period_id)} · {target_labels.get(r.target_id, '')} · "
                + _("target review")
            ),
        )
    if submission_q is not None:
        records = (
            Submission.history.filter(submission_q)
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        items += history_items(
            records,
            _status_fields(),
            lambda r: (
                f"{period_label(r.period_id)} · {unit_labels.get(r.unit_id, '')} · " + _("workflow")
            ),
            {"status": _status_label},
        )
    records = (
        Expenditure.history.filter(
            target_id__in=list(amount_targets), period_id__in=list(amount_periods)
        )
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )
    items += history_items(
        records,
        EXPENDITURE_FIELDS,
        lambda r: f"{period_label(r.period_id)} · {target_labels.get(r.target_id, '')}",
        {"amount": format_tr_auto},
    )
    items.sort(key=lambda item: (item.when, item.seq), reverse=True)
    return items


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def history_for_indicator(indicator: Indicator, periods: Sequence[Period]) -> list[HistoryItem]:
    """Changes of the indicator's actuals, of its target's reviews and expenditures, and of
    the workflow of its responsible unit, newest first. 4 queries."""
    target = indicator.target
    return _history(
        periods={p.pk: p for p in periods},
        actual_q=Q(indicator_id=indicator.pk),
        review_q=Q(target_id=target.pk),
        submission_q=Q(unit_id=target.responsible_unit_id, period__plan_id=target.plan_id),
        indicator_labels={indicator.pk: _short(f"{indicator.code} {indicator.name}")},
        target_labels={target.pk: target.code},
        unit_labels={target.responsible_unit_id: str(target.responsible_unit)},
        amount_targets=[target.pk],
        amount_periods=[p.pk for p in periods],
    )


def history_for_submission(data: EntryData) -> list[HistoryItem]:
    """Changes of everything a unit entered for a period and of its workflow, newest first."""
    target_ids = [t.pk for t in data.targets]
    return _history(
        periods={data.period.pk: data.period},
        actual_q=Q(period_id=data.period.pk, indicator_id__in=[i.pk for i in data.indicators]),
        review_q=Q(period_id=data.period.pk, target_id__in=target_ids),
        submission_q=Q(unit_id=data.unit.pk, period_id=data.period.pk),
        indicator_labels={i.pk: _short(f"{i.code} {i.name}") for i in data.indicators},
        target_labels={t.pk: t.code for t in data.targets},
        unit_labels={data.unit.pk: str(data.unit)},
        amount_targets=target_ids,
        amount_periods=[data.period.pk],
    )


# --- The indicator page -----------------------------------------------------------------------


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
        return computation.STATUS_LABELS[self.result.status]


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
    values = {}
    for key, a in actuals.items():
        if a.value is not None:
            values[key] = computation.PeriodValue(a.value, approved=a.period_id in approved)
    ind_input = computation.IndicatorInput(
        key=indicator.pk,
        weight=indicator.weight,
        baseline=indicator.baseline,
        planned=planned,
        values=values,
        measure=computation.Measure(indicator.measure),
        direction=computation.Direction(indicator.direction),
        monitoring_frequency_months=indicator.monitoring_frequency_months,
    )
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


# --- What a unit has to do --------------------------------------------------------------------


@dataclass
class UnitPeriod:
    """One period of a unit on the entry index and the home page."""

    unit: Unit
    period: Period
    submission: Submission | None
    state: EntryState

    @property
    def status(self) -> str:
        return self.submission.status if self.submission else NOT_STARTED

    @property
    def task(self) -> str:
        """ "returned", "due" (editable, not submitted), "late" (locked, never submitted),
        "waiting" (submitted), "done" (approved) or "" (nothing to do)."""
        if self.status == SubmissionStatus.RETURNED:
            return "returned"
        if self.status == SubmissionStatus.SUBMITTED:
            return "waiting"
        if self.status == SubmissionStatus.APPROVED:
            return "done"
        if self.state.editable:
            return "due"
        if self.state.code == "locked":
            return "late"
        return ""


def unit_periods(*, units: Sequence[Unit], plan: Plan, today: dt.date) -> list[UnitPeriod]:
    """The periods of `units` whose entry has opened (or that are open, or that have a
    submission), newest first, with their submission and entry state. 3 queries."""
    periods = list(Period.objects.filter(plan=plan).order_by("-year", "-half"))
    unit_ids = [u.pk for u in units]
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(unit_id__in=unit_ids, period__plan=plan)
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
            rows.append(UnitPeriod(unit, p, s, state))
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
            panels.late = [
                r for r in panels.late if r.status in (NOT_STARTED, SubmissionStatus.DRAFT)
            ]
        return panels
    if permissions.is_unit_staff(user):
        units = list(
            Unit.objects.filter(pk__in=permissions.unit_ids(user), responsible_targets__plan=plan)
            .distinct()
            .order_by("name")
        )
        rows = unit_periods(units=units, plan=plan, today=today)
        order = {"returned": 0, "due": 1, "late": 2, "waiting": 3}
        # Most urgent first; `rows` is newest first and the sort keeps that within a kind.
        panels.tasks = sorted((r for r in rows if r.task in order), key=lambda r: order[r.task])
    return panels
