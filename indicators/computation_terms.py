"""The terms of the official computation (DESIGN.md §5): its vocabulary, settings, inputs,
results and decimal context, and the rounding for display.

Pure: standard library only. `indicators.computation` holds the rules and re-exports every
public name of this module, so callers import from `indicators.computation` alone.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal, localcontext
from enum import StrEnum
from typing import ParamSpec, TypeVar

ZERO = Decimal(0)
ONE = Decimal(1)
TWO = Decimal(2)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")

_CONTEXT = Context(prec=40, rounding=ROUND_HALF_EVEN)
_INSIDE: ContextVar[bool] = ContextVar("karsplan_exact_context", default=False)
"""True while a call tree runs in the module's decimal context (entered once, at its root)."""

_P = ParamSpec("_P")
_R = TypeVar("_R")


@contextmanager
def exact_context() -> Iterator[None]:
    """Run the block in the module's decimal context (40 significant digits).

    Entered once per call tree: inside the block (or inside any public function of the
    computation) a nested call runs as it is, without entering a new context. A caller that
    computes a whole plan wraps the loop in it, so the context is set once per request.
    """
    if _INSIDE.get():
        yield
        return
    token = _INSIDE.set(True)
    try:
        with localcontext(_CONTEXT):
            yield
    finally:
        _INSIDE.reset(token)


def _exact(func: Callable[_P, _R]) -> Callable[_P, _R]:
    """Run `func` in the module's own decimal context, entering it only at the root of a call
    tree (see `exact_context`)."""

    @functools.wraps(func)
    def wrapper(*args: _P.args, **kwargs: _P.kwargs) -> _R:
        if _INSIDE.get():
            return func(*args, **kwargs)
        with exact_context():
            return func(*args, **kwargs)

    return wrapper


# --- Vocabulary ---------------------------------------------------------------------------


class Measure(StrEnum):
    """How a year's value C is made from its period values (DESIGN.md §3.2)."""

    FLOW = "flow"  # C = H1 + H2
    LEVEL = "level"  # C = the latest period value
    AVERAGE = "average"  # C = the mean of the period values


class Direction(StrEnum):
    INCREASE = "increase"  # higher is better
    DECREASE = "decrease"  # lower is better


class Status(StrEnum):
    """The status codes, in band order. Their names are in `indicators.statuses`."""

    ULASILDI = "ulasildi"
    IYI = "iyi"
    ORTA = "orta"
    DUSUK = "dusuk"
    COK_DUSUK = "cok_dusuk"
    VERI_YOK = "veri_yok"
    HEDEF_YOK = "hedef_yok"
    DONEM_DISI = "donem_disi"


PLAIN = "plain"
COST = "cost"
MEANS = (PLAIN, COST)

DEFAULT_BANDS: tuple[tuple[Status, Decimal], ...] = (
    (Status.ULASILDI, Decimal(100)),
    (Status.IYI, Decimal(85)),
    (Status.ORTA, Decimal(70)),
    (Status.DUSUK, Decimal(55)),
)


@dataclass(frozen=True)
class Settings:
    """The computation's settings (DESIGN.md §5), with the official defaults.

    `bands` are (status, lower bound) pairs with strictly descending bounds; a figure below
    the last bound is `COK_DUSUK`. `aim_mean` and `plan_mean` are "plain" or "cost".
    """

    clamp: bool = True
    bands: tuple[tuple[Status, Decimal], ...] = DEFAULT_BANDS
    aim_mean: str = PLAIN
    plan_mean: str = PLAIN

    def __post_init__(self) -> None:
        for name in ("aim_mean", "plan_mean"):
            if getattr(self, name) not in MEANS:
                raise ValueError(f"{name} must be one of {MEANS}, not {getattr(self, name)!r}")
        bounds = [bound for _, bound in self.bands]
        if any(upper <= lower for upper, lower in itertools.pairwise(bounds)):
            raise ValueError("band lower bounds must be strictly descending")


DEFAULT_SETTINGS = Settings()


# --- Inputs and results -------------------------------------------------------------------


Period = tuple[int, int]
"""(year, half), half being 1 (H1) or 2 (H2)."""


@dataclass(frozen=True)
class PeriodValue:
    """One entered period value (Actual) and whether it is approved."""

    value: Decimal
    approved: bool = True


@dataclass(frozen=True)
class NoData:
    """A "veri yok" declaration for one period (DESIGN.md §4): the unit cannot measure the
    indicator, and says why. The computation treats the period as missing a value (§5)."""

    reason: str
    approved: bool = True


@dataclass(frozen=True)
class IndicatorInput:
    """Everything the computation needs to know about one indicator.

    `planned` maps a year to its planned value B (None or missing: no target that year);
    `values` maps (year, half) to the entered value, half being 1 (H1) or 2 (H2);
    `declared` maps (year, half) to a "veri yok" declaration (a period with a value in
    `values` is not read from `declared`).
    """

    key: Hashable
    weight: Decimal | None
    baseline: Decimal | None
    planned: Mapping[int, Decimal | None]
    values: Mapping[tuple[int, int], PeriodValue]
    measure: Measure = Measure.LEVEL
    direction: Direction = Direction.INCREASE
    monitoring_frequency_months: int = 6
    declared: Mapping[Period, NoData] = field(default_factory=dict)


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator's figures for (year, half).

    `realization` is the official, raw percentage (may be below 0 or above 100);
    `expected_realization` is the figure against the expected progress (differs from
    `realization` only for flows at H1). `approved` is None when no value was used.
    `missing_periods` are the due periods whose value C needs and lacks (DESIGN.md §5,
    completeness), oldest first; `no_data` gives the reason of each of them that the unit
    declared "veri yok".
    """

    key: Hashable
    A: Decimal | None
    B: Decimal | None
    C: Decimal | None
    realization: Decimal | None
    expected_realization: Decimal | None
    status: Status
    due: bool
    evaluated: bool
    has_value: bool
    approved: bool | None
    missing_periods: tuple[Period, ...] = ()
    no_data: tuple[tuple[Period, str], ...] = ()


@dataclass(frozen=True)
class TargetResult:
    key: Hashable
    realization: Decimal | None
    coverage: Decimal | None
    indicators: tuple[IndicatorResult, ...]
    weight_evaluated: Decimal
    weight_with_value: Decimal
    approved: bool | None


@dataclass(frozen=True)
class AimResult:
    key: Hashable
    realization: Decimal | None
    targets: tuple[TargetResult, ...]
    coverage: Decimal | None = None  # plain mean of the targets' coverage (not in §5)


@dataclass(frozen=True)
class PlanResult:
    realization: Decimal | None
    coverage: Decimal | None
    aims: tuple[AimResult, ...]


@dataclass(frozen=True)
class CumulativeResult:
    C: Decimal | None
    B: Decimal | None
    realization: Decimal | None
    status: Status
    missing_periods: tuple[Period, ...] = ()


# --- Display and export -------------------------------------------------------------------


def round2(d: Decimal | None) -> Decimal | None:
    """`d` rounded half-up (away from zero on a tie) to 0.01, for display; never "-0.00"."""
    if d is None:
        return None
    with localcontext(_CONTEXT):
        rounded = d.quantize(CENT, rounding=ROUND_HALF_UP)
    return rounded if rounded else rounded.copy_abs()


def fmt2(d: Decimal | None) -> str | None:
    """`d` rounded by `round2` as plain text with a dot ("12.35"), for JSON export."""
    rounded = round2(d)
    return None if rounded is None else format(rounded, "f")
