"""Fixtures of the entry and review tests (tests/indicators, tests/budget)."""

from __future__ import annotations

import pytest
import time_machine

from goals.models import Plan, Target, Unit
from indicators.models import Indicator, Period
from tests.indicators.entry_support import IN_H1_WINDOW


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users log in with a password: hash it cheaply."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def h1_window():
    """Freeze the clock inside 2025-H1's entry window."""
    with time_machine.travel(IN_H1_WINDOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def period(plan: Plan) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=1)


@pytest.fixture
def h2(plan: Plan) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=2)


@pytest.fixture
def unit(target: Target) -> Unit:
    return target.responsible_unit


@pytest.fixture
def indicators(target: Target) -> list[Indicator]:
    """H1.1's indicators: #1 and #2 are levels in % (A = 20, B2025 = 40), #3 a flow in Adet
    (no baseline, B2025 = 30)."""
    return list(target.indicators.order_by("order"))
