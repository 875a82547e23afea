"""Fixtures of the plan loading tests."""

from __future__ import annotations

import pytest

from goals.models import Plan
from tests.plan_documents import load_kars_plan


@pytest.fixture
def kars_plan(db) -> Plan:
    """The real Kars 2025–2029 plan from fixtures/, loaded through plan_load (elsewhere the
    tests get the same plan written in bulk: tests/conftest.py)."""
    return load_kars_plan()
