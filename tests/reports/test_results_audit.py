"""An independent audit of `export_results` on the real Kars plan (DESIGN.md §5).

A varied set of 2025 actuals is entered straight into the database (no service, no form), then
`export_results` runs and every figure is compared with arithmetic written out here from
DESIGN.md §5. The arithmetic uses exact fractions (`Fraction`), not the code under test, and
rounds half up to two places only at the end, as the export must.

The scenario (weights, planned values B and monitoring frequencies as printed in the Kars plan,
2025; measure and direction are set by the scenario, as the strategy office may in the admin,
so that the fixture's own reading of them can change without touching this audit):

    H1.1 Mali Hizmetler (H2 approved)
      #1 level ↑  w 3.61  B 20            H2 2.469     → 12.345 (a tie: "12.35")
      #2 level ↑  w 6.26  B 25            H2 13.75     → 55 exactly (düşük)
      #3 level ↑  w 6.62  B 25            H2 24.999    → 99.996: shown "100.00", but iyi
    H1.3 Hukuk İşleri (H1 and H2 approved), cost 600,000, spent 150,000 in H2
      #1 average ↓ w 0    A 800 (set)  B 600   H1 720, H2 640
      #2 level ↑  w 45.63 B 70            H1 49, H2 63   (H1: 70 exactly, orta)
      #3 level ↑  w 45.63 B 100           nothing        (coverage below 100)
      #4 level ↑  w 0     A 50 (set) B 100   H2 40         (below A: −20, shown raw)
      #5 level ↑  w 8.63  A 100 (set) = B 100   H2 105   (B = A: 100, not 105)
    H1.4 Destek Hizmetleri (H1 submitted, H2 approved)
      #1 flow ↑   w 11.78 A 50 (set) B 83   H1 40, H2 43   (a flow ignores A)
      #4 flow ↑   w 2.84  B 100, 12 months      H2 90    (dönem dışı at H1)
    H1.6 Yazı İşleri (nothing approved): the weighted #1 (w 0.10) has no value
      #2 average ↓ w 0    B 200           H1 250, H2 150
      #3 flow ↑   w 0     B 50            H1 10, H2 20
      #4 flow ↑   w 0     B 50            H2 80         (160 raw, 100 in the sum)
    H1.7 İşletme ve İştirakler (H1 approved, H2 submitted), cost 55,000, spent 20,000 + 24,000
      #1 level ↑  w 5     A 2 (set)  B 10   H1 6, H2 8.8  (H2: 85 exactly, iyi)
      #2 flow ↑   w 15    B 1             H2 1
      #4 level ↓  w 80    B 4             H1 5, H2 3.2  (B / C: 80, then 125)
      #5 flow ↑   w 0     B 5             H2 7
    H5.1 Park ve Bahçeler (no submission): only the two indicators without a weight have values
      #3 flow ↑   w —     B 6000          H2 3000
      #5 flow ↑   w —     B 1000          H1 400, H2 500
    H5.2 Zabıta (H1 returned, H2 draft)
      #9 flow ↓   w 19.73 B 100           H1 60, H2 65
      #10 flow ↑  w 0.65  B 0 (set)       H2 3          (B = 0: 100)
    H6.3 Veteriner İşleri (H2 approved)
      #4 flow ↓   w 0     B 800           H2 0          (C = 0: 100)
    H7.1 İmar ve Şehircilik (nothing approved)
      #1 level ↑  w 84.21 no B in 2025    H2 999        (hedef yok: weight left out)
      #6 level ↑  w 84.21 B 25            H2 20
    H7.4 Yapı Kontrol (H2 approved): no cost estimate, spent 5,000 in H2
    H8.3 Su ve Kanalizasyon (H1 approved), cost 16,000,000, spent 4,000,000 + 4,000,000
      #1 flow ↑   w 82.15 B 12            H1 5, H2 4
      #2 level ↑  w 8.61  B 100           H1 95 only    (its H1 value stays C at H2)
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.management import call_command

from goals.models import Plan
from indicators.models import Actual, Expenditure, Indicator, Period, PlannedValue, Submission

F = Fraction
APPROVED, SUBMITTED, RETURNED, DRAFT = "approved", "submitted", "returned", "draft"

# Σ weights of the indicators evaluated in 2025 (a B for 2025), as printed in the plan.
EVALUATED_H2 = {
    "H1.1": F("100.00"),
    "H1.3": F("99.89"),
    "H1.4": F("97.96"),
    "H1.6": F("0.10"),
    "H1.7": F("100.00"),
    "H5.1": F("100.00"),
    "H5.2": F("99.94"),
    "H6.3": F("43.926"),
    "H7.1": F("102.93"),
    "H8.3": F("100.00"),
}
# At H1 the 12-month indicators are not due: H1.4 loses #4 (w 2.84).
EVALUATED_H1 = {**EVALUATED_H2, "H1.4": F("95.12")}
# Targets with at least one evaluated indicator: 28 of 30 in 2025 (H4.5 and H6.2 have no B);
# at H1 also not H3.1, H4.1 and H4.2, whose indicators are all monitored every 12 months.
TARGETS_WITH_COVERAGE = {2: 28, 1: 25}


def test_the_evaluated_weights_written_above_are_the_plans(kars_plan):
    """EVALUATED_* and TARGETS_WITH_COVERAGE are read off the printed plan; check them."""
    for half, evaluated in ((2, EVALUATED_H2), (1, EVALUATED_H1)):
        due = [6] if half == 1 else [6, 12]
        sums: dict[str, Fraction] = {}
        for pv in PlannedValue.objects.filter(
            indicator__target__plan=kars_plan,
            year=2025,
            indicator__monitoring_frequency_months__in=due,
        ).select_related("indicator__target"):
            code = pv.indicator.target.code
            sums[code] = sums.get(code, F(0)) + F(pv.indicator.weight or 0)
        assert {code: sums[code] for code in evaluated} == evaluated
        assert len(sums) == TARGETS_WITH_COVERAGE[half]


# --- Exact arithmetic and the export's rounding ---------------------------------------------


def fmt(x: Fraction | int | None) -> str | None:
    """`x` rounded half up (away from zero) to 2 places, as text with a dot; None stays."""
    if x is None:
        return None
    x = F(x)
    n = abs(x) * 100
    q, rem = divmod(n.numerator, n.denominator)
    if 2 * rem >= n.denominator:
        q += 1
    sign = "-" if x < 0 and q else ""
    return f"{sign}{q // 100}.{q % 100:02d}"


def clamp(x: Fraction) -> Fraction:
    return min(max(F(x), F(0)), F(100))


def weighted(terms: list[tuple[str, Fraction]]) -> Fraction:
    """Σ(w × clamp(r)) / Σ w; the plain mean of the clamped figures when Σ w = 0."""
    total = sum(F(w) for w, _ in terms)
    if total == 0:
        return sum(clamp(r) for _, r in terms) / len(terms)
    return sum(F(w) * clamp(r) for w, r in terms) / total


def mean(values: list[Fraction]) -> Fraction:
    return sum(values, F(0)) / len(values)


def test_the_audit_rounding_is_half_up():
    assert [fmt(F("12.345")), fmt(F("2.675")), fmt(F("-2.675")), fmt(F("-0.004"))] == [
        "12.35",
        "2.68",
        "-2.68",
        "0.00",
    ]


# --- The scenario ---------------------------------------------------------------------------


def _period(plan: Plan, half: int) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=half)


def _indicator(plan: Plan, target: str, order: int) -> Indicator:
    return Indicator.objects.get(target__plan=plan, target__code=target, order=order)


@pytest.fixture
def audit_plan(kars_plan: Plan) -> Plan:
    plan = kars_plan
    h1, h2 = _period(plan, 1), _period(plan, 2)

    # The printed data the arithmetic relies on: weight, B for 2025, monitoring months.
    printed = {
        ("H1.1", 1): ("3.61", "20", 6),
        ("H1.1", 2): ("6.26", "25", 6),
        ("H1.1", 3): ("6.62", "25", 6),
        ("H1.3", 1): ("0", "600", 6),
        ("H1.3", 2): ("45.63", "70", 6),
        ("H1.3", 3): ("45.63", "100", 6),
        ("H1.3", 4): ("0", "100", 6),
        ("H1.3", 5): ("8.63", "100", 6),
        ("H1.4", 1): ("11.78", "83", 6),
        ("H1.4", 4): ("2.84", "100", 12),
        ("H1.6", 1): ("0.10", "1", 6),
        ("H1.6", 2): ("0", "200", 6),
        ("H1.6", 3): ("0", "50", 6),
        ("H1.6", 4): ("0", "50", 6),
        ("H1.7", 1): ("5", "10", 6),
        ("H1.7", 2): ("15", "1", 6),
        ("H1.7", 4): ("80", "4", 6),
        ("H1.7", 5): ("0", "5", 6),
        ("H5.1", 3): (None, "6000", 6),
        ("H5.1", 5): (None, "1000", 6),
        ("H5.2", 9): ("19.73", "100", 6),
        ("H5.2", 10): ("0.65", "5", 6),
        ("H6.3", 4): ("0", "800", 6),
        ("H7.1", 1): ("84.21", None, 6),
        ("H7.1", 6): ("84.21", "25", 6),
        ("H8.3", 1): ("82.15", "12", 6),
        ("H8.3", 2): ("8.61", "100", 6),
    }
    for (code, order), (weight, planned, months) in printed.items():
        ind = _indicator(plan, code, order)
        pv = ind.planned_values.filter(year=2025).first()
        assert (ind.weight, None if pv is None else pv.value, ind.monitoring_frequency_months) == (
            None if weight is None else Decimal(weight),
            None if planned is None else Decimal(planned),
            months,
        ), (code, order)
    assert plan.targets.get(code="H7.4").cost_estimates.filter(year=2025).count() == 0

    # What the strategy office sets in the admin (the fixture's own reading of measure and
    # direction may change; the scenario fixes it): measure, direction, baseline.
    classified = {
        ("H1.1", 1): ("level", "increase", None),
        ("H1.1", 2): ("level", "increase", None),
        ("H1.1", 3): ("level", "increase", None),
        ("H1.3", 1): ("average", "decrease", "800"),
        ("H1.3", 2): ("level", "increase", None),
        ("H1.3", 3): ("level", "increase", None),
        ("H1.3", 4): ("level", "increase", "50"),
        ("H1.3", 5): ("level", "increase", "100"),
        ("H1.4", 1): ("flow", "increase", "50"),
        ("H1.4", 4): ("flow", "increase", None),
        ("H1.6", 1): ("flow", "increase", None),
        ("H1.6", 2): ("average", "decrease", None),
        ("H1.6", 3): ("flow", "increase", None),
        ("H1.6", 4): ("flow", "increase", None),
        ("H1.7", 1): ("level", "increase", "2"),
        ("H1.7", 2): ("flow", "increase", None),
        ("H1.7", 4): ("level", "decrease", None),
        ("H1.7", 5): ("flow", "increase", None),
        ("H5.1", 3): ("flow", "increase", None),
        ("H5.1", 5): ("flow", "increase", None),
        ("H5.2", 9): ("flow", "decrease", None),
        ("H5.2", 10): ("flow", "increase", None),
        ("H6.3", 4): ("flow", "decrease", None),
        ("H7.1", 1): ("level", "increase", None),
        ("H7.1", 6): ("level", "increase", None),
        ("H8.3", 1): ("flow", "increase", None),
        ("H8.3", 2): ("level", "increase", None),
    }
    for (code, order), (measure, direction, baseline) in classified.items():
        Indicator.objects.filter(pk=_indicator(plan, code, order).pk).update(
            measure=measure,
            direction=direction,
            baseline=None if baseline is None else Decimal(baseline),
        )
    PlannedValue.objects.filter(indicator=_indicator(plan, "H5.2", 10), year=2025).update(
        value=Decimal(0)
    )

    values = {
        ("H1.1", 1): {2: "2.469"},
        ("H1.1", 2): {2: "13.75"},
        ("H1.1", 3): {2: "24.999"},
        ("H1.3", 1): {1: "720", 2: "640"},
        ("H1.3", 2): {1: "49", 2: "63"},
        ("H1.3", 4): {2: "40"},
        ("H1.3", 5): {2: "105"},
        ("H1.4", 1): {1: "40", 2: "43"},
        ("H1.4", 4): {2: "90"},
        ("H1.6", 2): {1: "250", 2: "150"},
        ("H1.6", 3): {1: "10", 2: "20"},
        ("H1.6", 4): {2: "80"},
        ("H1.7", 1): {1: "6", 2: "8.8"},
        ("H1.7", 2): {2: "1"},
        ("H1.7", 4): {1: "5", 2: "3.2"},
        ("H1.7", 5): {2: "7"},
        ("H5.1", 3): {2: "3000"},
        ("H5.1", 5): {1: "400", 2: "500"},
        ("H5.2", 9): {1: "60", 2: "65"},
        ("H5.2", 10): {2: "3"},
        ("H6.3", 4): {2: "0"},
        ("H7.1", 1): {2: "999"},
        ("H7.1", 6): {2: "20"},
        ("H8.3", 1): {1: "5", 2: "4"},
        ("H8.3", 2): {1: "95"},
    }
    for (code, order), by_half in values.items():
        ind = _indicator(plan, code, order)
        for half, value in by_half.items():
            Actual.objects.create(
                indicator=ind, period=h1 if half == 1 else h2, value=Decimal(value)
            )
    # An empty value is not a value (H1.3 #3 stays "veri yok").
    Actual.objects.create(indicator=_indicator(plan, "H1.3", 3), period=h2, value=None)

    spent = {
        "H1.3": {2: "150000"},
        "H1.7": {1: "20000", 2: "24000"},
        "H7.4": {2: "5000"},
        "H8.3": {1: "4000000", 2: "4000000"},
    }
    for code, by_half in spent.items():
        target = plan.targets.get(code=code)
        for half, amount in by_half.items():
            Expenditure.objects.create(
                target=target, period=h1 if half == 1 else h2, amount=Decimal(amount)
            )

    statuses = {
        "H1.1": {2: APPROVED},
        "H1.3": {1: APPROVED, 2: APPROVED},
        "H1.4": {1: SUBMITTED, 2: APPROVED},
        "H1.7": {1: APPROVED, 2: SUBMITTED},
        "H5.2": {1: RETURNED, 2: DRAFT},
        "H6.3": {2: APPROVED},
        "H7.4": {2: APPROVED},
        "H8.3": {1: APPROVED},
    }
    for code, by_half in statuses.items():
        unit = plan.targets.get(code=code).responsible_unit
        for half, status in by_half.items():
            Submission.objects.create(unit=unit, period=h1 if half == 1 else h2, status=status)
    return plan


def export(tmp_path, *args: str) -> dict:
    out = tmp_path / "results.json"
    call_command("export_results", "--year", "2025", *args, "--out", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def aim(data: dict, code: str) -> dict:
    return next(a for a in data["aims"] if a["code"] == code)


def target(data: dict, code: str) -> dict:
    return next(t for a in data["aims"] for t in a["targets"] if t["code"] == code)


def ind(data: dict, code: str, order: int) -> dict:
    return next(i for i in target(data, code)["indicators"] if i["order"] == order)


def figures(data: dict, code: str, order: int) -> tuple:
    i = ind(data, code, order)
    return (i["A"], i["B"], i["C"], i["realization"], i["status"], i["approved"])


# --- H2: the year as a whole ----------------------------------------------------------------

# Indicator realizations at H2 (DESIGN.md §5), exactly.
R2 = {
    ("H1.1", 1): F("2.469") / 20 * 100,  # level, no A: C / B = 12.345
    ("H1.1", 2): F("13.75") / 25 * 100,  # 55
    ("H1.1", 3): F("24.999") / 25 * 100,  # 99.996
    ("H1.3", 1): (F(720 + 640, 2) - 800) / (600 - 800) * 100,  # average: C = 680 → 60
    ("H1.3", 2): F(63, 70) * 100,  # level: the latest value (H2) → 90
    ("H1.3", 4): (F(40) - 50) / (100 - 50) * 100,  # −20
    ("H1.3", 5): F(100),  # B = A = 100 and C = 105 ≥ B → 100
    ("H1.4", 1): F(40 + 43, 83) * 100,  # flow: H1 + H2, A = 50 unused → 100
    ("H1.4", 4): F(90, 100) * 100,  # yearly flow: 90
    ("H1.6", 2): F(200) / F(250 + 150, 2) * 100,  # average ↓, no A: B / C = 200 / 200 → 100
    ("H1.6", 3): F(10 + 20, 50) * 100,  # 60
    ("H1.6", 4): F(80, 50) * 100,  # 160, shown raw
    ("H1.7", 1): (F("8.8") - 2) / (10 - 2) * 100,  # 6.8 / 8 = 85
    ("H1.7", 2): F(1, 1) * 100,  # 100
    ("H1.7", 4): F(4) / F("3.2") * 100,  # level ↓, no A: B / C = 125
    ("H1.7", 5): F(7, 5) * 100,  # 140
    ("H5.1", 3): F(3000, 6000) * 100,  # 50
    ("H5.1", 5): F(400 + 500, 1000) * 100,  # 90
    ("H5.2", 9): F(100, 60 + 65) * 100,  # flow ↓: B / C = 100 / 125 = 80
    ("H5.2", 10): F(100),  # B = 0, C = 3 ≥ 0 → 100
    ("H6.3", 4): F(100),  # flow ↓ with C = 0 → 100
    ("H7.1", 6): F(20, 25) * 100,  # 80
    ("H8.3", 1): F(5 + 4, 12) * 100,  # 75
    ("H8.3", 2): F(95, 100) * 100,  # the H1 value is the latest → 95
}


def target_figures_h2(r: dict) -> dict[str, tuple[Fraction | None, Fraction]]:
    """(realization, coverage) of each target with values at H2, from the indicator figures."""
    return {
        "H1.1": (
            weighted([("3.61", r["H1.1", 1]), ("6.26", r["H1.1", 2]), ("6.62", r["H1.1", 3])]),
            (F("3.61") + F("6.26") + F("6.62")) / EVALUATED_H2["H1.1"] * 100,
        ),
        "H1.3": (
            weighted(
                [
                    ("0", r["H1.3", 1]),
                    ("45.63", r["H1.3", 2]),
                    ("0", r["H1.3", 4]),
                    ("8.63", r["H1.3", 5]),
                ]
            ),
            (F("45.63") + F("8.63")) / EVALUATED_H2["H1.3"] * 100,
        ),
        "H1.4": (
            weighted([("11.78", r["H1.4", 1]), ("2.84", r["H1.4", 4])]),
            (F("11.78") + F("2.84")) / EVALUATED_H2["H1.4"] * 100,
        ),
        # Only zero weights have a value: the plain mean; coverage 0 / 0.10.
        "H1.6": (weighted([("0", r["H1.6", k]) for k in (2, 3, 4)]), F(0)),
        "H1.7": (
            weighted(
                [
                    ("5", r["H1.7", 1]),
                    ("15", r["H1.7", 2]),
                    ("80", r["H1.7", 4]),
                    ("0", r["H1.7", 5]),
                ]
            ),
            F(5 + 15 + 80 + 0) / EVALUATED_H2["H1.7"] * 100,
        ),
        # Empty weights count as 0: the plain mean of the two; coverage 0 / 100.
        "H5.1": (weighted([("0", r["H5.1", 3]), ("0", r["H5.1", 5])]), F(0)),
        "H5.2": (
            weighted([("19.73", r["H5.2", 9]), ("0.65", r["H5.2", 10])]),
            (F("19.73") + F("0.65")) / EVALUATED_H2["H5.2"] * 100,
        ),
        "H6.3": (weighted([("0", r["H6.3", 4])]), F(0)),
        # #1 has no B: its value 999 and its weight 84.21 stay out of both sums.
        "H7.1": (weighted([("84.21", r["H7.1", 6])]), F("84.21") / EVALUATED_H2["H7.1"] * 100),
        "H8.3": (
            weighted([("82.15", r["H8.3", 1]), ("8.61", r["H8.3", 2])]),
            (F("82.15") + F("8.61")) / EVALUATED_H2["H8.3"] * 100,
        ),
    }


def test_h2_indicator_figures_follow_design_section_5(audit_plan, tmp_path):
    data = export(tmp_path)
    assert (data["year"], data["period"], data["clamp"]) == (2025, "H2", True)
    for (code, order), figure in R2.items():
        assert ind(data, code, order)["realization"] == fmt(figure), (code, order)

    # The written-out figures, with A, B, C, the band and the approval of the values used.
    assert figures(data, "H1.1", 1) == (None, "20.00", "2.47", "12.35", "cok_dusuk", True)
    assert figures(data, "H1.1", 2) == (None, "25.00", "13.75", "55.00", "dusuk", True)
    # The band is read from the exact figure: 99.996 shows as 100.00 but is not reached.
    assert figures(data, "H1.1", 3) == (None, "25.00", "25.00", "100.00", "iyi", True)
    assert figures(data, "H1.3", 1) == ("800.00", "600.00", "680.00", "60.00", "dusuk", True)
    assert figures(data, "H1.3", 2) == (None, "70.00", "63.00", "90.00", "iyi", True)
    assert figures(data, "H1.3", 3) == (None, "100.00", None, None, "veri_yok", None)
    assert figures(data, "H1.3", 4) == ("50.00", "100.00", "40.00", "-20.00", "cok_dusuk", True)
    assert figures(data, "H1.3", 5) == ("100.00", "100.00", "105.00", "100.00", "ulasildi", True)
    # H1 was only submitted: the flow's C uses it, so the figure is not approved.
    assert figures(data, "H1.4", 1) == ("50.00", "83.00", "83.00", "100.00", "ulasildi", False)
    assert figures(data, "H1.4", 4) == (None, "100.00", "90.00", "90.00", "iyi", True)
    assert figures(data, "H1.6", 1) == (None, "1.00", None, None, "veri_yok", None)
    assert figures(data, "H1.6", 4) == (None, "50.00", "80.00", "160.00", "ulasildi", False)
    assert figures(data, "H1.7", 1) == ("2.00", "10.00", "8.80", "85.00", "iyi", False)
    assert figures(data, "H1.7", 3) == (None, "10.00", None, None, "veri_yok", None)
    assert figures(data, "H1.7", 4) == (None, "4.00", "3.20", "125.00", "ulasildi", False)
    assert figures(data, "H5.2", 9) == (None, "100.00", "125.00", "80.00", "orta", False)
    assert figures(data, "H5.2", 10) == (None, "0.00", "3.00", "100.00", "ulasildi", False)
    assert figures(data, "H6.3", 4) == (None, "800.00", "0.00", "100.00", "ulasildi", True)
    # No B for 2025: not evaluated, its value still shown.
    assert figures(data, "H7.1", 1) == (None, None, "999.00", None, "hedef_yok", False)
    assert figures(data, "H7.1", 6) == (None, "25.00", "20.00", "80.00", "orta", False)
    assert figures(data, "H8.3", 2) == (None, "100.00", "95.00", "95.00", "iyi", True)
    # An indicator without a B and without a value.
    assert figures(data, "H4.5", 1) == (None, None, None, None, "hedef_yok", None)


def test_h2_target_aim_and_plan_figures(audit_plan, tmp_path):
    data = export(tmp_path)
    expected = target_figures_h2(R2)
    for code, (realization, coverage) in expected.items():
        t = target(data, code)
        assert (t["realization"], t["coverage"]) == (fmt(realization), fmt(coverage)), code

    # Written out for the reader:
    # (3.61 × 12.345 + 6.26 × 55 + 6.62 × 99.996) / 16.49 = 1050.83897 / 16.49
    assert target(data, "H1.1")["realization"] == "63.73"
    assert target(data, "H5.1")["realization"] == "70.00"  # (50 + 90) / 2, weights empty
    assert target(data, "H5.1")["coverage"] == "0.00"
    assert target(data, "H1.3")["coverage"] == "54.32"  # 54.26 / 99.89
    assert target(data, "H1.6")["realization"] == "86.67"  # (100 + 60 + 100) / 3
    assert target(data, "H1.7")["realization"] == "99.25"  # (5×85 + 15×100 + 80×100) / 100
    assert target(data, "H7.1")["realization"] == "80.00"
    # Targets without a value: no realization; coverage 0, or null with nothing evaluated.
    assert (target(data, "H1.2")["realization"], target(data, "H1.2")["coverage"]) == (
        None,
        "0.00",
    )
    assert (target(data, "H4.5")["realization"], target(data, "H4.5")["coverage"]) == (
        None,
        None,
    )

    # Aims: the plain mean of their targets that have a realization.
    a1 = mean([expected[c][0] for c in ("H1.1", "H1.3", "H1.4", "H1.6", "H1.7")])
    aims = {
        "A1": a1,
        "A5": mean([expected["H5.1"][0], expected["H5.2"][0]]),
        "A6": expected["H6.3"][0],
        "A7": expected["H7.1"][0],
        "A8": expected["H8.3"][0],
    }
    for code in ("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"):
        assert aim(data, code)["realization"] == fmt(aims.get(code)), code
    # Plan: the mean of its aims; coverage: the mean over the 28 targets with a coverage.
    assert data["plan"]["realization"] == fmt(mean(list(aims.values())))
    coverage = sum(c for _, c in expected.values()) / TARGETS_WITH_COVERAGE[2]
    assert data["plan"]["coverage"] == fmt(coverage)


def test_h2_budget_is_the_years_expenditure_against_the_cost_estimate(audit_plan, tmp_path):
    data = export(tmp_path)
    assert target(data, "H1.7")["budget"] == {
        "planned": "55000.00",
        "actual": "44000.00",  # 20,000 + 24,000
        "realization": fmt(F(44000, 55000) * 100),  # 80.00
    }
    assert target(data, "H1.3")["budget"] == {
        "planned": "600000.00",
        "actual": "150000.00",
        "realization": "25.00",
    }
    assert target(data, "H8.3")["budget"] == {
        "planned": "16000000.00",
        "actual": "8000000.00",
        "realization": "50.00",
    }
    # No cost estimate: no realization; no expenditure: no actual.
    assert target(data, "H7.4")["budget"] == {
        "planned": None,
        "actual": "5000.00",
        "realization": None,
    }
    assert target(data, "H1.4")["budget"] == {
        "planned": "4500000.00",
        "actual": None,
        "realization": None,
    }


# --- H1: the first half ---------------------------------------------------------------------

R1 = {
    ("H1.3", 1): (F(720) - 800) / (600 - 800) * 100,  # 40
    ("H1.3", 2): F(49, 70) * 100,  # 70
    ("H1.4", 1): F(40, 83) * 100,  # against the year-end B: 48.19…
    ("H1.6", 2): F(200, 250) * 100,  # 80
    ("H1.6", 3): F(10, 50) * 100,  # 20
    ("H1.7", 1): (F(6) - 2) / (10 - 2) * 100,  # 50
    ("H1.7", 4): F(4, 5) * 100,  # 80
    ("H5.1", 5): F(400, 1000) * 100,  # 40
    ("H5.2", 9): F(100, 60) * 100,  # 166.67: a decreasing flow's H1 figure overstates
    ("H8.3", 1): F(5, 12) * 100,  # 41.67
    ("H8.3", 2): F(95),
}


def target_figures_h1(r: dict) -> dict[str, tuple[Fraction | None, Fraction]]:
    return {
        "H1.3": (
            weighted([("0", r["H1.3", 1]), ("45.63", r["H1.3", 2])]),
            F("45.63") / EVALUATED_H1["H1.3"] * 100,
        ),
        # #4 (12 months) is not due: out of the figure and out of the coverage.
        "H1.4": (weighted([("11.78", r["H1.4", 1])]), F("11.78") / EVALUATED_H1["H1.4"] * 100),
        "H1.6": (weighted([("0", r["H1.6", 2]), ("0", r["H1.6", 3])]), F(0)),
        "H1.7": (
            weighted([("5", r["H1.7", 1]), ("80", r["H1.7", 4])]),
            F(5 + 80) / EVALUATED_H1["H1.7"] * 100,
        ),
        "H5.1": (weighted([("0", r["H5.1", 5])]), F(0)),
        # 166.67 enters the sum clamped to 100.
        "H5.2": (weighted([("19.73", r["H5.2", 9])]), F("19.73") / EVALUATED_H1["H5.2"] * 100),
        "H8.3": (
            weighted([("82.15", r["H8.3", 1]), ("8.61", r["H8.3", 2])]),
            (F("82.15") + F("8.61")) / EVALUATED_H1["H8.3"] * 100,
        ),
    }


def test_h1_official_figures_and_statuses_against_expected_progress(audit_plan, tmp_path):
    data = export(tmp_path, "--period", "H1")
    assert (data["year"], data["period"]) == (2025, "H1")
    for (code, order), figure in R1.items():
        assert ind(data, code, order)["realization"] == fmt(figure), (code, order)

    # Flows: the status is judged against half of B; levels and averages against B.
    # 40 / (83 / 2) = 96.39 → iyi, while the official figure is 48.19.
    assert figures(data, "H1.4", 1) == ("50.00", "83.00", "40.00", "48.19", "iyi", False)
    # The yearly indicator is not due at H1, even though it has a B.
    assert figures(data, "H1.4", 4) == (None, "100.00", None, None, "donem_disi", None)
    # (100 / 2) / 60 = 83.33 → orta, while the official figure is 166.67.
    assert figures(data, "H5.2", 9) == (None, "100.00", "60.00", "166.67", "orta", False)
    # 10 / (50 / 2) = 40 → çok düşük; official 20.
    assert figures(data, "H1.6", 3)[3:5] == ("20.00", "cok_dusuk")
    assert figures(data, "H1.3", 2) == (None, "70.00", "49.00", "70.00", "orta", True)  # = 70
    # 400 / (1000 / 2) = 80 → orta.
    assert figures(data, "H5.1", 5) == (None, "1000.00", "400.00", "40.00", "orta", False)
    assert figures(data, "H1.3", 1) == ("800.00", "600.00", "720.00", "40.00", "cok_dusuk", True)
    assert figures(data, "H1.7", 1) == ("2.00", "10.00", "6.00", "50.00", "cok_dusuk", True)
    assert figures(data, "H1.7", 4) == (None, "4.00", "5.00", "80.00", "orta", True)
    # 5 / (12 / 2) = 83.33 → orta; a level at H1 is judged against B itself: 95 → iyi.
    assert figures(data, "H8.3", 1)[3:] == ("41.67", "orta", True)
    assert figures(data, "H8.3", 2)[3:] == ("95.00", "iyi", True)
    # Values entered only in H2 do not exist yet.
    assert figures(data, "H1.7", 2) == (None, "1.00", None, None, "veri_yok", None)
    assert figures(data, "H1.1", 1)[2:] == (None, None, "veri_yok", None)
    assert figures(data, "H3.1", 1)[4] == "donem_disi"


def test_h1_target_aim_and_plan_figures(audit_plan, tmp_path):
    data = export(tmp_path, "--period", "H1")
    expected = target_figures_h1(R1)
    for code, (realization, coverage) in expected.items():
        t = target(data, code)
        assert (t["realization"], t["coverage"]) == (fmt(realization), fmt(coverage)), code
    assert target(data, "H1.7")["realization"] == "78.24"  # (5×50 + 80×80) / 85
    assert target(data, "H1.7")["coverage"] == "85.00"  # #2 has no H1 value yet
    assert target(data, "H5.2")["realization"] == "100.00"  # 166.67 clamped
    assert target(data, "H1.6")["realization"] == "50.00"  # (80 + 20) / 2, weights all 0
    # Targets whose indicators are all yearly: nothing evaluated at H1.
    for code in ("H3.1", "H4.1", "H4.2"):
        assert (target(data, code)["realization"], target(data, code)["coverage"]) == (None, None)
    assert target(data, "H1.1")["coverage"] == "0.00"
    assert target(data, "H6.3")["realization"] is None  # its value is in H2

    a1 = mean([expected[c][0] for c in ("H1.3", "H1.4", "H1.6", "H1.7")])
    aims = {
        "A1": a1,
        "A5": mean([expected["H5.1"][0], expected["H5.2"][0]]),
        "A8": expected["H8.3"][0],
    }
    for code in ("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8"):
        assert aim(data, code)["realization"] == fmt(aims.get(code)), code
    assert data["plan"]["realization"] == fmt(mean(list(aims.values())))
    coverage = sum(c for _, c in expected.values()) / TARGETS_WITH_COVERAGE[1]
    assert data["plan"]["coverage"] == fmt(coverage)

    # Budget up to H1: H1's expenditure only.
    assert target(data, "H1.7")["budget"] == {
        "planned": "55000.00",
        "actual": "20000.00",
        "realization": fmt(F(20000, 55000) * 100),  # 36.36
    }
    assert target(data, "H1.3")["budget"] == {
        "planned": "600000.00",
        "actual": None,
        "realization": None,
    }


# --- Approved values only -------------------------------------------------------------------


def test_approved_only_at_h2_leaves_out_values_of_periods_not_approved(audit_plan, tmp_path):
    data = export(tmp_path, "--approved-only")
    r = dict(R2)
    # İşletme ve İştirakler: only H1 is approved, so C is made of H1 values.
    r["H1.7", 1] = (F(6) - 2) / (10 - 2) * 100  # 50
    r["H1.7", 4] = F(4, 5) * 100  # 80
    # Destek Hizmetleri: H1 only submitted, so the flow's C is the H2 value alone.
    r["H1.4", 1] = F(43, 83) * 100  # 51.81
    # Su ve Kanalizasyon: only H1 approved.
    r["H8.3", 1] = F(5, 12) * 100
    assert figures(data, "H1.7", 1) == ("2.00", "10.00", "6.00", "50.00", "cok_dusuk", True)
    assert figures(data, "H1.7", 2) == (None, "1.00", None, None, "veri_yok", None)
    assert figures(data, "H1.7", 4) == (None, "4.00", "5.00", "80.00", "orta", True)
    assert figures(data, "H1.4", 1) == ("50.00", "83.00", "43.00", "51.81", "cok_dusuk", True)
    assert figures(data, "H8.3", 1) == (None, "12.00", "5.00", "41.67", "cok_dusuk", True)
    assert figures(data, "H5.2", 9) == (None, "100.00", None, None, "veri_yok", None)
    assert figures(data, "H7.1", 1) == (None, None, None, None, "hedef_yok", None)

    h2 = target_figures_h2(r)
    expected = {
        "H1.1": h2["H1.1"],
        "H1.3": h2["H1.3"],
        "H1.4": h2["H1.4"],
        "H1.6": (None, F(0)),
        "H1.7": (
            weighted([("5", r["H1.7", 1]), ("80", r["H1.7", 4])]),
            F(85) / EVALUATED_H2["H1.7"] * 100,
        ),
        "H5.2": (None, F(0)),
        "H6.3": h2["H6.3"],
        "H7.1": (None, F(0)),
        "H8.3": h2["H8.3"],
    }
    for code, (realization, coverage) in expected.items():
        t = target(data, code)
        assert (t["realization"], t["coverage"]) == (fmt(realization), fmt(coverage)), code
    # The figure approved-only changes: H1.7 99.25 → 78.24.
    assert target(data, "H1.7")["realization"] == "78.24"

    a1 = mean([expected[c][0] for c in ("H1.1", "H1.3", "H1.4", "H1.7")])
    aims = {"A1": a1, "A6": expected["H6.3"][0], "A8": expected["H8.3"][0]}
    for code in ("A1", "A5", "A6", "A7", "A8"):
        assert aim(data, code)["realization"] == fmt(aims.get(code)), code
    assert data["plan"]["realization"] == fmt(mean(list(aims.values())))
    coverage = sum(c for _, c in expected.values()) / TARGETS_WITH_COVERAGE[2]
    assert data["plan"]["coverage"] == fmt(coverage)

    # Expenditures count only for approved periods too.
    assert target(data, "H1.7")["budget"]["actual"] == "20000.00"
    assert target(data, "H1.7")["budget"]["realization"] == "36.36"
    assert target(data, "H8.3")["budget"] == {
        "planned": "16000000.00",
        "actual": "4000000.00",
        "realization": "25.00",
    }
    assert target(data, "H7.4")["budget"]["actual"] == "5000.00"  # H2 approved
    assert target(data, "H1.3")["budget"]["actual"] == "150000.00"


def test_approved_only_at_h1(audit_plan, tmp_path):
    data = export(tmp_path, "--period", "H1", "--approved-only")
    h1 = target_figures_h1(R1)
    assert (target(data, "H1.3")["realization"], target(data, "H1.3")["coverage"]) == (
        fmt(h1["H1.3"][0]),
        fmt(h1["H1.3"][1]),
    )
    assert target(data, "H1.7")["realization"] == fmt(h1["H1.7"][0])
    assert target(data, "H8.3")["realization"] == fmt(h1["H8.3"][0])
    for code in ("H1.4", "H1.6", "H5.2"):  # submitted, nothing, returned
        assert (target(data, code)["realization"], target(data, code)["coverage"]) == (
            None,
            "0.00",
        ), code
    assert target(data, "H1.7")["budget"]["actual"] == "20000.00"
    aims = {"A1": mean([h1["H1.3"][0], h1["H1.7"][0]]), "A8": h1["H8.3"][0]}
    assert aim(data, "A1")["realization"] == fmt(aims["A1"])
    assert aim(data, "A5")["realization"] is None
    assert data["plan"]["realization"] == fmt(mean(list(aims.values())))


# --- The shape of the export ----------------------------------------------------------------

NUMBER = re.compile(r"^-?\d+\.\d\d$")


def _numbers_ok(value: object) -> bool:
    return value is None or (isinstance(value, str) and NUMBER.match(value) is not None)


@pytest.mark.parametrize("args", [[], ["--period", "H1"], ["--approved-only"]])
def test_the_export_has_exactly_the_documented_shape(audit_plan, tmp_path, args):
    data = export(tmp_path, *args)
    assert list(data) == ["year", "period", "clamp", "plan", "aims"]
    assert data["period"] in ("H1", "H2") and isinstance(data["clamp"], bool)
    assert list(data["plan"]) == ["realization", "coverage"]
    assert all(_numbers_ok(v) for v in data["plan"].values())
    assert [a["code"] for a in data["aims"]] == [f"A{k}" for k in range(1, 9)]
    targets = [t for a in data["aims"] for t in a["targets"]]
    indicators = [i for t in targets for i in t["indicators"]]
    assert (len(targets), len(indicators)) == (30, 184)
    for a in data["aims"]:
        assert list(a) == ["code", "realization", "targets"]
        assert _numbers_ok(a["realization"])
    statuses = {
        "ulasildi",
        "iyi",
        "orta",
        "dusuk",
        "cok_dusuk",
        "veri_yok",
        "hedef_yok",
        "donem_disi",
    }
    for t in targets:
        assert list(t) == ["code", "realization", "coverage", "budget", "indicators"]
        assert list(t["budget"]) == ["planned", "actual", "realization"]
        assert all(_numbers_ok(t[k]) for k in ("realization", "coverage"))
        assert all(_numbers_ok(v) for v in t["budget"].values())
        assert [i["order"] for i in t["indicators"]] == sorted(i["order"] for i in t["indicators"])
    for i in indicators:
        assert list(i) == ["order", "code", "A", "B", "C", "realization", "status", "approved"]
        assert isinstance(i["order"], int) and i["code"].startswith("P.G. ")
        assert all(_numbers_ok(i[k]) for k in ("A", "B", "C", "realization"))
        assert i["status"] in statuses
        assert i["approved"] in (True, False, None)
        # "approved" is null exactly when no value was used (no C).
        assert (i["approved"] is None) == (i["C"] is None)
        # A realization exists exactly when the status is a band.
        banded = i["status"] in ("ulasildi", "iyi", "orta", "dusuk", "cok_dusuk")
        assert (i["realization"] is not None) == banded


def test_values_of_another_year_stay_out(audit_plan, tmp_path):
    before = export(tmp_path)
    indicator = _indicator(audit_plan, "H1.7", 2)
    Actual.objects.create(
        indicator=indicator,
        period=Period.objects.get(plan=audit_plan, year=2026, half=1),
        value=Decimal(7),
    )
    assert export(tmp_path) == before
    # 2026: B = 1 for this flow, and only the 2026 value counts (7 / 1 × 100).
    out = tmp_path / "2026.json"
    call_command("export_results", "--year", "2026", "--period", "H1", "--out", str(out))
    data = json.loads(out.read_text(encoding="utf-8"))
    assert figures(data, "H1.7", 2) == (None, "1.00", "7.00", "700.00", "ulasildi", False)
    assert target(data, "H1.7")["realization"] == "100.00"  # the only value, clamped
    assert figures(data, "H1.7", 1)[2:5] == (None, None, "veri_yok")  # 2025 values stay out
