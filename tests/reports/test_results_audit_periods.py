"""The audit of `export_results` (see test_results_audit.py): every figure at H2 (the year as a
whole) and at H1 (the first half), against arithmetic written out from DESIGN.md §5."""

from __future__ import annotations

from tests.reports.results_audit_support import (
    R1,
    R2,
    TARGETS_WITH_COVERAGE,
    F,
    aim,
    export,
    figures,
    fmt,
    ind,
    mean,
    target,
    target_figures_h1,
    target_figures_h2,
)

# --- H2: the year as a whole ----------------------------------------------------------------


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
    # Completeness (§5): a flow with H2 alone, a level with H1 alone have no C at H2.
    assert figures(data, "H1.6", 4) == (None, "50.00", None, None, "veri_yok", None)
    assert ind(data, "H1.6", 4)["missing_periods"] == ["2025-H1"]
    assert figures(data, "H1.7", 1) == ("2.00", "10.00", "8.80", "85.00", "iyi", False)
    assert figures(data, "H1.7", 3) == (None, "10.00", None, None, "veri_yok", None)
    assert figures(data, "H1.7", 4) == (None, "4.00", "3.20", "125.00", "ulasildi", False)
    assert figures(data, "H5.2", 9) == (None, "100.00", "125.00", "80.00", "orta", False)
    assert figures(data, "H5.2", 10) == (None, "0.00", None, None, "veri_yok", None)
    assert figures(data, "H6.3", 4) == (None, "800.00", None, None, "veri_yok", None)
    # No B for 2025: not evaluated, its value still shown.
    assert figures(data, "H7.1", 1) == (None, None, "999.00", None, "hedef_yok", False)
    assert figures(data, "H7.1", 6) == (None, "25.00", "20.00", "80.00", "orta", False)
    assert figures(data, "H8.3", 2) == (None, "100.00", None, None, "veri_yok", None)
    assert ind(data, "H8.3", 2)["missing_periods"] == ["2025-H2"]
    assert ind(data, "H8.3", 1)["missing_periods"] == []
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
    assert target(data, "H5.1")["realization"] == "90.00"  # #5 alone (#3 lacks H1)
    assert target(data, "H5.1")["coverage"] == "0.00"
    assert target(data, "H1.3")["coverage"] == "54.32"  # 54.26 / 99.89
    assert target(data, "H1.6")["realization"] == "80.00"  # (100 + 60) / 2 (#4 lacks H1)
    # #2 (w 15) lacks H1: (5×85 + 80×100) / 85 = 99.12, coverage 85 / 100.
    assert target(data, "H1.7")["realization"] == "99.12"
    assert target(data, "H1.7")["coverage"] == "85.00"
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
    assert aims["A6"] is None  # H6.3's only value lacks H1
    assert data["plan"]["realization"] == fmt(mean([a for a in aims.values() if a is not None]))
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
    assert data["plan"]["realization"] == fmt(mean([a for a in aims.values() if a is not None]))
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
