"""tests/bulk_plan.py writes the plan that plan_load writes: the same export, the same rows
(units, periods, cooperating units, KPIs, cost totals) and the same history rows."""

from __future__ import annotations

import copy
from collections import Counter

from budget.models import CostEstimate, CostTotal
from goals.models import Activity, Aim, Finding, Need, Plan, Risk, Target, Unit
from indicators.models import Indicator, KeyPerformanceIndicator, Period, PlannedValue
from plans.exporting import plan_export
from plans.loading import plan_load
from tests.bulk_plan import INDICATOR_FIELDS, bulk_plan_load
from tests.plan_documents import kars_document, synthetic_document


def rows(plan: Plan) -> dict:
    """The plan's rows, without ids, and the kinds of their history rows."""
    targets = Target.objects.filter(plan=plan)
    by_target = {"target__plan": plan}
    history = {
        "plan": Plan.history.filter(id=plan.pk),
        "aims": Aim.history.filter(plan_id=plan.pk),
        "targets": Target.history.filter(plan_id=plan.pk),
        "activities": Activity.history.filter(target_id__in=targets),
        "indicators": Indicator.history.filter(target_id__in=targets),
        "planned": PlannedValue.history.filter(
            indicator_id__in=Indicator.objects.filter(**by_target)
        ),
        "costs": CostEstimate.history.filter(target_id__in=targets),
        "periods": Period.history.filter(plan_id=plan.pk),
    }
    return {
        "targets": list(
            targets.order_by("order").values_list(
                "code", "aim__code", "order", "responsible_unit__name", "cooperating_all_units"
            )
        ),
        "cooperating": sorted(
            targets.values_list("code", "cooperating_units__name").exclude(cooperating_units=None)
        ),
        "activities": sorted(
            Activity.objects.filter(**by_target).values_list("target__code", "number", "text")
        ),
        "texts": [
            sorted(m.objects.filter(**by_target).values_list("target__code", "order", "text"))
            for m in (Risk, Finding, Need)
        ],
        "indicators": sorted(
            Indicator.objects.filter(**by_target).values_list(
                "target__code", "order", "activity__number", *INDICATOR_FIELDS
            )
        ),
        "planned": sorted(
            PlannedValue.objects.filter(indicator__target__plan=plan).values_list(
                "indicator__code", "indicator__order", "year", "value"
            )
        ),
        "costs": sorted(
            CostEstimate.objects.filter(**by_target).values_list("target__code", "year", "amount")
        ),
        "kpis": sorted(
            KeyPerformanceIndicator.objects.filter(plan=plan).values_list(
                "order", "name", "baseline", "target_value", "indicator__code"
            )
        ),
        "totals": sorted(
            CostTotal.objects.filter(plan=plan).values_list(
                "order", "year", "label", "aim__code", "amount"
            ),
            key=str,
        ),
        "periods": sorted(
            Period.objects.filter(plan=plan).values_list(
                "year", "half", "opens_on", "deadline", "state"
            )
        ),
        "history": {
            name: Counter(qs.values_list("history_type", flat=True)) for name, qs in history.items()
        },
    }


def check_same_plan(document: dict) -> None:
    bulk_doc = copy.deepcopy(document)
    bulk_doc["plan"]["name"] = "Toplu"
    bulk = bulk_plan_load(bulk_doc)  # first: it creates the units
    assert Unit.objects.filter(name__in=document["units"]).count() == len(document["units"])
    loaded = plan_load(document=copy.deepcopy(document)).plan
    exported = plan_export(bulk)
    exported["plan"]["name"] = document["plan"]["name"]
    assert exported == plan_export(loaded)
    assert rows(bulk) == rows(loaded)
    assert rows(bulk)["history"]["targets"]["~"] > 0  # the cooperating units' history


def test_bulk_load_writes_what_plan_load_writes_for_the_kars_plan(db):
    check_same_plan(kars_document())


def test_bulk_load_writes_what_plan_load_writes_for_a_synthetic_plan(db):
    check_same_plan(synthetic_document(3, 4, 5, name="Sentetik"))
