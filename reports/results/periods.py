"""The computation's settings, the status names (from `indicators.statuses`), and the
periods (H1, H2) of a plan."""

from __future__ import annotations

from goals.models import Plan
from indicators.computation_settings import computation_settings
from indicators.statuses import STATUS_NAMES

__all__ = [
    "STATUS_NAMES",
    "computation_settings",
    "half_label",
    "parse_half",
    "period_label",
    "periods_through",
]


def parse_half(text: str | int) -> int:
    """The half of a period name: "H1", "h1" or "1" → 1; "H2" or "2" → 2; else ValueError."""
    value = str(text).strip().upper().removeprefix("H")
    if value not in ("1", "2"):
        raise ValueError(f"period must be H1 or H2, not {text!r}")
    return int(value)


def _check_half(half: int) -> None:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half!r}")


def half_label(half: int) -> str:
    return f"H{half}"


def period_label(period: tuple[int, int]) -> str:
    """(2025, 2) → "2025-H2", as `Period.label` and the export write a period."""
    year, half = period
    return f"{year}-{half_label(half)}"


def periods_through(plan: Plan, year: int, half: int) -> list[tuple[int, int]]:
    """(year, half) from the plan's first period through (year, half), in order."""
    return [
        (y, h) for y in range(plan.start_year, year + 1) for h in (1, 2) if (y, h) <= (year, half)
    ]
