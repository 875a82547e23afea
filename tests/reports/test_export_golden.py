"""`export_results` is byte-for-byte what it was before the restructure (issue 10).

The files in tests/golden/ were written by `make run`'s steps (load_plan, load_demo) and
`export_results --year 2025 --period H1|H2 [--approved-only]` on main before the code was
moved between apps, and regenerated for issue 11 (progress, missing_periods, no_data_reason;
the completeness rule, which changes the H2 approved-only figures: see that commit's message).
A refactor that changes any figure, key or order fails here. After a change on purpose,
`KARSPLAN_WRITE_GOLDEN=1 pytest tests/reports/test_export_golden.py` rewrites the files; say in
the commit message why each figure changed.

The demo follows the calendar (issue 15): the clock stands in February 2026, when 2025-H1 is
done and 2025-H2 is the open period, the demo the files were written from.
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.test import override_settings

from tests.module_db import module_transaction

GOLDEN = Path(__file__).resolve().parent.parent / "golden"


@pytest.fixture(scope="module")
def demo_database(django_db_setup, django_db_blocker):
    """`make run`'s database, built once for the module's four exports (which only read)."""
    with (
        override_settings(DEMO=True),
        module_transaction(django_db_blocker),
        time_machine.travel("2026-02-15 12:00 +03:00", tick=False),
    ):
        call_command("load_plan", stdout=io.StringIO())
        call_command("load_demo", stdout=io.StringIO())
        yield


@pytest.mark.parametrize(
    ("half", "approved_only", "golden"),
    [
        ("H1", False, "export_results_2025_H1.json"),
        ("H2", False, "export_results_2025_H2.json"),
        ("H1", True, "export_results_2025_H1_approved.json"),
        ("H2", True, "export_results_2025_H2_approved.json"),
    ],
)
def test_export_results_unchanged(demo_database, db, half, approved_only, golden):
    out = io.StringIO()
    args = ["export_results", "--year", "2025", "--period", half]
    if approved_only:
        args.append("--approved-only")
    call_command(*args, stdout=out)
    if os.environ.get("KARSPLAN_WRITE_GOLDEN") == "1":  # regenerate on purpose, then explain why
        (GOLDEN / golden).write_text(out.getvalue(), encoding="utf-8")
    assert out.getvalue() == (GOLDEN / golden).read_text(encoding="utf-8")
