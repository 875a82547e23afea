"""Builders of the computation tests (test_computation.py, test_computation_properties.py):
an indicator input from literals, the realization of literal A, B, C, and comparisons."""

from decimal import Decimal

from indicators.computation import Direction, IndicatorInput, Measure, PeriodValue, realization

FLOW, LEVEL, AVERAGE = Measure.FLOW, Measure.LEVEL, Measure.AVERAGE
UP, DOWN = Direction.INCREASE, Direction.DECREASE
D = Decimal
Y = 2025


def make(
    *,
    B: str | None = None,
    values: dict[tuple[int, int], str | PeriodValue] | None = None,
    A: str | None = None,
    weight: str | None = "100",
    measure: Measure = LEVEL,
    direction: Direction = UP,
    months: int = 6,
    planned: dict[int, str | None] | None = None,
    key: str = "i",
) -> IndicatorInput:
    """An indicator with B for 2025 (or `planned` for several years) and its period values."""
    plan = planned if planned is not None else {Y: B}
    entered = {
        period: v if isinstance(v, PeriodValue) else PeriodValue(D(v))
        for period, v in (values or {}).items()
    }
    return IndicatorInput(
        key=key,
        weight=None if weight is None else D(weight),
        baseline=None if A is None else D(A),
        planned={year: None if b is None else D(b) for year, b in plan.items()},
        values=entered,
        measure=measure,
        direction=direction,
        monitoring_frequency_months=months,
    )


def r(A: str | None, B: str, C: str, measure: Measure = LEVEL, direction: Direction = UP) -> D:
    """The official realization for literal A, B, C."""
    figure = realization(
        A=None if A is None else D(A), B=D(B), C=D(C), measure=measure, direction=direction
    )
    assert figure is not None
    return figure


def close(x: Decimal | None, y: Decimal) -> bool:
    """Equal up to the precision of a repeating decimal (the module computes to 40 digits)."""
    return x is not None and abs(x - y) < D("1E-24")


def clamped(x: Decimal) -> Decimal:
    return min(max(x, D(0)), D(100))
