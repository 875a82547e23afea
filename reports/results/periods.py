"""The computation's settings, the status names (from `indicators.statuses`), and the
periods (H1, H2) of a plan."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings as django_settings

from goals.models import Plan
from indicators import computation
from indicators.computation import Settings, Status
from indicators.statuses import STATUS_NAMES

__all__ = [
    "STATUS_NAMES",
    "computation_settings",
    "half_label",
    "parse_half",
    "periods_through",
]


def computation_settings() -> Settings:
    """`computation.Settings` from django settings KARSPLAN (CLAMP, BANDS, AIM_MEAN, PLAN_MEAN).

    BANDS maps a status ("ulasildi", "iyi", "orta", "dusuk") to its lower bound.
    """
    conf = django_settings.KARSPLAN
    bands = tuple(
        sorted(
            ((Status(name), Decimal(str(bound))) for name, bound in conf["BANDS"].items()),
            key=lambda band: band[1],
            reverse=True,
        )
    )
    return Settings(
        clamp=bool(conf["CLAMP"]),
        bands=bands,
        aim_mean=conf.get("AIM_MEAN", computation.PLAIN),
        plan_mean=conf.get("PLAN_MEAN", computation.PLAIN),
    )


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


def periods_through(plan: Plan, year: int, half: int) -> list[tuple[int, int]]:
    """(year, half) from the plan's first period through (year, half), in order."""
    return [
        (y, h) for y in range(plan.start_year, year + 1) for h in (1, 2) if (y, h) <= (year, half)
    ]
