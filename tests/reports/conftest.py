"""Fixtures of the report tests."""

from __future__ import annotations

import pytest

from goals.models import Plan
from tests.reports.results_audit_support import build_audit_plan


@pytest.fixture
def audit_plan(kars_plan: Plan) -> Plan:
    """The Kars plan with the 2025 scenario of tests/reports/results_audit_support.py."""
    return build_audit_plan(kars_plan)
