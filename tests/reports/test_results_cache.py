"""The results cache (reports/results/cache.py, goals/data_version.py): figures computed once
per data version, never older than the last committed write, whatever the write path.

These tests commit (`transaction=True`): the cache is bypassed inside a transaction that has
written the plan, as pytest's usual per-test transaction is. They pass with the local-memory
cache and with Redis (CI sets REDIS_URL).
"""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budget.models import CostEstimate
from goals import data_version
from goals.models import Plan, Unit
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Actual, Indicator, PlannedValue, Submission, SubmissionStatus
from indicators.services.expenditures import EXPENDITURE, AmountRow
from plans.loading import plan_load
from reports.results import (
    compute_results,
    load_results_inputs,
    plan_results,
    plan_results_series,
    results_to_json,
)
from reports.results.cache import clear_memo
from tests.conftest import logged_in
from tests.indicators.entry_support import IN_H1_WINDOW
from tests.indicators.spreadsheet_support import xlsx
from tests.plan_documents import synthetic_document

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _fresh_memo():
    clear_memo()
    yield
    clear_memo()


def figures(plan: Plan, half: int = 1, approved_only: bool = False) -> dict:
    return results_to_json(plan_results(plan, 2025, half, approved_only))


def truth(plan: Plan, half: int = 1, approved_only: bool = False) -> dict:
    """The figures computed from the database now, without the cache."""
    inputs = load_results_inputs(plan, 2025, half, approved_only)
    return results_to_json(compute_results(inputs, 2025, half))


def queries_of(func) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        value = func()
    return len(ctx.captured_queries), value


def version(plan: Plan) -> str:
    return data_version.plan_data_version(plan.pk)


def enter(unit, period, user, rows, **kwargs):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        result = services.entries_save(
            user=user, unit=unit, period=period, rows=rows, confirm_warnings=True, **kwargs
        )
    assert result.saved
    return result


@pytest.fixture
def entered(plan, unit, period, staff_user, indicators):
    """2025-H1 values for H1.1's three indicators, saved through the entry service, and
    the figures cached."""
    enter(
        unit,
        period,
        staff_user,
        [
            EntryRow(indicator_id=indicators[0].pk, value=Decimal(40), explanation="x"),
            EntryRow(
                indicator_id=indicators[1].pk,
                value=Decimal(30),
                explanation="x",
                deviation_reason="neden",
            ),
            EntryRow(indicator_id=indicators[2].pk, value=Decimal(15), explanation="x"),
        ],
    )
    figures(plan)
    return plan


def test_a_second_read_is_served_from_the_cache_in_one_query(entered):
    first = figures(entered)
    count, second = queries_of(lambda: figures(entered))
    assert count == 1  # the data version; no load, no computation
    assert second == first == truth(entered)


def test_the_shared_cache_serves_another_process(entered):
    first = figures(entered)
    clear_memo()  # a process that has not computed the figures itself
    count, second = queries_of(lambda: figures(entered))
    assert count == 1
    assert second == first


def test_a_save_changes_the_figures_on_the_very_next_request(
    entered, client, strategy_user, indicators
):
    url = reverse("reports:overview", args=[entered.pk]) + "?year=2025&period=H1"
    page = logged_in(strategy_user, client)
    before = page.get(url).content.decode()
    cached = figures(entered)
    actual = Actual.objects.get(indicator=indicators[2])
    actual.value = Decimal(3)  # 3 of 15 expected at H1: far lower
    actual.save()
    after = page.get(url).content.decode()
    assert before != after
    assert figures(entered) == truth(entered) != cached


def test_a_rollback_does_not_bump_the_version_nor_change_the_figures(entered, indicators):
    before, cached = version(entered), figures(entered)
    with pytest.raises(RuntimeError), transaction.atomic():
        Actual.objects.filter(indicator=indicators[0]).update(value=Decimal(1))
        data_version.bump([entered.pk])
        actual = Actual.objects.get(indicator=indicators[1])
        actual.value = Decimal(1)
        actual.save()
        raise RuntimeError("the write fails")
    assert version(entered) == before
    count, again = queries_of(lambda: figures(entered))
    assert count == 1 and again == cached == truth(entered)


def test_a_savepoint_rolled_back_leaves_no_bump_behind(entered, indicators):
    before = version(entered)
    with transaction.atomic():
        try:
            with transaction.atomic():
                actual = Actual.objects.get(indicator=indicators[1])
                actual.value = Decimal(1)
                actual.save()
                assert data_version.written_in_transaction(entered.pk)
                raise RuntimeError
        except RuntimeError:
            pass
        assert not data_version.written_in_transaction(entered.pk)
    assert version(entered) == before


def test_a_transaction_that_wrote_reads_its_own_figures_and_caches_none(entered, indicators):
    cached = figures(entered)
    with pytest.raises(RuntimeError), transaction.atomic():
        actual = Actual.objects.get(indicator=indicators[2])
        actual.value = Decimal(3)
        actual.save()
        inside = figures(entered)
        assert inside == truth(entered) != cached
        raise RuntimeError
    assert figures(entered) == cached == truth(entered)


def test_many_writes_in_one_transaction_bump_once(entered, indicators):
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        for k, ind in enumerate(indicators):
            actual = Actual.objects.get(indicator=ind)
            actual.value += k + 1
            actual.save()
    bumps = [q for q in ctx.captured_queries if 'UPDATE "goals_plan"' in q["sql"]]
    assert len(bumps) == 1


# One test per write path: the version moves and the next read shows the new figures. -------


def check_invalidated(plan: Plan, write, half: int = 1, approved_only: bool = False) -> None:
    before_version = version(plan)
    before = figures(plan, half, approved_only)
    write()
    assert version(plan) != before_version
    after = figures(plan, half, approved_only)
    assert after == truth(plan, half, approved_only)
    return before, after


def test_entries_saved_through_the_entry_service(entered, unit, period, staff_user, indicators):
    before, after = check_invalidated(
        entered,
        lambda: enter(
            unit, period, staff_user, [EntryRow(indicator_id=indicators[2].pk, value=Decimal(2))]
        ),
    )
    assert before != after


def test_expenditures_saved_through_the_entry_service(entered, unit, period, staff_user, target):
    amounts = {EXPENDITURE: [AmountRow(target_id=target.pk, amount=Decimal(12345))]}
    before, after = check_invalidated(
        entered, lambda: enter(unit, period, staff_user, [], amounts=amounts)
    )
    assert before != after


def test_a_target_review_saved_through_the_entry_service(entered, unit, period, staff_user, target):
    review = {"target_id": target.pk, "activities_done": "Yapıldı", "corrective_actions": "Yok"}
    check_invalidated(entered, lambda: enter(unit, period, staff_user, [], reviews=[review]))


def test_the_workflow_approving_a_submission(entered, unit, period, staff_user, strategy_user):
    submission = enter(unit, period, staff_user, [], submit=True).submission
    figures(entered, approved_only=True)
    before, after = check_invalidated(
        entered,
        lambda: services.submission_approve(user=strategy_user, submission=submission),
        approved_only=True,
    )
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.APPROVED
    assert before != after


def test_a_spreadsheet_import(entered, staff_user, tmp_path):
    path = tmp_path / "veri.xlsx"
    path.write_bytes(xlsx([["H1.1", 3, None, None, None, None, "2025-H1", 2, "x", "y"]]))

    def write():
        with time_machine.travel(dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC), tick=False):
            call_command("import_actuals", str(path), "--user", "birim")

    before, after = check_invalidated(entered, write)
    assert before != after


def test_a_plan_load_that_changes_a_planned_value(entered):
    document = copy.deepcopy(synthetic_document())
    document["aims"][0]["targets"][0]["indicators"][2]["planned_values"]["2025"] = "300.00"
    before, after = check_invalidated(entered, lambda: plan_load(document=document))
    assert before != after


def test_an_admin_edit_of_a_planned_value(entered, indicators, superuser):
    planned = PlannedValue.objects.get(indicator=indicators[2], year=2025)
    url = reverse("admin:indicators_plannedvalue_change", args=[planned.pk])
    admin = logged_in(superuser)
    form = {"indicator": indicators[2].pk, "year": 2025, "value": "300"}

    def write():
        response = admin.post(url, form)
        assert response.status_code == 302, response.content.decode()[:2000]

    before, after = check_invalidated(entered, write)
    assert before != after


@pytest.mark.parametrize(
    ("field", "value"), [("weight", Decimal(90)), ("baseline", Decimal(35))], ids=str
)
def test_an_edit_of_an_indicator_weight_or_baseline(entered, indicators, field, value):
    def write():
        indicator = Indicator.objects.get(pk=indicators[0].pk)
        setattr(indicator, field, value)
        indicator.save()

    before, after = check_invalidated(entered, write)
    assert before != after


def test_a_cost_estimate(entered, target):
    def write():
        CostEstimate.objects.update_or_create(
            target=target, year=2025, defaults={"amount": Decimal(777)}
        )

    before, after = check_invalidated(entered, write)
    assert before != after


def test_a_deleted_value(entered, indicators):
    before, after = check_invalidated(
        entered, lambda: Actual.objects.get(indicator=indicators[2]).delete()
    )
    assert before != after


def test_a_renamed_unit_bumps_every_plan(entered, unit):
    other = plan_load(document=synthetic_document(name="Başka Plan")).plan
    versions = (version(entered), version(other))

    def write():
        unit.name = "Yeni Ad Müdürlüğü"
        unit.save()

    check_invalidated(entered, write)
    assert version(other) != versions[1]
    assert Unit.objects.filter(name="Yeni Ad Müdürlüğü").exists()


def test_a_write_to_one_plan_leaves_another_plans_cache_alone(entered, indicators):
    other = plan_load(document=synthetic_document(name="Başka Plan")).plan
    figures(other)
    kept = version(other)
    actual = Actual.objects.get(indicator=indicators[2])
    actual.value = Decimal(2)
    actual.save()
    assert version(other) == kept
    assert queries_of(lambda: figures(other))[0] == 1


# The series -------------------------------------------------------------------------------


def test_the_series_reuses_the_cached_results_of_earlier_periods(entered):
    h1 = plan_results(entered, 2025, 1)
    count, series = queries_of(lambda: plan_results_series(entered, 2025, 2))
    assert series[0] is h1  # not recomputed
    assert count > 1  # H2 was missing: loaded once
    count, again = queries_of(lambda: plan_results_series(entered, 2025, 2))
    assert count == 1 and again[1] is series[1]


def test_a_narrowed_series_equals_the_part_loaded_alone(entered, target):
    for scope in ({"aim": target.aim}, {"target": target}):
        narrowed = plan_results_series(entered, 2025, 2, **scope)
        for results in narrowed:
            inputs = load_results_inputs(entered, results.year, results.half, **scope)
            alone = compute_results(inputs, results.year, results.half)
            assert results_to_json(results) == results_to_json(alone)


def test_other_computation_settings_are_another_entry(entered, settings):
    cached = figures(entered)
    settings.KARSPLAN = {**settings.KARSPLAN, "CLAMP": not settings.KARSPLAN["CLAMP"]}
    other = figures(entered)
    assert other["clamp"] != cached["clamp"]
    assert other == truth(entered)


def test_a_cache_that_is_down_is_skipped(entered, settings):
    cached = figures(entered)
    clear_memo()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    assert figures(entered) == cached


def test_a_plan_load_bumps_once_without_looking_up_each_rows_plan(entered):
    document = copy.deepcopy(synthetic_document())
    for aim in document["aims"]:
        for target in aim["targets"]:
            for ind in target["indicators"]:
                ind["planned_values"]["2025"] = "999.00"
    with CaptureQueriesContext(connection) as ctx:
        plan_load(document=document)
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert sum('UPDATE "goals_plan"' in sql for sql in sqls) == 1
    assert not [sql for sql in sqls if 'SELECT "goals_target"."plan_id"' in sql]
    assert figures(entered) == truth(entered)


def test_deleting_many_rows_looks_up_their_plan_once(entered, indicators, period):
    with CaptureQueriesContext(connection) as ctx, transaction.atomic():
        for actual in Actual.objects.filter(period=period):
            actual.delete()
    lookup = 'SELECT "indicators_period"."plan_id"'
    lookups = [q for q in ctx.captured_queries if lookup in q["sql"]]
    assert len(lookups) <= 1
    assert figures(entered) == truth(entered)
