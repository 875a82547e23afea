"""The indicator data the computation needs for a plan, loaded in a fixed number of queries.

`plan_indicator_data` reads a plan (or one aim, target or indicator of it) with its planned
values, the actuals entered up to a period and the unit submissions, and turns each indicator
into a `computation.IndicatorInput`; `plan_expenditures` reads the expenditures entered up to
a period. Planned costs are loaded by `budget.selectors`, the two are combined by
`reports.budget` and the results tree is assembled by `reports.results` (imports flow
goals ← indicators, budget ← reports).

A period value counts as approved when the Submission of (the indicator's target's
responsible unit, the period) has the status "approved". With `approved_only` the values (and
"veri yok" declarations) that are not approved are left out, as if they had not been entered:
the computation's completeness rule (DESIGN.md §5) then reads the period as missing. A row
declared "veri yok" (`Actual.no_data`) is a missing value with a reason (its explanation).

The actuals are read with `values_list` into `ActualRow`s, not model instances: a plan 20×
the Kars plan has tens of thousands of them, and building ORM instances was most of the cost.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q

from goals.models import Aim, Plan, Target
from indicators import computation
from indicators.entry_rules import computation_input
from indicators.models import (
    Actual,
    Expenditure,
    Indicator,
    Period,
    PlannedValue,
    Submission,
    SubmissionStatus,
)

__all__ = [
    "ActualRow",
    "PlanIndicatorData",
    "indicator_input",
    "plan_expenditures",
    "plan_indicator_data",
    "up_to_q",
]

QUERIES = 7
"""How many SQL queries `plan_indicator_data` runs, whatever the plan's size."""


ACTUAL_FIELDS = (
    "pk",
    "indicator_id",
    "period_id",
    "value",
    "no_data",
    "explanation",
    "deviation_reason",
)


@dataclass(frozen=True, slots=True)
class ActualRow:
    """What the results read of an `Actual` (a period value, its explanation, deviation
    reason and "veri yok" flag), without building a model instance."""

    pk: int
    indicator_id: int
    period: Period
    value: Decimal | None
    no_data: bool
    explanation: str
    deviation_reason: str

    @property
    def period_id(self) -> int:
        return self.period.pk


@dataclass(frozen=True)
class PlanIndicatorData:
    """A plan's indicator data up to a period (`up_to` = (year, half)).

    Lists are in the plan's order; `aims` holds only the aims in scope.
    """

    plan: Plan
    up_to: tuple[int, int]
    approved_only: bool
    aims: list[Aim]
    periods: list[Period]
    targets_by_aim: dict[int, list[Target]]
    indicators_by_target: dict[int, list[Indicator]]
    inputs: dict[int, computation.IndicatorInput]
    actuals: dict[tuple[int, int, int], ActualRow] = field(default_factory=dict)
    """(indicator pk, year, half) → the Actual row, whether or not it has a value."""
    submissions: dict[tuple[int, int], Submission] = field(default_factory=dict)
    """(unit pk, period pk) → the unit's Submission for the period."""

    def period(self, year: int, half: int) -> Period | None:
        for period in self.periods:
            if (period.year, period.half) == (year, half):
                return period
        return None

    def actual(self, indicator_id: int, year: int, half: int) -> ActualRow | None:
        return self.actuals.get((indicator_id, year, half))

    def submission(self, unit_id: int, year: int, half: int) -> Submission | None:
        period = self.period(year, half)
        return None if period is None else self.submissions.get((unit_id, period.pk))


def up_to_q(year: int, half: int, prefix: str = "period__") -> Q:
    """Periods at or before (year, half)."""
    return Q(**{f"{prefix}year__lt": year}) | Q(
        **{f"{prefix}year": year, f"{prefix}half__lte": half}
    )


def indicator_input(
    indicator: Indicator,
    planned: dict[int, Decimal | None],
    actuals: list[Actual] | list[ActualRow],
    approved_periods: set[int],
    approved_only: bool = False,
) -> computation.IndicatorInput:
    """The computation's input for one indicator.

    `actuals` (`Actual`s or `ActualRow`s) carry `period` (year, half). A row with a value is a
    period value; a row declared "veri yok" (`no_data`) is a declaration whose reason is its
    explanation; a row with neither is ignored. A row is approved when its period pk is in
    `approved_periods`; with `approved_only` the rows that are not approved are left out
    (`computation.only_approved`).
    """
    values: dict[tuple[int, int], computation.PeriodValue] = {}
    declared: dict[tuple[int, int], computation.NoData] = {}
    for actual in actuals:
        approved = actual.period_id in approved_periods
        period = (actual.period.year, actual.period.half)
        if actual.value is not None:
            values[period] = computation.PeriodValue(value=actual.value, approved=approved)
        elif actual.no_data:
            declared[period] = computation.NoData(
                reason=actual.explanation.strip(), approved=approved
            )
    ind = computation_input(
        indicator, planned=planned, values=values, declared=declared, weight=indicator.weight
    )
    return computation.only_approved(ind) if approved_only else ind


def plan_indicator_data(
    plan: Plan,
    *,
    up_to: tuple[int, int],
    approved_only: bool = False,
    aim: Aim | None = None,
    target: Target | None = None,
    indicator: Indicator | None = None,
) -> PlanIndicatorData:
    """Load a plan's indicators, planned values, actuals up to `up_to` and submissions.

    Runs exactly `QUERIES` (7) queries whatever the plan's size: aims, targets (with their
    responsible units), indicators, planned values, periods, actuals, submissions. `aim`,
    `target` or `indicator` narrow the scope (the aim, target and plan figures are then
    those of the part loaded).
    """
    year, half = up_to
    target_q = Q(plan=plan)
    if aim is not None:
        target_q &= Q(aim=aim)
    if target is not None:
        target_q &= Q(pk=target.pk)
    if indicator is not None:
        target_q &= Q(pk=indicator.target_id)
    indicator_q = Q(target__in=Target.objects.filter(target_q).values("pk"))
    if indicator is not None:
        indicator_q &= Q(pk=indicator.pk)

    aim_q = Q(plan=plan)
    if aim is not None:
        aim_q &= Q(pk=aim.pk)
    elif target is not None:
        aim_q &= Q(pk=target.aim_id)
    elif indicator is not None:
        aim_q &= Q(targets__pk=indicator.target_id)
    aims = list(Aim.objects.filter(aim_q).order_by("order", "code"))  # 1
    targets = list(  # 2
        Target.objects.filter(target_q).select_related("responsible_unit").order_by("order", "code")
    )
    indicators = list(Indicator.objects.filter(indicator_q).order_by("target_id", "order"))  # 3
    indicator_ids = Indicator.objects.filter(indicator_q).values("pk")
    planned: dict[int, dict[int, Decimal | None]] = defaultdict(dict)
    for indicator_id, planned_year, value in PlannedValue.objects.filter(  # 4
        indicator__in=indicator_ids
    ).values_list("indicator_id", "year", "value"):
        planned[indicator_id][planned_year] = value
    periods = list(  # 5
        Period.objects.filter(Q(plan=plan) & up_to_q(year, half, prefix="")).order_by(
            "year", "half"
        )
    )
    period_by_pk = {p.pk: p for p in periods}
    actual_rows = [  # 6
        ActualRow(pk, indicator_id, period_by_pk[period_id], *rest)
        for pk, indicator_id, period_id, *rest in Actual.objects.filter(
            Q(indicator__in=indicator_ids) & Q(period__plan=plan) & up_to_q(year, half)
        )
        .order_by("period__year", "period__half")
        .values_list(*ACTUAL_FIELDS)
    ]
    submissions = {  # 7
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(Q(period__plan=plan) & up_to_q(year, half))
    }

    unit_of_target = {t.pk: t.responsible_unit_id for t in targets}
    actuals: dict[tuple[int, int, int], ActualRow] = {}
    actuals_by_indicator: dict[int, list[ActualRow]] = defaultdict(list)
    for actual in actual_rows:
        actuals[(actual.indicator_id, actual.period.year, actual.period.half)] = actual
        actuals_by_indicator[actual.indicator_id].append(actual)

    approved_by_unit: dict[int, set[int]] = defaultdict(set)
    for (unit_id, period_id), submission in submissions.items():
        if submission.status == SubmissionStatus.APPROVED:
            approved_by_unit[unit_id].add(period_id)

    # Fill the foreign-key caches so that templates reach aim and target without a query.
    aim_by_pk = {a.pk: a for a in aims}
    target_by_pk = {t.pk: t for t in targets}
    targets_by_aim: dict[int, list[Target]] = {a.pk: [] for a in aims}
    for t in targets:
        t.aim = aim_by_pk[t.aim_id]
        t.plan = plan
        targets_by_aim[t.aim_id].append(t)
    indicators_by_target: dict[int, list[Indicator]] = {t.pk: [] for t in targets}
    inputs: dict[int, computation.IndicatorInput] = {}
    for ind in indicators:
        ind.target = target_by_pk[ind.target_id]
        indicators_by_target[ind.target_id].append(ind)
        inputs[ind.pk] = indicator_input(
            ind,
            planned.get(ind.pk, {}),
            actuals_by_indicator.get(ind.pk, []),
            approved_by_unit.get(unit_of_target[ind.target_id], set()),
            approved_only,
        )
    return PlanIndicatorData(
        plan=plan,
        up_to=up_to,
        approved_only=approved_only,
        aims=aims,
        periods=periods,
        targets_by_aim=targets_by_aim,
        indicators_by_target=indicators_by_target,
        inputs=inputs,
        actuals=actuals,
        submissions=submissions,
    )


def plan_expenditures(
    plan: Plan,
    *,
    up_to: tuple[int, int],
    approved_only: bool = False,
    aim: Aim | None = None,
    target: Target | None = None,
) -> dict[tuple[int, int, int], Decimal]:
    """Σ expenditure per (target pk, year, half) up to `up_to` = (year, half), in 1 query.

    With `approved_only` an expenditure counts only when the Submission of (the target's
    responsible unit, its period) is approved, as for indicator values.
    """
    year, half = up_to
    target_q = Q(target__plan=plan)
    if aim is not None:
        target_q &= Q(target__aim=aim)
    if target is not None:
        target_q &= Q(target=target)
    expenditures = Expenditure.objects.filter(target_q & up_to_q(year, half))
    if approved_only:
        expenditures = expenditures.filter(
            Exists(
                Submission.objects.filter(
                    unit=OuterRef("target__responsible_unit"),
                    period=OuterRef("period"),
                    status=SubmissionStatus.APPROVED,
                )
            )
        )
    spent: dict[tuple[int, int, int], Decimal] = defaultdict(Decimal)
    for target_id, spent_year, spent_half, amount in expenditures.values_list(
        "target_id", "period__year", "period__half", "amount"
    ):
        spent[(target_id, spent_year, spent_half)] += amount
    return dict(spent)
