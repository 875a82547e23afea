"""Reads of the plan structure alone, each in a fixed number of queries.

The plan pages that also show indicators and costs read through ``reports.plan_selectors``.
"""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from goals.models import Plan, Target, Unit


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.newest_first()


def units_with_target_counts() -> QuerySet[Unit]:
    """Every unit, by name, with ``n_responsible``: how many targets it is responsible for."""
    return Unit.objects.annotate(n_responsible=Count("responsible_targets")).order_by("name")


def unit_targets(unit: Unit) -> tuple[QuerySet[Target], QuerySet[Target]]:
    """Targets the unit is responsible for, and those it cooperates on."""
    base = Target.objects.select_related("aim", "responsible_unit").order_by("plan", "order")
    responsible = base.filter(responsible_unit=unit)
    cooperating = (
        base.filter(Q(cooperating_units=unit) | Q(cooperating_all_units=True))
        .exclude(responsible_unit=unit)
        .distinct()
    )
    return responsible, cooperating
