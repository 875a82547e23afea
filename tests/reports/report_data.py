"""Plausible period data for report tests and the report benchmark (not a test module).

`fill_period` writes, for one (year, half), an Actual for most due indicators with a value
near the plan, explanations and deviation reasons in Turkish, a TargetReview per target, an
Expenditure per target, and one Submission per responsible unit (some approved).
"""

from __future__ import annotations

import io
import random
from decimal import Decimal

import pytest
from pypdf import PdfReader

from budget.models import CostEstimate
from goals.models import Plan, Target
from indicators.models import (
    Actual,
    Expenditure,
    Indicator,
    Period,
    PlannedValue,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from karsplan.lib.numbers import format_tr

TURKISH = "Çalışmalar sürüyor; ğ ü ş ı İ ö ç harfleri doğru görünmeli"


def fill_period(
    plan: Plan,
    year: int,
    half: int,
    *,
    seed: int = 7,
    coverage: float = 0.9,
    approved_share: float = 0.6,
) -> Period:
    """Write a period's data for every target of `plan`; returns the period."""
    rng = random.Random(f"{seed}-{year}-{half}")
    period = Period.objects.get(plan=plan, year=year, half=half)
    targets = list(Target.objects.filter(plan=plan).order_by("order"))
    indicators = list(Indicator.objects.filter(target__plan=plan).order_by("target", "order"))
    planned = {
        (p.indicator_id, p.year): p.value
        for p in PlannedValue.objects.filter(indicator__target__plan=plan)
    }
    costs = {
        (c.target_id, c.year): c.amount for c in CostEstimate.objects.filter(target__plan=plan)
    }
    actuals = []
    for ind in indicators:
        if not ind.is_due_in_half(half) or rng.random() > coverage:
            continue
        base = planned.get((ind.pk, year)) or ind.baseline or Decimal(10)
        factor = Decimal(str(round(rng.uniform(0.45, 1.25), 2)))
        value = base * factor
        if ind.measure == "flow" and ind.monitoring_frequency_months < 12:
            value = value / 2
        value = value.quantize(Decimal("0.01"))
        low = factor < Decimal("0.7")
        actuals.append(
            Actual(
                indicator=ind,
                period=period,
                value=value,
                explanation=f"{ind.code} için dönem verisi girildi. {TURKISH}.",
                deviation_reason=(
                    "Ödenek gecikmesi ve ihale süreçlerindeki uzama nedeniyle hedefin gerisinde "
                    "kalındı."
                    if low
                    else ""
                ),
            )
        )
    Actual.objects.bulk_create(actuals)
    reviews = []
    expenditures = []
    for target in targets:
        reviews.append(
            TargetReview(
                target=target,
                period=period,
                activities_done=f"{target.code} kapsamında planlanan faaliyetler yürütüldü.",
                deviation_reasons="Bazı göstergelerde mevsim koşulları nedeniyle gecikme oldu.",
                corrective_actions="İş programı güncellenecek; yüklenici ile haftalık toplantı "
                "yapılacak.",
                relevance="Hedef, ilçenin ihtiyaçlarıyla ilgilidir.",
                effectiveness="Göstergelerin çoğu beklenen düzeydedir.",
                efficiency="Kaynaklar öngörülen maliyetle kullanıldı.",
                sustainability="Faaliyetler bütçe programında sürdürülecektir.",
            )
        )
        planned_cost = costs.get((target.pk, year))
        if planned_cost:
            share = Decimal(str(round(rng.uniform(0.3, 0.6), 2)))
            expenditures.append(
                Expenditure(
                    target=target, period=period, amount=(planned_cost * share).quantize(Decimal(1))
                )
            )
    TargetReview.objects.bulk_create(reviews)
    Expenditure.objects.bulk_create(expenditures)
    units = sorted({t.responsible_unit_id for t in targets})
    Submission.objects.bulk_create(
        Submission(
            unit_id=unit_id,
            period=period,
            status=(
                SubmissionStatus.APPROVED
                if rng.random() < approved_share
                else SubmissionStatus.SUBMITTED
            ),
        )
        for unit_id in units
    )
    return period


# --- Fixtures and readers shared by the report tests ---------------------------------------
# Import the fixtures by their function names (`filled_plan_fixture`); tests ask for them by
# their fixture names (`filled_plan`).


@pytest.fixture(name="media")
def media_fixture(settings, tmp_path):
    """Report files go to a temporary MEDIA_ROOT."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return settings.MEDIA_ROOT


@pytest.fixture(name="filled_plan")
def filled_plan_fixture(plan: Plan) -> Plan:
    """The small synthetic plan with 2025-H1 and 2025-H2 filled."""
    fill_period(plan, 2025, 1)
    fill_period(plan, 2025, 2)
    return plan


def pdf_pages(content: bytes) -> list[str]:
    """The text of each page of a PDF, as pypdf extracts it."""
    reader = PdfReader(io.BytesIO(content))
    return [page.extract_text() or "" for page in reader.pages]


def tr2(figure: str | None) -> str:
    """An export figure ("1234.50") as the report prints it ("1.234,50")."""
    assert figure is not None
    return format_tr(Decimal(figure), places=2)


@pytest.fixture(name="eager")
def eager_fixture(monkeypatch):
    """Celery runs tasks in-process, even where REDIS_URL is set (CI): page tests need no
    worker."""
    from karsplan.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
