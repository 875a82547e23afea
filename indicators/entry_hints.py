"""What each entry row asks for, by the indicator's measure (DESIGN.md §4): the one place
of this text, for the entry page and the Excel template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from indicators import computation

MEASURE_ENTRY_HINT = {
    computation.Measure.FLOW: gettext_lazy("done in these six months"),
    computation.Measure.LEVEL: gettext_lazy("value at the period's end"),
    computation.Measure.AVERAGE: gettext_lazy("the period's value"),
}
"""A flow asks for the amount of this six months only ("bu altı ayda yapılan"), a level for
the value at the period's end ("dönem sonu değeri"), an average for the period's value
("dönem değeri")."""


def measure_entry_hint(measure: str) -> str:
    """The hint of `MEASURE_ENTRY_HINT` for a measure ("" for an unknown one)."""
    hint = MEASURE_ENTRY_HINT.get(measure)
    return str(hint) if hint is not None else ""
