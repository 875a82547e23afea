"""Reads of indicators and their values."""

from __future__ import annotations

from indicators.models import Indicator

__all__ = ["Indicator", "indicator_detail"]


def indicator_detail(pk: int) -> Indicator:
    return (
        Indicator.objects.select_related(
            "target", "target__aim", "target__plan", "target__responsible_unit", "activity"
        )
        .prefetch_related("planned_values")
        .get(pk=pk)
    )
