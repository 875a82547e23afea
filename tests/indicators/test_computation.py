"""The official computation (DESIGN.md §5): one worked example per rule (the properties are
in test_computation_properties.py).

Pure tests: no Django, no database. Each example writes its arithmetic out, so that the
expected figure can be checked by hand; docs/computation.md uses the same examples.
"""

import ast
from dataclasses import replace
from pathlib import Path

import pytest

from indicators.computation import (
    AimResult,
    PeriodValue,
    Settings,
    Status,
    TargetResult,
    aim_result,
    budget_realization,
    cumulative_result,
    expected_realization,
    fmt2,
    indicator_result,
    plan_result,
    realization,
    round2,
    status_for,
    target_result,
    year_value,
)
from tests.indicators.computation_support import (
    AVERAGE,
    DOWN,
    FLOW,
    LEVEL,
    UP,
    D,
    Y,
    close,
    make,
    r,
)

# --- The module stays pure ------------------------------------------------------------------


@pytest.mark.parametrize("module", ["computation", "computation_terms"])
def test_computation_module_imports_only_the_standard_library(module: str) -> None:
    """The computation (its rules and its terms) imports the standard library, and the rules
    import their terms: no Django, no ORM."""
    source = Path(__file__).parents[2] / "indicators" / f"{module}.py"
    tree = ast.parse(source.read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    standard_library = {"__future__", "collections", "dataclasses", "decimal", "enum"}
    allowed = standard_library | {"functools", "itertools", "typing", "contextlib", "contextvars"}
    assert {name.split(".")[0] for name in imported} - allowed <= {"indicators"}
    assert {name for name in imported if name.startswith("indicators")} <= {
        "indicators.computation_terms"
    }


def test_the_computation_knows_status_codes_and_no_turkish_names() -> None:
    """The names live in `indicators.statuses` (translatable); the pure module has none."""
    for module in ("computation.py", "computation_terms.py"):
        source = (Path(__file__).parents[2] / "indicators" / module).read_text("utf-8")
        assert not set(source) & set("çğıİöşüÇĞÖŞÜ")
    assert "STATUS_LABELS" not in source


# --- Year value C ---------------------------------------------------------------------------


def test_flow_year_value_is_the_sum_of_the_halves() -> None:
    ind = make(B="200", measure=FLOW, values={(Y, 1): "70", (Y, 2): "90"})
    assert year_value(ind, Y, 1) == (D(70), True)
    assert year_value(ind, Y, 2) == (D(70 + 90), True)


def test_level_year_value_is_the_latest_entered_value() -> None:
    ind = make(B="80", values={(Y, 1): "60", (Y, 2): "75"})
    assert year_value(ind, Y, 1) == (D(60), True)
    assert year_value(ind, Y, 2) == (D(75), True)
    # Completeness (§5): a level needs the value of the period looked at, not an earlier one.
    only_h1 = make(B="80", values={(Y, 1): "60"})
    assert year_value(only_h1, Y, 2) == (None, None)


def test_average_year_value_is_the_mean_of_the_entered_values() -> None:
    ind = make(B="90", measure=AVERAGE, values={(Y, 1): "80", (Y, 2): "85"})
    assert year_value(ind, Y, 2) == (D(80 + 85) / 2, True)  # 82.5


def test_year_value_ignores_other_years_and_is_none_without_values() -> None:
    ind = make(B="10", measure=FLOW, values={(2024, 2): "7", (2026, 1): "3"})
    assert year_value(ind, Y, 2) == (None, None)


def test_year_value_rejects_a_half_other_than_1_or_2() -> None:
    with pytest.raises(ValueError):
        year_value(make(B="1"), Y, 3)


# --- Indicator realization: one example per rule -------------------------------------------


def test_flow_increase_is_c_over_b_and_ignores_the_baseline() -> None:
    # 150 computers bought against 200 planned; the baseline 1000 is for context only.
    assert r("1000", "200", "150", FLOW) == D(150) / D(200) * 100 == D(75)


def test_flow_decrease_is_b_over_c() -> None:
    # 50 complaints against at most 40 planned.
    assert r(None, "40", "50", FLOW, DOWN) == D(40) / D(50) * 100 == D(80)
    assert r(None, "40", "32", FLOW, DOWN) == D(40) / D(32) * 100 == D(125)


def test_flow_decrease_with_zero_c_is_100() -> None:
    assert r(None, "40", "0", FLOW, DOWN) == D(100)


def test_level_with_baseline_is_progress_from_a_to_b() -> None:
    # Collection rate: from 20% to a planned 60%, now 45%.
    assert r("20", "60", "45") == D(45 - 20) / D(60 - 20) * 100 == D("62.5")
    # Below the baseline the raw figure is negative (and is displayed so).
    assert r("20", "60", "10") == D(10 - 20) / D(60 - 20) * 100 == D(-25)
    # Beyond B the raw figure is above 100.
    assert r("20", "60", "70") == D(70 - 20) / D(60 - 20) * 100 == D(125)


def test_level_without_baseline_is_like_a_flow() -> None:
    assert r(None, "80", "60") == D(60) / D(80) * 100 == D(75)
    assert r(None, "5", "8", LEVEL, DOWN) == D(5) / D(8) * 100 == D("62.5")


def test_decreasing_level_with_baseline_needs_no_special_case() -> None:
    # Permit time: from 30 days to a planned 20, now 24 days. Both terms are negative.
    assert r("30", "20", "24", LEVEL, DOWN) == D(24 - 30) / D(20 - 30) * 100 == D(60)
    # Got worse than the baseline: negative.
    assert r("30", "20", "33", LEVEL, DOWN) == D(33 - 30) / D(20 - 30) * 100 == D(-30)


def test_average_measure_uses_the_level_rule() -> None:
    ind = make(A="70", B="90", measure=AVERAGE, values={(Y, 1): "80", (Y, 2): "85"})
    result = indicator_result(ind, Y, 2)
    # C = (80 + 85) / 2 = 82.5; (82.5 - 70) / (90 - 70) * 100 = 62.5
    assert year_value(ind, Y, 2) == (D("82.5"), True)
    assert result.realization == (D("82.5") - 70) / (90 - 70) * 100 == D("62.5")
    assert result.status == Status.DUSUK  # 55 <= 62.5 < 70


def test_b_equal_to_a_kept_is_100_in_both_directions() -> None:
    # A value to keep: 90% satisfaction, planned to stay at 90%.
    assert r("90", "90", "90") == D(100)
    assert r("90", "90", "95") == D(100)  # beyond B in the indicator's direction: still 100
    # Lower is better: 10 days, to stay at 10 days.
    assert r("10", "10", "10", LEVEL, DOWN) == D(100)
    assert r("10", "10", "8", LEVEL, DOWN) == D(100)


def test_b_equal_to_a_not_kept_falls_back_to_the_ratio() -> None:
    assert r("90", "90", "72") == D(72) / D(90) * 100 == D(80)
    assert r("10", "10", "12.5", LEVEL, DOWN) == D(10) / D("12.5") * 100 == D(80)


def test_b_equal_to_a_equal_to_zero_uses_the_division_guard() -> None:
    assert r("0", "0", "0") == D(100)
    assert r("0", "0", "0", LEVEL, DOWN) == D(100)
    assert r("0", "0", "3", LEVEL, DOWN) == D(0)  # 0 / 3: missed a "keep at zero" target


def test_b_zero_is_100_when_c_reached_it_else_0() -> None:
    # Increase with B = 0 would divide by zero: any C >= 0 has reached it.
    assert r(None, "0", "0", FLOW) == D(100)
    assert r(None, "0", "5", FLOW) == D(100)
    assert r(None, "0", "-1", FLOW) == D(0)  # outside the entry rules (values are >= 0)
    # Decrease with B = 0: C = 0 reached it (guard); C > 0 gives 0 / C = 0.
    assert r(None, "0", "0", LEVEL, DOWN) == D(100)
    assert r(None, "0", "2", LEVEL, DOWN) == D(0)
    # With a baseline different from B = 0 the formula divides by B − A, not by zero.
    assert r("5", "0", "1", LEVEL, DOWN) == D(1 - 5) / D(0 - 5) * 100 == D(80)


def test_realization_is_none_without_b_or_c() -> None:
    assert realization(A=None, B=None, C=D(1), measure=FLOW, direction=UP) is None
    assert realization(A=None, B=D(1), C=None, measure=FLOW, direction=UP) is None


# --- Indicator result: statuses and periods --------------------------------------------------


def test_no_b_is_hedef_yok_not_evaluated_but_shows_c() -> None:
    res = indicator_result(make(B=None, values={(Y, 2): "12"}), Y, 2)
    assert res.status == Status.HEDEF_YOK
    assert (res.due, res.evaluated, res.has_value) == (True, False, True)
    assert (res.realization, res.C, res.approved) == (None, D(12), True)


def test_no_value_is_veri_yok_and_evaluated() -> None:
    res = indicator_result(make(B="10"), Y, 2)
    assert res.status == Status.VERI_YOK
    assert (res.due, res.evaluated, res.has_value, res.approved) == (True, True, False, None)
    assert res.realization is None and res.expected_realization is None


def test_yearly_indicator_is_out_of_period_at_h1_and_due_at_h2() -> None:
    ind = make(B="10", measure=FLOW, months=12, values={(Y, 2): "10"})
    h1 = indicator_result(ind, Y, 1)
    assert h1.status == Status.DONEM_DISI
    assert (h1.due, h1.evaluated, h1.has_value) == (False, False, False)
    assert (h1.realization, h1.C, h1.approved) == (None, None, None)
    h2 = indicator_result(ind, Y, 2)
    assert (h2.due, h2.evaluated, h2.realization) == (True, True, D(100))
    assert h2.status == Status.ULASILDI


def test_h1_flow_on_plan_shows_50_officially_and_100_against_expected_progress() -> None:
    ind = make(B="240", measure=FLOW, values={(Y, 1): "120"})
    res = indicator_result(ind, Y, 1)
    assert res.realization == D(120) / D(240) * 100 == D(50)  # official: against year-end B
    assert res.expected_realization == D(120) / (D(240) / 2) * 100 == D(100)
    assert res.status == Status.ULASILDI  # judged against the expected progress
    # At H2 both figures are the same: 120 + 110 = 230 of 240.
    full = indicator_result(replace(ind, values={**ind.values, (Y, 2): PeriodValue(D(110))}), Y, 2)
    assert full.realization == full.expected_realization
    assert close(full.realization, D(230) / D(240) * 100)  # 95.83…
    assert full.status == Status.IYI


def test_h1_decreasing_flow_is_judged_against_half_of_b() -> None:
    # At most 40 complaints a year; 20 in H1 is on plan.
    res = indicator_result(make(B="40", measure=FLOW, direction=DOWN, values={(Y, 1): "20"}), Y, 1)
    assert res.realization == D(40) / D(20) * 100 == D(200)  # official figure
    assert res.expected_realization == (D(40) / 2) / D(20) * 100 == D(100)
    assert res.status == Status.ULASILDI


def test_h1_level_expected_progress_is_b_itself() -> None:
    res = indicator_result(make(A="20", B="60", values={(Y, 1): "45"}), Y, 1)
    assert res.realization == res.expected_realization == D("62.5")
    assert res.status == Status.DUSUK


def test_expected_realization_at_h2_is_the_official_one() -> None:
    figures = {"A": None, "B": D(240), "C": D(120), "measure": FLOW, "direction": UP}
    assert expected_realization(**figures, half=2) == realization(**figures) == D(50)
    assert expected_realization(**figures, half=1) == D(100)


# --- Status bands ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("250", Status.ULASILDI),
        ("100", Status.ULASILDI),
        ("99.999", Status.IYI),
        ("85", Status.IYI),
        ("84.99", Status.ORTA),
        ("70", Status.ORTA),
        ("69.99", Status.DUSUK),
        ("55", Status.DUSUK),
        ("54.99", Status.COK_DUSUK),
        ("-20", Status.COK_DUSUK),
        (None, Status.VERI_YOK),
    ],
)
def test_status_bands_at_each_boundary(value: str | None, status: Status) -> None:
    assert status_for(None if value is None else D(value), Settings()) == status


def test_status_bands_are_a_setting() -> None:
    strict = Settings(bands=((Status.ULASILDI, D(100)), (Status.IYI, D(90))))
    assert status_for(D(95), strict) == Status.IYI
    assert status_for(D(89), strict) == Status.COK_DUSUK


def test_settings_refuse_unknown_means_and_unordered_bands() -> None:
    with pytest.raises(ValueError):
        Settings(aim_mean="median")
    with pytest.raises(ValueError):
        Settings(plan_mean="weighted")
    with pytest.raises(ValueError):
        Settings(bands=((Status.IYI, D(85)), (Status.ULASILDI, D(100))))


# --- Target ---------------------------------------------------------------------------------


def test_target_is_the_weighted_mean_of_clamped_realizations() -> None:
    over = make(key="a", weight="50", B="100", measure=FLOW, months=12, values={(Y, 2): "150"})
    under = make(key="b", weight="50", A="50", B="100", values={(Y, 2): "40"})
    assert indicator_result(under, Y, 2).realization == D(40 - 50) / D(100 - 50) * 100 == D(-20)
    on = target_result("T", [over, under], Y, 2)
    assert on.realization == (50 * D(100) + 50 * D(0)) / (50 + 50) == D(50)
    off = target_result("T", [over, under], Y, 2, Settings(clamp=False))
    assert off.realization == (50 * D(150) + 50 * D(-20)) / (50 + 50) == D(65)
    assert on.coverage == off.coverage == D(100)


def test_target_divides_by_the_sum_of_weights_when_they_do_not_sum_to_100() -> None:
    a = make(key="a", weight="30", B="100", measure=FLOW, months=12, values={(Y, 2): "80"})
    b = make(key="b", weight="20", B="100", measure=FLOW, months=12, values={(Y, 2): "60"})
    res = target_result("T", [a, b], Y, 2)
    assert res.realization == (30 * D(80) + 20 * D(60)) / (30 + 20) == D(72)
    assert res.weight_evaluated == res.weight_with_value == D(50)


def test_target_with_zero_or_empty_weights_takes_the_plain_mean_and_counts_coverage() -> None:
    a = make(key="a", weight="0", B="100", measure=FLOW, months=12, values={(Y, 2): "80"})
    b = make(key="b", weight=None, B="100", measure=FLOW, months=12, values={(Y, 2): "60"})
    c = make(key="c", weight="0", B="100", measure=FLOW)  # no value
    res = target_result("T", [a, b, c], Y, 2)
    assert res.realization == (D(80) + D(60)) / 2 == D(70)
    assert close(res.coverage, D(2) / D(3) * 100)  # 2 of the 3 evaluated indicators have a value


def test_target_leaves_out_an_indicator_without_b() -> None:
    no_b = make(key="a", weight="60", B=None, measure=FLOW, months=12, values={(Y, 2): "999"})
    half = make(key="b", weight="40", B="100", measure=FLOW, months=12, values={(Y, 2): "50"})
    res = target_result("T", [no_b, half], Y, 2)
    assert res.realization == (40 * D(50)) / 40 == D(50)
    assert res.weight_evaluated == D(40)  # the 60 is left out
    assert res.coverage == D(40) / D(40) * 100 == D(100)


def test_target_counts_an_indicator_without_value_in_coverage_only() -> None:
    done = make(key="a", weight="60", B="100", measure=FLOW, months=12, values={(Y, 2): "80"})
    empty = make(key="b", weight="40", B="10", measure=FLOW)
    res = target_result("T", [done, empty], Y, 2)
    assert res.realization == (60 * D(80)) / 60 == D(80)
    assert res.coverage == D(60) / D(60 + 40) * 100 == D(60)
    assert [i.status for i in res.indicators] == [Status.ORTA, Status.VERI_YOK]


def test_target_at_h1_leaves_out_yearly_indicators_and_sums_official_figures() -> None:
    yearly = make(key="a", weight="50", B="10", measure=FLOW, months=12)
    flow = make(key="b", weight="50", B="240", measure=FLOW, values={(Y, 1): "120"})
    res = target_result("T", [yearly, flow], Y, 1)
    assert res.weight_evaluated == D(50)  # the yearly indicator is not due
    assert res.realization == D(50)  # the official H1 figure, not the expected 100
    assert res.coverage == D(100)
    assert res.indicators[0].status == Status.DONEM_DISI
    assert res.indicators[1].status == Status.ULASILDI


def test_target_without_values_or_evaluated_indicators_is_none() -> None:
    empty = target_result("T", [make(B="10")], Y, 2)
    assert (empty.realization, empty.coverage, empty.approved) == (None, D(0), None)
    nothing = target_result("T", [make(B=None)], Y, 2)
    assert (nothing.realization, nothing.coverage) == (None, None)
    assert target_result("T", [], Y, 2).coverage is None


def test_target_of_zero_weight_values_beside_a_weighted_empty_one_shows_zero_coverage() -> None:
    # The plain mean stands in when the weights of the indicators with a value sum to 0; the
    # coverage (0 %) tells the reader that none of the target's weight is covered.
    weighted_empty = make(key="a", weight="100", B="10", measure=FLOW)
    zero_weight = make(key="b", weight="0", B="10", measure=FLOW, months=12, values={(Y, 2): "5"})
    res = target_result("T", [weighted_empty, zero_weight], Y, 2)
    assert res.realization == D(50)
    assert res.coverage == D(0)


# --- Approved flag --------------------------------------------------------------------------


def test_approved_flag_is_true_only_when_every_value_used_is_approved() -> None:
    pending = PeriodValue(D(50), approved=False)
    flow = make(B="100", measure=FLOW, values={(Y, 1): "40", (Y, 2): pending})
    assert indicator_result(flow, Y, 1).approved is True  # only H1 used
    assert indicator_result(flow, Y, 2).approved is False  # H1 + H2 used
    # A level uses only its latest value.
    level = make(B="100", values={(Y, 1): PeriodValue(D(40), approved=False), (Y, 2): "60"})
    assert indicator_result(level, Y, 2).approved is True
    assert indicator_result(level, Y, 1).approved is False


def test_target_approved_flag_propagates_from_its_indicators() -> None:
    ok = make(key="a", B="100", values={(Y, 2): "60"})
    pending = make(key="b", B="100", values={(Y, 2): PeriodValue(D(60), approved=False)})
    assert target_result("T", [ok], Y, 2).approved is True
    assert target_result("T", [ok, pending], Y, 2).approved is False
    assert target_result("T", [make(key="c", B="100")], Y, 2).approved is None


# --- Aim and plan ---------------------------------------------------------------------------


def target(key: str, figure: str | None, coverage: str | None = "100") -> TargetResult:
    return TargetResult(
        key=key,
        realization=None if figure is None else D(figure),
        coverage=None if coverage is None else D(coverage),
        indicators=(),
        weight_evaluated=D(100),
        weight_with_value=D(100),
        approved=True,
    )


def test_aim_is_the_plain_mean_of_its_targets_with_a_realization() -> None:
    aim = aim_result("A1", [target("t1", "80"), target("t2", "50"), target("t3", None, None)])
    assert aim.realization == (D(80) + D(50)) / 2 == D(65)
    assert aim.coverage == (D(100) + D(100)) / 2
    assert aim_result("A2", [target("t", None)]).realization is None


def test_aim_cost_weighted_mean() -> None:
    settings = Settings(aim_mean="cost")
    costs = {"t1": D(300), "t2": D(100)}
    aim = aim_result("A1", [target("t1", "80"), target("t2", "50")], settings, costs)
    assert aim.realization == (300 * D(80) + 100 * D(50)) / (300 + 100) == D("72.5")


def test_aim_cost_weighted_mean_without_costs_falls_back_to_the_plain_mean() -> None:
    settings = Settings(aim_mean="cost")
    aim = aim_result("A1", [target("t1", "80"), target("t2", "50")], settings, {"t1": None})
    assert aim.realization == D(65)
    with pytest.raises(ValueError):
        aim_result("A1", [target("t1", "80")], settings)


def test_plan_is_the_plain_mean_of_its_aims_and_of_all_targets_coverage() -> None:
    a1 = aim_result("A1", [target("t1", "80", "100"), target("t2", "60", "50")])  # 70
    a2 = aim_result("A2", [target("t3", "40", "80")])  # 40
    a3 = aim_result("A3", [target("t4", None, None)])  # no realization: left out
    plan = plan_result([a1, a2, a3])
    assert plan.realization == (D(70) + D(40)) / 2 == D(55)
    assert close(plan.coverage, (D(100) + D(50) + D(80)) / 3)  # mean over targets, not aims
    assert plan.aims == (a1, a2, a3)


def test_plan_cost_weighted_mean() -> None:
    a1 = AimResult(key="A1", realization=D(70), targets=())
    a2 = AimResult(key="A2", realization=D(40), targets=())
    costs = {"A1": D(1_000), "A2": D(3_000)}  # Σ of each aim's targets' planned costs
    plan = plan_result([a1, a2], Settings(plan_mean="cost"), costs)
    assert plan.realization == (1_000 * D(70) + 3_000 * D(40)) / 4_000 == D("47.5")
    assert plan.coverage is None


# --- Plan-to-date (birikimli) ---------------------------------------------------------------


def test_cumulative_flow_sums_actuals_and_plans_with_half_the_current_b_at_h1() -> None:
    ind = make(
        measure=FLOW,
        planned={2025: "100", 2026: "120"},
        values={(2025, 1): "40", (2025, 2): "50", (2026, 1): "70", (2026, 2): "40"},
    )
    h1 = cumulative_result(ind, 2026, 1, 2025)
    # C = 40 + 50 + 70 = 160 against B = 100 + 120 / 2 = 160
    assert (h1.realization, h1.C, h1.B) == (D(100), D(40 + 50 + 70), D(100) + D(120) / 2)
    assert h1.status == Status.ULASILDI
    h2 = cumulative_result(ind, 2026, 2, 2025)
    assert (h2.status, h2.C, h2.B) == (Status.IYI, D(40 + 50 + 70 + 40), D(100 + 120))
    assert close(h2.realization, D(200) / D(220) * 100)  # 90.909…


def test_cumulative_flow_counts_the_years_with_a_b_and_needs_all_their_values() -> None:
    ind = make(
        measure=FLOW,
        months=12,
        planned={2025: "100", 2026: None, 2027: "100"},
        values={(2025, 2): "80", (2026, 2): "500", (2027, 2): "60"},  # 2026 has no B
    )
    res = cumulative_result(ind, 2027, 2, 2025)
    assert (res.C, res.B, res.realization) == (D(80 + 60), D(200), D(70))
    # Completeness (§5): without 2027's value the sum to date is not read from 2025 alone.
    gap = make(
        measure=FLOW,
        months=12,
        planned={2025: "100", 2026: None, 2027: "100"},
        values={(2025, 2): "80", (2026, 2): "500"},
    )
    res = cumulative_result(gap, 2027, 2, 2025)
    assert (res.C, res.realization, res.status) == (None, None, Status.VERI_YOK)
    assert res.missing_periods == ((2027, 2),)


def test_cumulative_yearly_flow_at_h1_leaves_the_current_year_out() -> None:
    ind = make(measure=FLOW, months=12, planned={2025: "10", 2026: "10"}, values={(2025, 2): "9"})
    res = cumulative_result(ind, 2026, 1, 2025)
    assert (res.C, res.B, res.realization) == (D(9), D(10), D(90))


def test_cumulative_level_is_the_latest_value_against_its_years_b_with_the_baseline() -> None:
    ind = make(
        A="20",
        planned={2025: "40", 2026: "60"},
        values={(2025, 2): "35", (2026, 1): "50"},
    )
    res = cumulative_result(ind, 2026, 1, 2025)
    # The latest value, 50 (2026-H1), against 2026's B, 60: a level's B is not halved at H1.
    assert (res.status, res.C, res.B) == (Status.ORTA, D(50), D(60))
    assert res.realization == D(50 - 20) / D(60 - 20) * 100 == D(75)
    # At 2025-H2 the latest value is 2025's: (35 - 20) / (40 - 20) * 100 = 75
    assert cumulative_result(ind, 2025, 2, 2025).realization == D(75)


def test_cumulative_without_values_or_plan() -> None:
    assert cumulative_result(make(B="10"), Y, 2, Y).status == Status.VERI_YOK
    no_plan = cumulative_result(make(B=None, values={(Y, 2): "3"}), Y, 2, Y)
    assert (no_plan.C, no_plan.B, no_plan.realization, no_plan.status) == (
        None,
        None,
        None,
        Status.HEDEF_YOK,
    )


# --- Budget ---------------------------------------------------------------------------------


def test_budget_realization_is_actual_over_planned() -> None:
    assert budget_realization(D(1_000_000), D(750_000)) == D(750_000) / D(1_000_000) * 100
    assert budget_realization(D(1_000_000), D(750_000)) == D(75)
    assert budget_realization(D(200), D(300)) == D(150)
    assert budget_realization(None, D(1)) is None
    assert budget_realization(D(0), D(1)) is None
    assert budget_realization(D(1), None) is None


# --- Display rounding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("2.675", "2.68"),
        ("2.665", "2.67"),  # half-up, not banker's rounding (which gives 2.66)
        ("-2.675", "-2.68"),  # a tie rounds away from zero
        ("12.345", "12.35"),
        ("62.5", "62.50"),
        ("1E+2", "100.00"),
        ("-0.001", "0.00"),  # never "-0.00"
        ("0.004999", "0.00"),
    ],
)
def test_round2_and_fmt2_round_half_up_to_two_places(value: str, shown: str) -> None:
    assert round2(D(value)) == D(shown)
    assert fmt2(D(value)) == shown


def test_round2_and_fmt2_pass_none_through() -> None:
    assert round2(None) is None
    assert fmt2(None) is None


def test_fmt2_of_a_repeating_figure() -> None:
    assert fmt2(D(2) / D(3) * 100) == "66.67"
    assert fmt2(realization(A=None, B=D(220), C=D(200), measure=FLOW, direction=UP)) == "90.91"
