"""Fixtures of the plan loading tests."""

from __future__ import annotations

import pytest

from goals.models import Plan
from tests.module_db import module_transaction
from tests.plan_documents import load_kars_plan


@pytest.fixture
def kars_plan(db) -> Plan:
    """The real Kars 2025–2029 plan from fixtures/, loaded through plan_load (elsewhere the
    tests get the same plan written in bulk: tests/conftest.py)."""
    return load_kars_plan()


@pytest.fixture(scope="module")
def kars_plan_pk(django_db_setup, django_db_blocker) -> int:
    """The Kars plan loaded through plan_load once for a module whose tests only read it."""
    with module_transaction(django_db_blocker):
        yield load_kars_plan().pk
