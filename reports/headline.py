"""When a plan's or an aim's realization may stand as its headline (issue 11, DESIGN §5).

Below `MIN_HEADLINE_COVERAGE` the figure is the mean of the few parts that have values, not the
plan's (or the aim's) result: the dashboards show "Yeterli veri yok" instead of the number and
the report's Yönetici Özeti says so beside it. One rule for both.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

__all__ = ["MIN_HEADLINE_COVERAGE", "enough_coverage", "headline_value"]

MIN_HEADLINE_COVERAGE = Decimal(50)
"""Below this coverage a plan's or an aim's headline says that too few values are in, instead
of presenting the mean of the few parts with data as the result (issue 11)."""


class Figure(Protocol):
    realization: Decimal | None
    coverage: Decimal | None


def enough_coverage(fig: Figure) -> bool:
    """Whether the plan's or an aim's realization may stand as its headline."""
    return (
        fig.realization is not None
        and fig.coverage is not None
        and fig.coverage >= MIN_HEADLINE_COVERAGE
    )


def headline_value(fig: Figure) -> Decimal | None:
    """The realization a chart or headline shows: None when the coverage is too low."""
    return fig.realization if enough_coverage(fig) else None
