"""How an indicator's realization was computed, in letters and with its numbers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators.computation import Direction, Measure
from karsplan.lib.numbers import format_tr_auto
from reports.results.figures import IndicatorFigures

__all__ = ["Formula", "indicator_formula"]


@dataclass(frozen=True)
class Formula:
    """How an indicator's realization was computed: the rule in letters and with numbers.

    `symbolic` "(C − A) / (B − A) × 100", `numeric` "(45 − 20) / (60 − 20) × 100"; the figure
    itself is the result's realization. `expected_*` are set for flows at H1 (the figure
    against the expected progress, B / 2).
    """

    symbolic: str
    numeric: str
    expected_symbolic: str | None = None
    expected_numeric: str | None = None


def _n(value: Decimal) -> str:
    return format_tr_auto(value)


def _rule(
    A: Decimal | None,  # noqa: N803
    B: Decimal,  # noqa: N803
    C: Decimal,  # noqa: N803
    measure: Measure,
    direction: Direction,
    b_symbol: str = "B",
) -> tuple[str, str]:
    """The rule `computation.realization` applies, as (letters, numbers). Mirrors its steps."""
    increase = direction == Direction.INCREASE
    at_least, short_of = ("≥", "<") if increase else ("≤", ">")
    reached = C >= B if increase else C <= B
    if measure != Measure.FLOW and A is not None:
        if B != A:
            return (
                f"(C − A) / ({b_symbol} − A) × 100",
                f"({_n(C)} − {_n(A)}) / ({_n(B)} − {_n(A)}) × 100",
            )
        if reached:
            return f"C {at_least} {b_symbol} = A ⇒ 100", f"{_n(C)} {at_least} {_n(B)} ⇒ 100"
    numerator, divisor = ("C", b_symbol) if increase else (b_symbol, "C")
    if (B if increase else C) == 0:
        if reached:
            return f"{divisor} = 0, C {at_least} {b_symbol} ⇒ 100", (
                f"{_n(C)} {at_least} {_n(B)} ⇒ 100"
            )
        return f"{divisor} = 0, C {short_of} {b_symbol} ⇒ 0", f"{_n(C)} {short_of} {_n(B)} ⇒ 0"
    values = (C, B) if increase else (B, C)
    return f"{numerator} / {divisor} × 100", f"{_n(values[0])} / {_n(values[1])} × 100"


def indicator_formula(fig: IndicatorFigures, half: int) -> Formula | None:
    """The formula with this indicator's inputs; None when there is no figure (no B or C)."""
    result, ind = fig.result, fig.input
    if result.realization is None or result.B is None or result.C is None:
        return None
    symbolic, numeric = _rule(result.A, result.B, result.C, ind.measure, ind.direction)
    if half == 1 and ind.measure == Measure.FLOW:
        half_b = result.B / 2
        exp_symbolic, exp_numeric = _rule(
            None, half_b, result.C, ind.measure, ind.direction, b_symbol="(B / 2)"
        )
        return Formula(symbolic, numeric, exp_symbolic, exp_numeric)
    return Formula(symbolic, numeric)
