"""The methodology annex of a report: the computation settings and the facts about the
plan's indicators that the annex states, from the results the report prints."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from goals import weights
from indicators import computation
from indicators.computation import Measure, Status
from indicators.statuses import status_label
from reports.results import Results

__all__ = ["Methodology", "methodology"]


@dataclass(frozen=True)
class Methodology:
    """The settings and facts the methodology annex states."""

    clamp: bool
    bands: tuple[tuple[str, Decimal, Decimal | None], ...]
    """(label, lower bound, upper bound or None), highest band first."""
    aim_mean: str
    plan_mean: str
    indicators: int
    flows: int
    levels: int
    averages: int
    decreasing: int
    no_baseline: int
    """Level and average indicators without a baseline (computed like flows)."""
    yearly: int
    """Indicators monitored every 12 months (not due at H1)."""
    no_target_this_year: int
    uneven_weights: tuple[tuple[str, int, Decimal], ...]
    """(target code, card, Σ weights) for the cards whose weights do not sum to 100."""


def methodology(results: Results) -> Methodology:
    """What the methodology annex states of `results`: the computation settings, the count
    of indicators of each kind and the cards whose weights do not sum to 100."""
    settings = results.settings
    bands = []
    upper = None
    for status, bound in settings.bands:
        bands.append((status_label(status), bound, upper))
        upper = bound
    bands.append((status_label(Status.COK_DUSUK), None, upper))
    figs = list(results.indicators())
    card_weights: dict[str, list] = defaultdict(list)
    for fig in figs:
        card_weights[fig.indicator.target.code].append((fig.indicator.card, fig.weight))
    uneven = tuple(
        (code, card, total)
        for code, pairs in card_weights.items()
        for card, total in weights.uneven_cards(pairs)
    )
    return Methodology(
        clamp=settings.clamp,
        bands=tuple(bands),
        aim_mean=settings.aim_mean,
        plan_mean=settings.plan_mean,
        indicators=len(figs),
        flows=sum(1 for f in figs if f.input.measure == Measure.FLOW),
        levels=sum(1 for f in figs if f.input.measure == Measure.LEVEL),
        averages=sum(1 for f in figs if f.input.measure == Measure.AVERAGE),
        decreasing=sum(1 for f in figs if f.input.direction == computation.Direction.DECREASE),
        no_baseline=sum(
            1 for f in figs if f.input.measure != Measure.FLOW and f.input.baseline is None
        ),
        yearly=sum(1 for f in figs if f.input.monitoring_frequency_months >= 12),
        no_target_this_year=sum(1 for f in figs if f.B is None),
        uneven_weights=uneven,
    )
