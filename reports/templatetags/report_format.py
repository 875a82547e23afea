"""Filters for the printed reports: percentages the Turkish way, status classes."""

from __future__ import annotations

from decimal import Decimal

from django import template

from indicators.computation import round2
from karsplan.lib.numbers import format_tr

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """A figure with two decimals, rounded as the export rounds it: ``62.5`` → ``62,50``."""
    if value is None:
        return "–"
    return format_tr(round2(Decimal(value)), places=2)


@register.filter
def pctsign(value: Decimal | None) -> str:
    """A percentage with its sign first, as Turkish writes it: ``62.5`` → ``%62,50``."""
    if value is None:
        return "–"
    text = pct(value)
    return f"-%{text[1:]}" if text.startswith("-") else f"%{text}"
