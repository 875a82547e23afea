"""One rule for "late" (indicators.lateness): the review list, the home panels and the units
dashboard read a unit the same way."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from indicators import services
from indicators.entry_rules import EntryRow
from indicators.lateness import is_late
from indicators.selectors import home_panels, submission_rows
from tests.indicators.entry_support import AFTER_H1_DEADLINE, IN_H1_WINDOW, IST, logged_in

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2025, 7, 15)


def test_the_rule():
    on_time = dt.datetime(2025, 7, 10, 9, tzinfo=IST)
    after = dt.datetime(2025, 7, 16, 9, tzinfo=IST)
    today = dt.date(2025, 8, 1)
    assert not is_late(deadline=DEADLINE, first_submitted=on_time, status="returned", today=today)
    assert is_late(deadline=DEADLINE, first_submitted=after, status="approved", today=today)
    assert is_late(deadline=DEADLINE, first_submitted=None, status=None, today=today)
    assert is_late(deadline=DEADLINE, first_submitted=None, status="draft", today=today)
    assert not is_late(deadline=DEADLINE, first_submitted=None, status=None, today=DEADLINE)


def _unit_cell(strategy_user, plan, unit):
    response = logged_in(strategy_user).get(
        reverse("reports:units", args=[plan.pk]) + "?year=2025&period=H1"
    )
    [cells] = [cells for u, cells in response.context["rows"] if u == unit]
    return cells[0]


@pytest.mark.parametrize("resubmit", [False, True])
def test_submitted_on_time_and_returned_after_the_deadline_is_not_late_anywhere(
    staff_user, strategy_user, unit, period, indicators, plan, resubmit
):
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = services.entries_save(
            user=staff_user,
            unit=unit,
            period=period,
            submit=True,
            rows=[
                EntryRow(indicator_id=i.pk, value=v)
                for i, v in zip(indicators, ("40", "39", "15"), strict=True)
            ],
        ).submission
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        services.submission_return(user=strategy_user, submission=submission, reason="Düzeltin")
        if resubmit:  # overwrites submitted_at with a time after the deadline
            services.submission_submit(user=staff_user, unit=unit, period=period)
        today = AFTER_H1_DEADLINE.date()
        # The review list.
        [row] = [
            r for r in submission_rows(plan=plan, periods=[period], today=today) if r.unit == unit
        ]
        assert not row.late
        # The home panels: the strategy office's late units, the unit's own tasks.
        panels = home_panels(strategy_user, plan, today)
        assert panels.late and unit not in [r.unit for r in panels.late]
        assert "late" not in [t.task for t in home_panels(staff_user, plan, today).tasks]
        # The units dashboard.
        assert not _unit_cell(strategy_user, plan, unit).late


def test_never_submitted_after_the_deadline_is_late_everywhere(
    staff_user, strategy_user, unit, period, plan
):
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        today = AFTER_H1_DEADLINE.date()
        [row] = [
            r for r in submission_rows(plan=plan, periods=[period], today=today) if r.unit == unit
        ]
        assert row.late
        assert unit in [r.unit for r in home_panels(strategy_user, plan, today).late]
        assert _unit_cell(strategy_user, plan, unit).late


def test_a_draft_in_a_period_closed_by_hand_is_late_for_the_unit_only_after_the_deadline(
    staff_user, strategy_user, unit, period, indicators, plan
):
    """The unit's home panel reads lateness by the rule, not by the entry state ("closed" is not
    "locked"): closed before its deadline, a draft is not late until the deadline passes."""
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        services.entries_save(
            user=staff_user,
            unit=unit,
            period=period,
            submit=False,
            rows=[EntryRow(indicator_id=indicators[0].pk, value="40")],
        )
        services.period_close(user=strategy_user, period=period)
        today = IN_H1_WINDOW.date()
        tasks = [t for t in home_panels(staff_user, plan, today).tasks if t.period == period]
        assert [t.task for t in tasks] == []
    with time_machine.travel(AFTER_H1_DEADLINE, tick=False):
        today = AFTER_H1_DEADLINE.date()
        [task] = [t for t in home_panels(staff_user, plan, today).tasks if t.period == period]
        assert (task.state.code, task.task) == ("closed", "late")
        [row] = [
            r for r in submission_rows(plan=plan, periods=[period], today=today) if r.unit == unit
        ]
        assert row.late
