"""Filters for the printed reports: percentages the Turkish way.

Thin names over the one formatting code (``karsplan.lib.numbers.format_tr``, which rounds
half-up as the export does, and ``reports.charts.percent``) so that the PDF and the
dashboards print a figure identically.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html

from karsplan.lib.numbers import format_tr
from reports.charts import percent
from reports.headline import enough_coverage

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """A figure with two decimals: ``62.5`` → ``62,50``."""
    return format_tr(value, places=2)


@register.filter
def pctsign(value: Decimal | None) -> str:
    """A percentage with its sign first, as Turkish writes it: ``62.5`` → ``%62,50``."""
    return percent(value, 2)


@register.filter
def headline_stands(figure) -> bool:
    """Whether a plan's or an aim's realization may stand as its result (`reports.headline`)."""
    return enough_coverage(figure)


@register.filter
def toc_link(pages: dict[str, int] | None, anchor: str) -> str:
    """A table of contents entry's link: ` href="#anchor"` (its page number comes from CSS
    `target-counter`), or ` data-page="N"` when `pages` gives it (a report rendered in parts:
    the entry is in another part, which the link cannot reach)."""
    if pages and anchor in pages:
        return format_html(' data-page="{}" data-anchor="{}"', int(pages[anchor]), anchor)
    return format_html(' href="#{}"', anchor)
