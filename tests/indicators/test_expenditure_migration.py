"""Expenditure moved from `budget` to `indicators` without touching its tables (issue 10):
a database that holds expenditures, and their history, keeps them across the migration."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("indicators", "0001_initial"),
    ("budget", "0001_initial"),
    ("goals", "0003_plan_ordering_newest"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_expenditures_and_their_history_survive_the_move():
    old = _migrate(BEFORE)
    plan = old.get_model("goals", "Plan").objects.create(
        institution="Kars Belediyesi", name="Göç planı", start_year=2025, end_year=2029
    )
    unit = old.get_model("goals", "Unit").objects.create(name="Fen İşleri Müdürlüğü")
    aim = old.get_model("goals", "Aim").objects.create(plan=plan, code="A1", order=1, title="A")
    target = old.get_model("goals", "Target").objects.create(
        plan=plan, aim=aim, code="H1.1", order=1, title="H", responsible_unit=unit
    )
    period = old.get_model("indicators", "Period").objects.create(
        plan=plan,
        year=2025,
        half=1,
        opens_on=dt.date(2025, 7, 1),
        deadline=dt.date(2025, 7, 15),
    )
    old.get_model("budget", "Expenditure").objects.create(
        target=target, period=period, amount=Decimal("1250.50"), version=3
    )
    old.get_model("budget", "HistoricalExpenditure").objects.create(
        id=1,
        target_id=target.pk,
        period_id=period.pk,
        amount=Decimal("1250.50"),
        version=3,
        updated_at=dt.datetime(2025, 7, 2, tzinfo=dt.UTC),
        history_date=dt.datetime(2025, 7, 2, tzinfo=dt.UTC),
        history_type="+",
    )

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    from indicators.models import Expenditure

    moved = Expenditure.objects.get(target_id=target.pk, period_id=period.pk)
    assert moved.amount == Decimal("1250.50") and moved.version == 3
    assert Expenditure.history.filter(target_id=target.pk).count() == 1
