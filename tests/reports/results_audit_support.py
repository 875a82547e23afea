"""The scenario and the exact arithmetic of the audit of `export_results` (DESIGN.md §5).

The audit itself is in tests/reports/test_results_audit*.py; its fixture `audit_plan` (in
tests/reports/conftest.py) is the Kars plan with the scenario below.

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
      #4 flow ↑   w 0     B 50            H2 80         (no H1: veri yok at H2, §5)
    H1.7 İşletme ve İştirakler (H1 approved, H2 submitted), cost 55,000, spent 20,000 + 24,000
      #1 level ↑  w 5     A 2 (set)  B 10   H1 6, H2 8.8  (H2: 85 exactly, iyi)
      #2 flow ↑   w 15    B 1             H2 1          (no H1: veri yok at H2)
      #4 level ↓  w 80    B 4             H1 5, H2 3.2  (B / C: 80, then 125)
      #5 flow ↑   w 0     B 5             H2 7          (no H1: veri yok at H2)
    H5.1 Park ve Bahçeler (no submission): only the two indicators without a weight have values
      #3 flow ↑   w —     B 6000          H2 3000       (no H1: veri yok at H2)
      #5 flow ↑   w —     B 1000          H1 400, H2 500
    H5.2 Zabıta (H1 returned, H2 draft)
      #9 flow ↓   w 19.73 B 100           H1 60, H2 65
      #10 flow ↑  w 0.65  B 0 (set)       H2 3          (no H1: veri yok at H2)
    H6.3 Veteriner İşleri (H2 approved)
      #4 flow ↓   w 0     B 800           H2 0          (no H1: veri yok at H2)
    H7.1 İmar ve Şehircilik (nothing approved)
      #1 level ↑  w 84.21 no B in 2025    H2 999        (hedef yok: weight left out)
      #6 level ↑  w 84.21 B 25            H2 20
    H7.4 Yapı Kontrol (H2 approved): no cost estimate, spent 5,000 in H2
    H8.3 Su ve Kanalizasyon (H1 approved), cost 16,000,000, spent 4,000,000 + 4,000,000
      #1 flow ↑   w 82.15 B 12            H1 5, H2 4
      #2 level ↑  w 8.61  B 100           H1 95 only    (a level needs H2 itself: veri yok)

A flow or an average needs every due period value of the year, a level the value of the
period looked at (DESIGN.md §5, completeness): the flows above with H2 alone and the level
with H1 alone have no C at H2 ("veri yok", missing 2025-H1 or 2025-H2) and stay in the
coverage's denominator.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

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


# --- The scenario ---------------------------------------------------------------------------


def period_of(plan: Plan, half: int) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=half)


def indicator_of(plan: Plan, target: str, order: int) -> Indicator:
    return Indicator.objects.get(target__plan=plan, target__code=target, order=order)


def build_audit_plan(kars_plan: Plan) -> Plan:
    """The Kars plan with the scenario of this module's docstring entered straight into the
    database."""
    plan = kars_plan
    h1, h2 = period_of(plan, 1), period_of(plan, 2)

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
        ind = indicator_of(plan, code, order)
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
        Indicator.objects.filter(pk=indicator_of(plan, code, order).pk).update(
            measure=measure,
            direction=direction,
            baseline=None if baseline is None else Decimal(baseline),
        )
    PlannedValue.objects.filter(indicator=indicator_of(plan, "H5.2", 10), year=2025).update(
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
        ind = indicator_of(plan, code, order)
        for half, value in by_half.items():
            Actual.objects.create(
                indicator=ind, period=h1 if half == 1 else h2, value=Decimal(value)
            )
    # An empty value is not a value (H1.3 #3 stays "veri yok").
    Actual.objects.create(indicator=indicator_of(plan, "H1.3", 3), period=h2, value=None)

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


# --- The expected figures ---------------------------------------------------------------------

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
    ("H1.7", 1): (F("8.8") - 2) / (10 - 2) * 100,  # 6.8 / 8 = 85
    ("H1.7", 4): F(4) / F("3.2") * 100,  # level ↓, no A: B / C = 125
    ("H5.1", 5): F(400 + 500, 1000) * 100,  # 90
    ("H5.2", 9): F(100, 60 + 65) * 100,  # flow ↓: B / C = 100 / 125 = 80
    ("H7.1", 6): F(20, 25) * 100,  # 80
    ("H8.3", 1): F(5 + 4, 12) * 100,  # 75
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
        "H1.6": (weighted([("0", r["H1.6", k]) for k in (2, 3)]), F(0)),
        # #2 (w 15) and #5 (w 0) lack H1: out of the figure, #2's weight in the denominator.
        "H1.7": (
            weighted([("5", r["H1.7", 1]), ("80", r["H1.7", 4])]),
            F(5 + 80) / EVALUATED_H2["H1.7"] * 100,
        ),
        # Empty weights count as 0: the plain mean; coverage 0 / 100.
        "H5.1": (weighted([("0", r["H5.1", 5])]), F(0)),
        "H5.2": (
            weighted([("19.73", r["H5.2", 9])]),
            F("19.73") / EVALUATED_H2["H5.2"] * 100,
        ),
        "H6.3": (None, F(0)),
        # #1 has no B: its value 999 and its weight 84.21 stay out of both sums.
        "H7.1": (weighted([("84.21", r["H7.1", 6])]), F("84.21") / EVALUATED_H2["H7.1"] * 100),
        "H8.3": (
            weighted([("82.15", r["H8.3", 1])]),
            F("82.15") / EVALUATED_H2["H8.3"] * 100,
        ),
    }


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
