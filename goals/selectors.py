"""Reads for the plan pages, each in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from goals.models import Activity, Aim, Plan, Target, Unit


def plan_list() -> QuerySet[Plan]:
    return Plan.objects.newest_first()


def _targets_for_listing() -> QuerySet[Target]:
    return (
        Target.objects.select_related("responsible_unit")
        .prefetch_related("cost_estimates")
        .order_by("order", "code")
    )


def plan_detail(pk: int) -> Plan:
    """The plan with its aims, targets, responsible units and yearly costs (4 queries)."""
    return Plan.objects.prefetch_related(
        Prefetch("aims", queryset=Aim.objects.order_by("order", "code")),
        Prefetch("aims__targets", queryset=_targets_for_listing()),
    ).get(pk=pk)


def aim_detail(pk: int) -> Aim:
    return (
        Aim.objects.select_related("plan")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=_targets_for_listing().prefetch_related("cooperating_units", "indicators"),
            )
        )
        .get(pk=pk)
    )


def target_detail(pk: int) -> Target:
    """Everything the printed target card shows, in a fixed number of queries."""
    from django.apps import apps

    indicator_model = apps.get_model("indicators", "Indicator")
    indicators = indicator_model.objects.order_by("order").prefetch_related("planned_values")
    return (
        Target.objects.select_related("aim", "plan", "responsible_unit")
        .prefetch_related(
            "cooperating_units",
            Prefetch("indicators", queryset=indicators),
            Prefetch(
                "activities",
                queryset=Activity.objects.order_by("number").prefetch_related(
                    Prefetch("indicators", queryset=indicator_model.objects.order_by("order"))
                ),
            ),
            "risks",
            "findings",
            "needs",
            "cost_estimates",
        )
        .get(pk=pk)
    )


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
