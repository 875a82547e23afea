"""The forecast: where an indicator and a target are heading (DESIGN.md §5, "Forecast").

Pure: standard library only, like `indicators.computation`, whose realization rules it reuses.
For an indicator with a planned trajectory and at least one value, it projects the value and
the realization at the end of the year looked at ("yıl sonu") and at the plan's end (the final
year, "plan sonu"), assuming the indicator keeps the pace it has shown so far against its
planned path:

- a flow (akış) keeps its pace q = Σ values so far / Σ planned amounts of those periods (a
  six-monthly flow is planned at B/2 per half, a yearly one at B in H2); a period still to
  come is projected at q × its planned amount, a period with a value keeps its value;
- a level or an average keeps its position f between the reference R and the plan: R is the
  baseline A when the level rule uses it, else 0 (the ratio rule); f = (C − R) / (B − R) for
  the latest value C against its year's B, and the projected value of year Y is R + f × (B_Y − R).
  When B = R (a value to keep), a value that keeps it is on the plan (f = 1); one that does
  not is carried forward as it is.

The projected value is then judged by `computation.realization`, so every rule of §5 (flows
ignore A, a decrease's B / C, B = A, dividing by zero) applies unchanged. The uncertainty band
projects the slowest and the fastest pace of a single period seen so far, widened to at least
±`MIN_BAND` points around the forecast; a year whose values are all in has no band (its value
is known). A target's forecast is its indicators' forecasts summed by the target rule
(Σ w × clamp(r) / Σ w); a target is "risk altında" when a projection falls below the "orta"
band. docs/computation.md, "Tahmin (forecast)", has worked examples.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from indicators.computation import (
    DEFAULT_SETTINGS,
    ONE,
    ZERO,
    Direction,
    IndicatorInput,
    Measure,
    Settings,
    Status,
    _clamp,
    _exact,
    _reached,
    _weighted_mean,
    is_due,
    realization,
    status_for,
    year_value,
)

__all__ = [
    "MIN_BAND",
    "IndicatorForecast",
    "Projection",
    "TargetForecast",
    "indicator_forecast",
    "is_at_risk",
    "target_forecast",
]

MIN_BAND = Decimal(10)
"""The uncertainty band is at least this many percentage points either side of a forecast."""

_RISK = (Status.DUSUK, Status.COK_DUSUK)


@dataclass(frozen=True)
class Projection:
    """A projected year: its value C, its realization and the realization's band."""

    year: int
    value: Decimal | None
    realization: Decimal | None
    low: Decimal | None
    high: Decimal | None
    known: bool = False
    """True when every value of the year is in: the figure is the year's own, not a guess."""


@dataclass(frozen=True)
class IndicatorForecast:
    key: Hashable
    year_end: Projection | None
    """The year looked at; None when it has no planned value."""
    plan_end: Projection | None
    """The plan's final year; None when it has no planned value."""


@dataclass(frozen=True)
class TargetForecast:
    key: Hashable
    year_end: Decimal | None
    year_end_low: Decimal | None
    year_end_high: Decimal | None
    plan_end: Decimal | None
    plan_end_low: Decimal | None
    plan_end_high: Decimal | None
    at_risk: bool


def is_at_risk(value: Decimal | None, settings: Settings = DEFAULT_SETTINGS) -> bool:
    """Whether a projected realization falls below the "orta" band ("risk altında")."""
    return value is not None and status_for(value, settings) in _RISK


# --- Indicators -----------------------------------------------------------------------------


Seen = list[tuple[int, int, Decimal]]
"""(year, half, value) of the values a projection rests on, oldest first."""
Paces = tuple[Decimal | None, Decimal | None, Decimal | None]


def _halves(ind: IndicatorInput) -> tuple[int, ...]:
    return tuple(h for h in (1, 2) if is_due(ind, h))


def _share(ind: IndicatorInput, B: Decimal) -> Decimal:
    """A flow's planned amount for one due period of a year planned at B."""
    return B / len(_halves(ind))


def _seen(ind: IndicatorInput, year: int, half: int) -> Seen:
    """The values entered up to (year, half) in due periods of years with a B, oldest first."""
    return [
        (y, h, ind.values[(y, h)].value)
        for (y, h) in sorted(ind.values)
        if (y, h) <= (year, half) and is_due(ind, h) and ind.planned.get(y) is not None
    ]


def _flow_paces(ind: IndicatorInput, seen: Seen) -> Paces:
    """(q, slowest, fastest): Σ values / Σ planned amounts, and the single periods' extremes.

    None for q when the planned amounts sum to 0 (there is no pace to keep).
    """
    planned = [(v, _share(ind, ind.planned[y])) for y, _, v in seen]
    total = sum((p for _, p in planned), ZERO)
    if total == 0:
        return None, None, None
    single = [v / p for v, p in planned if p != 0]
    pace = sum((v for v, _ in planned), ZERO) / total
    return pace, min(single, default=pace), max(single, default=pace)


def _flow_value(ind: IndicatorInput, year: int, half: int, Y: int, pace: Decimal) -> Decimal:
    """Year Y's amount: the values in (up to (year, half)), the rest at `pace` × plan."""
    B = ind.planned[Y]
    total = ZERO
    for h in _halves(ind):
        entered = ind.values.get((Y, h))
        if entered is not None and (Y, h) <= (year, half):
            total += entered.value
        else:
            total += pace * _share(ind, B)
    return total


def _reference(ind: IndicatorInput) -> Decimal:
    """R of the level projection: the baseline when the level rule uses one, else 0."""
    return ind.baseline if ind.baseline is not None else ZERO


def _level_position(ind: IndicatorInput, y: int, value: Decimal) -> Decimal | None:
    """f = (C − R) / (B_y − R). When B_y = R (a value to keep): 1 if C has reached B_y in
    the indicator's direction (on the plan), else None (no position to keep)."""
    R, B = _reference(ind), ind.planned[y]
    if B != R:
        return (value - R) / (B - R)
    return ONE if _reached(value, B, ind.direction == Direction.INCREASE) else None


def _level_value(ind: IndicatorInput, Y: int, position: Decimal | None, latest: Decimal) -> Decimal:
    if position is None:
        return latest
    R = _reference(ind)
    return R + position * (ind.planned[Y] - R)


def _known(ind: IndicatorInput, Y: int, year: int, half: int) -> bool:
    """Whether every due value of year Y is in by (year, half)."""
    halves = (2,) if ind.measure == Measure.LEVEL else _halves(ind)
    return all((Y, h) in ind.values and (Y, h) <= (year, half) for h in halves)


def _judge(ind: IndicatorInput, Y: int, C: Decimal) -> Decimal | None:
    return realization(
        A=ind.baseline, B=ind.planned[Y], C=C, measure=ind.measure, direction=ind.direction
    )


def _band(
    figures: Sequence[Decimal | None], central: Decimal | None
) -> tuple[Decimal | None, Decimal | None]:
    """(low, high): the extremes of `figures`, at least `MIN_BAND` either side of `central`."""
    if central is None:
        return None, None
    present = [f for f in figures if f is not None]
    low = min([*present, central - MIN_BAND])
    high = max([*present, central + MIN_BAND])
    return low, high


def _project(ind: IndicatorInput, year: int, half: int, Y: int, seen: Seen) -> Projection | None:
    """Year Y's projection from the values seen up to (year, half)."""
    if ind.planned.get(Y) is None:
        return None
    if year == Y and _known(ind, Y, year, half):
        C, _ = year_value(ind, Y, half)
        if C is not None:
            figure = _judge(ind, Y, C)
            return Projection(Y, C, figure, figure, figure, known=True)
    if ind.measure == Measure.FLOW:
        pace, slowest, fastest = _flow_paces(ind, seen)
        if pace is None:
            return None
        values = [_flow_value(ind, year, half, Y, q) for q in (pace, slowest, fastest)]
    else:
        positions = [_level_position(ind, y, v) for y, _, v in seen]
        latest = seen[-1][2]
        known = [p for p in positions if p is not None]
        extremes = (min(known), max(known)) if known else (None, None)
        values = [_level_value(ind, Y, p, latest) for p in (positions[-1], *extremes)]
    central, *others = [_judge(ind, Y, C) for C in values]
    low, high = _band(others, central)
    return Projection(Y, values[0], central, low, high)


@_exact
def indicator_forecast(
    ind: IndicatorInput, year: int, half: int, end_year: int
) -> IndicatorForecast | None:
    """The year-end and plan-end projections of one indicator as of (year, half).

    1. Only the values up to (year, half) count, in due periods of years with a planned value.
    2. None when there is none (no planned trajectory, or no value yet): nothing to project.
    3. Year `year` and year `end_year` are projected as the module docstring says; a year
       without a planned value has no projection (None).
    """
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half!r}")
    seen = _seen(ind, year, half)
    if not seen:
        return None
    return IndicatorForecast(
        key=ind.key,
        year_end=_project(ind, year, half, year, seen),
        plan_end=_project(ind, year, half, end_year, seen),
    )


# --- Targets --------------------------------------------------------------------------------


def _sum(pairs: Sequence[tuple[Decimal, Decimal | None]], settings: Settings) -> Decimal | None:
    """The target rule: Σ(w × clamp(r)) / Σ w over the figures present (plain mean at Σ w = 0)."""
    return _weighted_mean([(w, _clamp(r, settings)) for w, r in pairs if r is not None])


@_exact
def target_forecast(
    key: Hashable,
    forecasts: Sequence[tuple[Decimal | None, IndicatorForecast | None]],
    settings: Settings = DEFAULT_SETTINGS,
) -> TargetForecast:
    """A target's projections from its indicators' (weight, forecast) pairs, by the target
    rule of §5 (an empty weight counts as 0; indicators without a projection are left out);
    `at_risk` when the year-end or the plan-end projection falls below the "orta" band."""
    figures: dict[str, Decimal | None] = {}
    for horizon in ("year_end", "plan_end"):
        projections = [(w or ZERO, getattr(f, horizon)) for w, f in forecasts if f is not None]
        present = [(w, p) for w, p in projections if p is not None]
        for part in ("realization", "low", "high"):
            name = horizon if part == "realization" else f"{horizon}_{part}"
            figures[name] = _sum([(w, getattr(p, part)) for w, p in present], settings)
    return TargetForecast(
        key=key,
        **figures,
        at_risk=is_at_risk(figures["year_end"], settings)
        or is_at_risk(figures["plan_end"], settings),
    )
