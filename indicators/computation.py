"""The official computation of the strategic plan's figures (DESIGN.md §5).

Pure: standard library only, no Django and no ORM. Plain inputs in, `Decimal` figures out; a
selector loads a plan's data and feeds these functions. The vocabulary, settings, inputs and
results live in `indicators.computation_terms` and are re-exported here: import them from
this module.

Every public function that does arithmetic runs in a local decimal context of 40 significant
digits, so results are exact for all practical purposes and never depend on the caller's
context; the context is entered once per call tree (`exact_context`). Nothing is rounded
except by `round2` and `fmt2`, which are for display and export.

docs/computation.md explains every rule with a worked example.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from indicators.computation_terms import (
    CENT,
    COST,
    DEFAULT_BANDS,
    DEFAULT_SETTINGS,
    HUNDRED,
    MEANS,
    ONE,
    PLAIN,
    TWO,
    ZERO,
    AimResult,
    CumulativeResult,
    Direction,
    IndicatorInput,
    IndicatorResult,
    Measure,
    NoData,
    Period,
    PeriodValue,
    PlanResult,
    Settings,
    Status,
    TargetResult,
    _exact,
    exact_context,
    fmt2,
    round2,
)

__all__ = [
    "CENT",
    "COST",
    "DEFAULT_BANDS",
    "DEFAULT_SETTINGS",
    "HUNDRED",
    "MEANS",
    "ONE",
    "PLAIN",
    "TWO",
    "ZERO",
    "AimResult",
    "CumulativeResult",
    "Direction",
    "IndicatorInput",
    "IndicatorResult",
    "Measure",
    "NoData",
    "Period",
    "PeriodValue",
    "PlanResult",
    "Settings",
    "Status",
    "TargetResult",
    "aim_result",
    "budget_realization",
    "cumulative_result",
    "exact_context",
    "expected_realization",
    "fmt2",
    "indicator_result",
    "is_due",
    "missing_periods",
    "needed_periods",
    "only_approved",
    "plan_result",
    "realization",
    "round2",
    "status_for",
    "target_result",
    "year_value",
]


# --- Indicator rules ----------------------------------------------------------------------


def _check_half(half: int) -> None:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half!r}")


def is_due(ind: IndicatorInput, half: int) -> bool:
    """Whether the indicator is monitored in `half`: a yearly one (12 months) only in H2 (§5)."""
    _check_half(half)
    return not (ind.monitoring_frequency_months >= 12 and half == 1)


def needed_periods(ind: IndicatorInput, year: int, half: int) -> tuple[Period, ...]:
    """The periods whose values make C for `year` up to `half` (DESIGN.md §5, completeness).

    A flow or an average needs every due half of `year` up to `half` (a yearly indicator only
    H2); a level needs the value of (year, half) itself. Empty when the indicator is not due
    in `half`.
    """
    _check_half(half)
    if not is_due(ind, half):
        return ()
    if ind.measure == Measure.LEVEL:
        return ((year, half),)
    return tuple((year, h) for h in (1, 2) if h <= half and is_due(ind, h))


def missing_periods(ind: IndicatorInput, year: int, half: int) -> tuple[Period, ...]:
    """The needed periods (`needed_periods`) without an entered value, oldest first; a period
    declared "veri yok" is one of them."""
    return tuple(p for p in needed_periods(ind, year, half) if p not in ind.values)


def only_approved(ind: IndicatorInput) -> IndicatorInput:
    """`ind` as "approved only" reads it: a value or a declaration whose submission is not
    approved is left out, as if nothing had been entered for its period (§5)."""
    return replace(
        ind,
        values={p: v for p, v in ind.values.items() if v.approved},
        declared={p: d for p, d in ind.declared.items() if d.approved},
    )


@_exact
def year_value(ind: IndicatorInput, year: int, half: int) -> tuple[Decimal | None, bool | None]:
    """C for `year` up to `half`, and whether every period value used is approved (§3.2, §5).

    C is made only from the complete set of `needed_periods`: a flow sums their values, a
    level takes its period's value, an average takes their mean. (None, None) when one of them
    has no value (missing, declared "veri yok", or left out as not approved) or the indicator
    is not due: a flow with H1 and no H2 is never read as a year of H1 alone.
    """
    needed = needed_periods(ind, year, half)
    if not needed or any(p not in ind.values for p in needed):
        return None, None
    entered = [ind.values[p] for p in needed]
    total = sum((p.value for p in entered), ZERO)
    value = total / len(entered) if ind.measure == Measure.AVERAGE else total
    return value, all(p.approved for p in entered)


def _reached(C: Decimal, B: Decimal, increase: bool) -> bool:
    """Whether C is at or beyond B in the indicator's direction."""
    return C >= B if increase else C <= B


def _ratio(C: Decimal, B: Decimal, increase: bool) -> Decimal:
    """C / B × 100 (increase) or B / C × 100 (decrease).

    Division guard (§5): a zero divisor gives 100 when C has reached B, else 0. For a
    decrease with C = 0 and B >= 0 that is the rule "C = 0 → 100".
    """
    numerator, divisor = (C, B) if increase else (B, C)
    if divisor == 0:
        return HUNDRED if _reached(C, B, increase) else ZERO
    return numerator / divisor * HUNDRED


@_exact
def realization(
    *,
    A: Decimal | None,
    B: Decimal | None,
    C: Decimal | None,
    measure: Measure,
    direction: Direction,
) -> Decimal | None:
    """The official realization percentage of one indicator (DESIGN.md §5), unclamped.

    1. No B or no C: None.
    2. level/average with a baseline and B != A: (C − A) / (B − A) × 100 (the guide's formula;
       for a decrease both terms are negative).
    3. level/average with a baseline and B == A (a value to keep): 100 when C is at or beyond B
       in the indicator's direction, else rule 4.
    4. flows (A ignored) and level/average without a baseline: C / B × 100 (increase),
       B / C × 100 (decrease); a zero divisor gives 100 when C is at or beyond B, else 0.

    The figure never falls as C moves in the indicator's direction (for B on that side of A),
    with one exception the rules impose: a decrease's B / C grows without bound as C nears 0,
    and C = 0 gives 100. Once clamped to [0, 100] it is monotone everywhere.
    """
    if B is None or C is None:
        return None
    increase = direction == Direction.INCREASE
    if measure != Measure.FLOW and A is not None:
        if B != A:
            return (C - A) / (B - A) * HUNDRED
        if _reached(C, B, increase):
            return HUNDRED
    return _ratio(C, B, increase)


@_exact
def expected_realization(
    *,
    A: Decimal | None,
    B: Decimal | None,
    C: Decimal | None,
    measure: Measure,
    direction: Direction,
    half: int,
) -> Decimal | None:
    """The realization against the expected progress at `half` (DESIGN.md §5, "Mid-year").

    At H1 a flow is expected to have done half of its yearly amount: C / (B/2) × 100
    (increase) or (B/2) / C × 100 (decrease). Levels and averages are expected to be at B,
    and at H2 everything is: there it equals `realization`.
    """
    _check_half(half)
    if half == 1 and measure == Measure.FLOW and B is not None:
        B = B / TWO
    return realization(A=A, B=B, C=C, measure=measure, direction=direction)


def status_for(value: Decimal | None, settings: Settings = DEFAULT_SETTINGS) -> Status:
    """The band of a realization (DESIGN.md §5): the first band whose lower bound the value
    reaches, COK_DUSUK below the last, VERI_YOK for None. Judged on the exact, unrounded value.
    """
    if value is None:
        return Status.VERI_YOK
    for status, lower_bound in settings.bands:
        if value >= lower_bound:
            return status
    return Status.COK_DUSUK


@_exact
def indicator_result(
    ind: IndicatorInput, year: int, half: int, settings: Settings = DEFAULT_SETTINGS
) -> IndicatorResult:
    """One indicator's figures and status for (year, half) (DESIGN.md §5).

    - Not due (yearly indicator at H1): DONEM_DISI, no C; left out of every sum.
    - No B for the year: HEDEF_YOK, not evaluated (C is still given, for display).
    - No C (a needed period value is missing or declared "veri yok", see `year_value`):
      VERI_YOK, evaluated (counts in the coverage's denominator, not in the realization).
    - Otherwise the official realization (C so far against the year-end B) and the expected
      realization; the status comes from the expected figure (which at H2 is the official one).

    `missing_periods` lists the needed periods without a value whenever the indicator is due,
    and `no_data` the reasons of those declared "veri yok".
    """
    A, B = ind.baseline, ind.planned.get(year)
    due = is_due(ind, half)
    C, approved = year_value(ind, year, half) if due else (None, None)
    missing = missing_periods(ind, year, half)
    declared = tuple((p, ind.declared[p].reason) for p in missing if p in ind.declared)
    official = expected = None
    if not due:
        status = Status.DONEM_DISI
    elif B is None:
        status = Status.HEDEF_YOK
    elif C is None:
        status = Status.VERI_YOK
    else:
        official = realization(A=A, B=B, C=C, measure=ind.measure, direction=ind.direction)
        expected = expected_realization(
            A=A, B=B, C=C, measure=ind.measure, direction=ind.direction, half=half
        )
        status = status_for(expected, settings)
    return IndicatorResult(
        key=ind.key,
        A=A,
        B=B,
        C=C,
        realization=official,
        expected_realization=expected,
        status=status,
        due=due,
        evaluated=due and B is not None,
        has_value=C is not None,
        approved=approved,
        missing_periods=missing,
        no_data=declared,
    )


# --- Aggregation ----------------------------------------------------------------------------


def _weighted_mean(pairs: Sequence[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ(w × x) / Σ w over (w, x) pairs; the plain mean when the weights sum to 0; None if empty."""
    if not pairs:
        return None
    total = sum((w for w, _ in pairs), ZERO)
    if total == 0:
        return sum((x for _, x in pairs), ZERO) / len(pairs)
    return sum((w * x for w, x in pairs), ZERO) / total


def _plain_mean(values: Iterable[Decimal | None]) -> Decimal | None:
    """The mean of the values that are not None; None when there are none."""
    return _weighted_mean([(ONE, v) for v in values if v is not None])


def _clamp(value: Decimal, settings: Settings) -> Decimal:
    return min(max(value, ZERO), HUNDRED) if settings.clamp else value


def _all_approved(flags: Iterable[bool | None]) -> bool | None:
    """None when no value was used, else True iff every value used is approved."""
    used = [flag for flag in flags if flag is not None]
    return all(used) if used else None


@_exact
def target_result(
    key: Hashable,
    indicators: Sequence[IndicatorInput],
    year: int,
    half: int,
    settings: Settings = DEFAULT_SETTINGS,
) -> TargetResult:
    """A target's realization and coverage for (year, half) (DESIGN.md §5).

    1. Evaluated indicators are those due with a B; an empty weight counts as 0.
    2. realization = Σ(w × clamp(r, 0, 100)) / Σ w over the evaluated indicators with a value,
       r being the official realization (at H1 too); the plain mean of the clamped figures if
       those weights sum to 0; None if no evaluated indicator has a value. The clamp applies
       only when `settings.clamp`.
    3. coverage = Σ w with a value / Σ w evaluated × 100; by count when the evaluated weights
       sum to 0; None when nothing is evaluated.
    4. approved: over the indicators in the realization (see `_all_approved`).
    """
    results = tuple(indicator_result(ind, year, half, settings) for ind in indicators)
    evaluated = [
        (ind.weight or ZERO, res)
        for ind, res in zip(indicators, results, strict=True)
        if res.evaluated
    ]
    with_value = [(w, res) for w, res in evaluated if res.has_value]
    weight_evaluated = sum((w for w, _ in evaluated), ZERO)
    weight_with_value = sum((w for w, _ in with_value), ZERO)
    # An evaluated indicator with a value always has a realization; the test narrows the type.
    figures = [
        (w, _clamp(res.realization, settings))
        for w, res in with_value
        if res.realization is not None
    ]
    figure = _weighted_mean(figures)
    if not evaluated:
        coverage = None
    elif weight_evaluated == 0:
        coverage = Decimal(len(with_value)) / len(evaluated) * HUNDRED
    else:
        coverage = weight_with_value / weight_evaluated * HUNDRED
    return TargetResult(
        key=key,
        realization=figure,
        coverage=coverage,
        indicators=results,
        weight_evaluated=weight_evaluated,
        weight_with_value=weight_with_value,
        approved=_all_approved(res.approved for _, res in with_value),
    )


def _mean_weight(
    mode: str, costs: Mapping[Hashable, Decimal | None] | None, key: Hashable
) -> Decimal:
    """The weight of one member in a plain (1) or cost-weighted (its cost, None → 0) mean."""
    if mode == PLAIN:
        return ONE
    if costs is None:
        raise ValueError("a cost-weighted mean needs the costs")
    return costs.get(key) or ZERO


@_exact
def aim_result(
    key: Hashable,
    targets: Sequence[TargetResult],
    settings: Settings = DEFAULT_SETTINGS,
    target_costs: Mapping[Hashable, Decimal | None] | None = None,
) -> AimResult:
    """An aim's realization: the mean of its targets that have a realization (DESIGN.md §5).

    Plain by default; with `settings.aim_mean == "cost"` each target weighs its planned cost
    for the year (`target_costs[target.key]`, None or missing → 0; the plain mean when those
    costs sum to 0). `coverage` is the plain mean of the targets' coverage.
    """
    pairs = [
        (_mean_weight(settings.aim_mean, target_costs, t.key), t.realization)
        for t in targets
        if t.realization is not None
    ]
    return AimResult(
        key=key,
        realization=_weighted_mean(pairs),
        targets=tuple(targets),
        coverage=_plain_mean(t.coverage for t in targets),
    )


@_exact
def plan_result(
    aims: Sequence[AimResult],
    settings: Settings = DEFAULT_SETTINGS,
    aim_costs: Mapping[Hashable, Decimal | None] | None = None,
) -> PlanResult:
    """The plan's realization: the mean of its aims that have a realization (DESIGN.md §5).

    Plain by default; with `settings.plan_mean == "cost"` each aim weighs Σ of its targets'
    planned costs (`aim_costs[aim.key]`, computed by the caller). `coverage` is the plain mean
    of every target's coverage that is not None.
    """
    pairs = [
        (_mean_weight(settings.plan_mean, aim_costs, a.key), a.realization)
        for a in aims
        if a.realization is not None
    ]
    return PlanResult(
        realization=_weighted_mean(pairs),
        coverage=_plain_mean(t.coverage for a in aims for t in a.targets),
        aims=tuple(aims),
    )


# --- Budget, plan-to-date -----------------------------------------------------------------


@_exact
def budget_realization(planned: Decimal | None, actual: Decimal | None) -> Decimal | None:
    """actual / planned × 100 (DESIGN.md §5, "Budget"); None without a plan, a zero plan or
    an actual."""
    if planned is None or planned == 0 or actual is None:
        return None
    return actual / planned * HUNDRED


@_exact
def cumulative_result(
    ind: IndicatorInput,
    year: int,
    half: int,
    start_year: int,
    settings: Settings = DEFAULT_SETTINGS,
) -> CumulativeResult:
    """The plan-to-date (cumulative) figure from `start_year` through (year, half) (§5).

    1. The years counted are those from `start_year` to `year` with a B, each read up to H2
       (the current year up to `half`); a year whose indicator is not due at that half (a
       yearly indicator in the current year at H1) is not counted.
    2. Completeness, as for a year's C: every counted year needs its complete C
       (`year_value`). If one lacks it, there is no figure: VERI_YOK, with the missing periods.
    3. Flows: C = Σ of the counted years' C, B = Σ of their B, where the current year's B
       counts half at H1 (its expected progress) and fully at H2; then the flow rule (A unused).
    4. Levels and averages: the latest counted year's C against that year's B, by the level
       rule (A used); only that year's value is needed.
    5. Status from the realization; HEDEF_YOK when no year is counted.
    """
    _check_half(half)
    counted: list[tuple[int, int, Decimal]] = []
    for y in range(start_year, year + 1):
        B = ind.planned.get(y)
        h = half if y == year else 2
        if B is None or not is_due(ind, h):
            continue
        if ind.measure == Measure.FLOW and y == year and half == 1:
            B = B / TWO
        counted.append((y, h, B))
    if ind.measure != Measure.FLOW:
        counted = counted[-1:]
    if not counted:
        return CumulativeResult(C=None, B=None, realization=None, status=Status.HEDEF_YOK)
    values = [year_value(ind, y, h)[0] for y, h, _ in counted]
    missing = tuple(p for y, h, _ in counted for p in missing_periods(ind, y, h))
    if missing or any(C is None for C in values):
        return CumulativeResult(
            C=None, B=None, realization=None, status=Status.VERI_YOK, missing_periods=missing
        )
    A = None if ind.measure == Measure.FLOW else ind.baseline
    C = sum((c for c in values if c is not None), ZERO)
    B = sum((b for _, _, b in counted), ZERO)
    figure = realization(A=A, B=B, C=C, measure=ind.measure, direction=ind.direction)
    return CumulativeResult(C=C, B=B, realization=figure, status=status_for(figure, settings))
