"""The plan document: atomic and idempotent loading, exact round trip, load_plan and export_plan.

Strict validation is in test_validation.py."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budget.models import CostEstimate, CostTotal
from goals.models import Aim, Plan, Target, Unit
from indicators.models import Indicator, Period, PlannedValue
from plans.document import PlanFormatError, dumps
from plans.exporting import plan_export
from plans.loading import plan_load
from tests.plan_documents import kars_document, synthetic_document


def snapshot() -> tuple:
    return (
        Plan.objects.count(),
        Aim.objects.count(),
        Target.objects.count(),
        Indicator.objects.count(),
        PlannedValue.objects.count(),
        CostEstimate.objects.count(),
        Unit.objects.count(),
    )


def test_export_load_export_is_identical_for_the_kars_plan(kars_plan, django_db_blocker):
    first = dumps(plan_export(kars_plan))
    # Into an empty database:
    Plan.objects.all().delete()
    Unit.objects.all().delete()
    assert snapshot() == (0, 0, 0, 0, 0, 0, 0)
    plan = plan_load(document=json.loads(first)).plan
    assert dumps(plan_export(plan)) == first


def test_export_plan_command_output_is_accepted_by_load_plan(kars_plan, tmp_path):
    out = tmp_path / "plan.json"
    call_command("export_plan", "--format", "json", "--out", str(out))
    before = snapshot()
    call_command("load_plan", str(out))
    assert snapshot() == before
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["plan"]["start_year"] == 2025
    first_indicator = data["aims"][0]["targets"][0]["indicators"][0]
    assert set(first_indicator["planned_values"]) == {"2025", "2026", "2027", "2028", "2029"}


def test_loading_twice_changes_nothing(db):
    first = plan_load(document=kars_document())
    before = snapshot()
    second = plan_load(document=kars_document())
    assert first.created and not second.created
    assert second.changed == 0
    assert snapshot() == before
    assert Indicator.history.count() == Indicator.objects.count()  # no new history rows


def test_plan_load_creates_the_ten_periods(small_plan):
    labels = [p.label for p in Period.objects.filter(plan=small_plan)]
    assert labels == [f"{y}-H{h}" for y in range(2025, 2030) for h in (1, 2)]


def test_a_broken_row_names_the_problem_and_changes_nothing(small_plan, tmp_path):
    doc = synthetic_document()
    doc["aims"][1]["targets"][0]["indicators"][2]["weight"] = "on iki"
    doc["aims"][0]["title"] = "Değişmiş başlık"  # would be written if loading were not atomic
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = snapshot()
    with pytest.raises(CommandError) as exc:
        call_command("load_plan", str(path))
    message = str(exc.value)
    assert "aims[1].targets[0] (H2.1).indicators[2].weight" in message
    assert "on iki" in message
    assert "değiştirilmedi" in message
    assert snapshot() == before
    assert Aim.objects.get(plan=small_plan, code="A1").title == "Amaç 1"


def test_a_failure_late_in_the_load_rolls_back_everything(small_plan):
    doc = synthetic_document()
    doc["aims"][0]["title"] = "Değişmiş başlık"
    # Valid JSON shape but violates a database rule only the model knows (3 decimals allowed).
    doc["aims"][1]["targets"][1]["indicators"][0]["weight"] = "1.2345"
    with pytest.raises(PlanFormatError) as exc:
        plan_load(document=doc)
    assert "weight" in str(exc.value)
    assert Aim.objects.get(plan=small_plan, code="A1").title == "Amaç 1"


def test_not_json_is_reported(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text("{ not json", encoding="utf-8")
    with pytest.raises(CommandError, match="JSON"):
        call_command("load_plan", str(path))


def test_removing_an_indicator_with_entered_values_is_refused(small_plan, staff_user):
    from indicators.models import Actual

    indicator = Indicator.objects.filter(target__plan=small_plan).order_by("pk").first()
    period = Period.objects.get(plan=small_plan, year=2025, half=1)
    Actual.objects.create(indicator=indicator, period=period, value=5)
    doc = synthetic_document()
    for aim in doc["aims"]:
        for target in aim["targets"]:
            if target["code"] == indicator.target.code:
                target["indicators"] = [
                    i for i in target["indicators"] if i["order"] != indicator.order
                ]
    with pytest.raises(PlanFormatError, match="girilmiş değerler var"):
        plan_load(document=doc)
    assert Indicator.objects.filter(pk=indicator.pk).exists()


def test_cost_totals_are_kept_as_printed(kars_plan):
    doc = kars_document()
    for order, row in enumerate(doc["cost_totals"], start=1):
        if row["total"] is not None:
            stored = CostTotal.objects.get(plan=kars_plan, order=order, year=None)
            assert f"{stored.amount:.2f}" == row["total"]
