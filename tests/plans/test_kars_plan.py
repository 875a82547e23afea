"""The Kars 2025–2029 plan as loaded: counts, weights and costs as printed in the source.

Counts and sums below are read from the plan's own text (see fixtures/README.md for the
line numbers). Where the seed text is available (../shared/seed in a checkout and in CI),
the yearly costs are also checked against Tablo 24 parsed straight from it.
"""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Count, Sum

from budget.models import CostEstimate, CostTotal
from goals.models import Aim, Plan, Target, Unit
from indicators.models import Direction, Indicator, KeyPerformanceIndicator, Measure

SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / "000_6976c8b3e44195f5.txt"

INDICATORS_PER_TARGET = {
    "H1.1": 12,
    "H1.2": 4,
    "H1.3": 5,
    "H1.4": 6,
    "H1.5": 18,
    "H1.6": 4,
    "H1.7": 5,
    "H2.1": 1,
    "H2.2": 5,
    "H3.1": 2,
    "H3.2": 1,
    "H3.3": 4,
    "H4.1": 3,
    "H4.2": 6,
    "H4.3": 7,
    "H4.4": 3,
    "H4.5": 1,
    "H5.1": 5,
    "H5.2": 10,
    "H5.3": 14,
    "H6.1": 4,
    "H6.2": 1,
    "H6.3": 9,
    "H7.1": 11,
    "H7.2": 4,
    "H7.3": 16,
    "H7.4": 4,
    "H8.1": 8,
    "H8.2": 7,
    "H8.3": 4,
}

# Σ of the printed weights per target (the cards all print "TOPLAM 100"); the rest sum to 100.
WEIGHT_SUMS_NOT_100 = {
    "H1.2": "99.99",
    "H1.3": "99.89",
    "H1.4": "97.96",
    "H1.5": "99.91",
    "H1.6": "0.10",
    "H2.2": "99.98",
    "H3.3": "99.98",
    "H4.1": "99.85",
    "H4.3": "99.99",
    "H4.4": "99.99",
    "H5.2": "99.94",
    "H5.3": "200.00",
    "H6.1": "99.97",
    "H6.3": "43.926",
    "H7.1": "199.98",
    "H7.2": "99.99",
    "H7.3": "200.00",
    "H8.1": "99.97",
}
TWO_CARD_TARGETS = {"H5.3", "H7.1", "H7.3"}


@pytest.fixture
def plan(kars_plan_pk, db):
    """The Kars plan, loaded once for the module (its tests only read it)."""
    return Plan.objects.get(pk=kars_plan_pk)


def test_counts_found_in_the_source(plan):
    assert Aim.objects.filter(plan=plan).count() == 8
    assert list(Aim.objects.filter(plan=plan).values_list("code", flat=True)) == [
        f"A{i}" for i in range(1, 9)
    ]
    # The plan says "8 amaç ve 29 hedef"; the cards, section 5.2 and Tablo 23 have 30.
    codes = list(Target.objects.filter(plan=plan).values_list("code", flat=True))
    assert len(codes) == len(set(codes)) == 30
    assert set(codes) == set(INDICATORS_PER_TARGET)
    assert Indicator.objects.filter(target__plan=plan).count() == 184
    counts = dict(
        Target.objects.filter(plan=plan).annotate(n=Count("indicators")).values_list("code", "n")
    )
    assert counts == INDICATORS_PER_TARGET
    assert KeyPerformanceIndicator.objects.filter(plan=plan).count() == 16


def test_targets_belong_to_the_aim_of_their_code(plan):
    for target in Target.objects.filter(plan=plan).select_related("aim"):
        assert target.aim.code == "A" + target.code[1:].split(".")[0]


def test_each_target_has_exactly_one_responsible_unit(plan):
    for target in Target.objects.filter(plan=plan).select_related("responsible_unit"):
        assert isinstance(target.responsible_unit, Unit)
    # A foreign key cannot hold two: the check that matters is that none is missing or
    # a placeholder such as "Tüm Birimler".
    assert not Unit.objects.filter(name__icontains="tüm birim").exists()


def test_weight_sums_are_as_printed(plan):
    sums = dict(
        Target.objects.filter(plan=plan)
        .annotate(total=Sum("indicators__weight"))
        .values_list("code", "total")
    )
    for code, total in sums.items():
        expected = Decimal(WEIGHT_SUMS_NOT_100.get(code, "100"))
        assert total == expected, code


def test_two_card_targets_keep_their_cards(plan):
    cards = dict(
        Target.objects.filter(plan=plan)
        .annotate(n=Count("indicators__card", distinct=True))
        .values_list("code", "n")
    )
    assert {code for code, n in cards.items() if n == 2} == TWO_CARD_TARGETS


def test_every_indicator_has_measure_direction_and_frequencies(plan):
    indicators = Indicator.objects.filter(target__plan=plan)
    assert not indicators.exclude(measure__in=Measure.values).exists()
    assert not indicators.exclude(direction__in=Direction.values).exists()
    assert not indicators.exclude(monitoring_frequency_months__in=(6, 12)).exists()
    assert indicators.filter(direction=Direction.DECREASE).count() >= 1
    assert indicators.filter(measure=Measure.FLOW).count() >= 1


def test_h74_is_missing_from_tablo_24_and_has_no_yearly_costs(plan):
    assert not CostEstimate.objects.filter(target__plan=plan, target__code="H7.4").exists()
    assert Target.objects.get(plan=plan, code="H7.4").source_notes


def test_yearly_costs_of_29_targets(plan):
    assert CostEstimate.objects.filter(target__plan=plan).count() == 29 * 5
    h11 = dict(CostEstimate.objects.filter(target__code="H1.1").values_list("year", "amount"))
    assert h11 == {
        2025: Decimal("850000"),
        2026: Decimal("900000"),
        2027: Decimal("900000"),
        2028: Decimal("1000000"),
        2029: Decimal("503238"),
    }


def _tr(number: str) -> Decimal:
    return Decimal(number.replace(".", "").replace(",", "."))


@pytest.mark.skipif(not SEED.exists(), reason=f"seed text not found at {SEED}")
def test_yearly_cost_rows_equal_tablo_24_in_the_seed(plan):
    text = SEED.read_text(encoding="utf-8")
    table = text[text.index("AMAÇ 1 34.408.558") : text.index("Tablo 24: Maliyetlendirme")]
    rows = re.findall(
        r"^\s*Hedef (\d+\.\d+)\. ([\d.,]+) ([\d.,]+) ([\d.,]+) ([\d.,]+) ([\d.,]+) ([\d.,]+)",
        table,
        re.MULTILINE,
    )
    assert len(rows) == 29
    stored = {}
    for c in CostEstimate.objects.filter(target__plan=plan).select_related("target"):
        stored.setdefault(c.target.code, {})[c.year] = c.amount
    for code, _total, *years in rows:
        assert stored[f"H{code}"] == {2025 + k: _tr(v) for k, v in enumerate(years)}, code
    aim_rows = re.findall(r"AMAÇ (\d) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+)", table)
    assert len(aim_rows) == 8
    for number, total, *years in aim_rows:
        row = CostTotal.objects.get(plan=plan, aim__code=f"A{number}", year=None)
        assert row.amount == _tr(total)
        for k, v in enumerate(years):
            assert CostTotal.objects.get(
                plan=plan, aim__code=f"A{number}", year=2025 + k
            ).amount == _tr(v)


def test_the_printed_grand_total_is_kept_although_it_does_not_add_up(plan):
    grand = CostTotal.objects.filter(plan=plan, label__icontains="genel toplam", year=None).get()
    assert grand.amount == Decimal("4086456169")
    by_year = CostTotal.objects.filter(plan=plan, order=grand.order, year__isnull=False)
    assert sum(r.amount for r in by_year) == Decimal("5832815391")


def test_mission_vision_and_core_values(plan):
    assert plan.mission.startswith("Ekonomik, sosyal ve çevresel")
    assert "planlı, sağlıklı" in plan.vision
    assert plan.core_values[0] == "Katılımcılık"
    assert len(plan.core_values) == 7


def test_committed_fixture_is_what_the_build_script_makes():
    import subprocess
    import sys

    if not SEED.exists():
        pytest.skip(f"seed text not found at {SEED}")
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "fixtures/build_kars.py", str(SEED), "--check"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
