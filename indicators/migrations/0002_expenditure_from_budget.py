"""Expenditure moves from budget to indicators; its tables keep their names.

Only the migration state moves (budget 0002 deletes the models from its state); the tables
`budget_expenditure` and `budget_historicalexpenditure` are left as they are. The content
types follow, so that permissions granted on expenditures are kept.
"""

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


def move_content_types(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("expenditure", "historicalexpenditure"):
        if not ContentType.objects.using(db).filter(app_label="indicators", model=model).exists():
            ContentType.objects.using(db).filter(app_label="budget", model=model).update(
                app_label="indicators"
            )


def move_content_types_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    for model in ("expenditure", "historicalexpenditure"):
        if not ContentType.objects.using(db).filter(app_label="budget", model=model).exists():
            ContentType.objects.using(db).filter(app_label="indicators", model=model).update(
                app_label="budget"
            )


class Migration(migrations.Migration):

    dependencies = [
        ('goals', '0003_plan_ordering_newest'),
        ('indicators', '0001_initial'),
        ('budget', '0001_initial'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
            migrations.CreateModel(
                name='HistoricalExpenditure',
                fields=[
                    ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (TL)')),
                    ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                    ('updated_at', models.DateTimeField(blank=True, editable=False, verbose_name='updated at')),
                    ('history_id', models.AutoField(primary_key=True, serialize=False)),
                    ('history_date', models.DateTimeField(db_index=True)),
                    ('history_change_reason', models.CharField(max_length=100, null=True)),
                    ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                    ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ('period', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='indicators.period', verbose_name='period')),
                    ('target', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='goals.target', verbose_name='target')),
                    ('updated_by', models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                ],
                options={
                    'verbose_name': 'historical expenditure',
                    'verbose_name_plural': 'historical expenditures',
                    'db_table': 'budget_historicalexpenditure',
                    'ordering': ('-history_date', '-history_id'),
                    'get_latest_by': ('history_date', 'history_id'),
                },
                bases=(simple_history.models.HistoricalChanges, models.Model),
            ),
            migrations.CreateModel(
                name='Expenditure',
                fields=[
                    ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                    ('amount', models.DecimalField(decimal_places=2, max_digits=18, verbose_name='amount (TL)')),
                    ('version', models.PositiveIntegerField(default=1, verbose_name='version')),
                    ('updated_at', models.DateTimeField(auto_now=True, verbose_name='updated at')),
                    ('period', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='expenditures', to='indicators.period', verbose_name='period')),
                    ('target', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='expenditures', to='goals.target', verbose_name='target')),
                    ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='updated by')),
                ],
                options={
                    'verbose_name': 'expenditure',
                    'verbose_name_plural': 'expenditures',
                    'db_table': 'budget_expenditure',
                    'ordering': ['period', 'target'],
                    'constraints': [models.UniqueConstraint(fields=('target', 'period'), name='expenditure_unique'), models.CheckConstraint(condition=models.Q(('amount__gte', 0)), name='expenditure_non_negative')],
                },
            ),
            ],
        ),
        migrations.RunPython(move_content_types, move_content_types_back),
    ]
