"""Expenditure moves to indicators (indicators 0002): only the state is deleted here; the
tables `budget_expenditure` and `budget_historicalexpenditure` stay, owned by indicators."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("budget", "0001_initial"),
        ("indicators", "0002_expenditure_from_budget"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="HistoricalExpenditure"),
                migrations.DeleteModel(name="Expenditure"),
            ],
        ),
    ]
