"""The forecast (indicators/forecast.py, docs/computation.md "Tahmin (forecast)"): the worked
examples of the docs, and properties over random indicators.

Pure tests: no Django, no database.
"""

from decimal import Decimal

from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.computation import Settings
from indicators.forecast import (
    MIN_BAND,
    indicator_forecast,
    is_at_risk,
    target_forecast,
)
from tests.indicators.computation_support import AVERAGE, DOWN, FLOW, LEVEL, UP, D, close, make

END = 2029
FIVE_YEARS = {2025: "10", 2026: "12", 2027: "14", 2028: "16", 2029: "20"}

# --- Worked examples (docs/computation.md, "Tahmin (forecast)") -----------------------------


def test_a_flow_on_track_is_projected_on_the_plan():
    ind = make(measure=FLOW, planned=FIVE_YEARS, values={(2025, 1): "5"})
    f = indicator_forecast(ind, 2025, 1, END)
    assert f.year_end.value == D(10) and f.year_end.realization == D(100)
    assert f.plan_end.value == D(20) and f.plan_end.realization == D(100)
    assert (f.year_end.low, f.year_end.high) == (D(90), D(110))
    assert not f.year_end.known


def test_a_flow_behind_keeps_its_pace_to_the_years_end_and_the_plans_end():
    ind = make(measure=FLOW, planned=FIVE_YEARS, values={(2025, 1): "3"})
    f = indicator_forecast(ind, 2025, 1, END)
    # pace 3 / 5 = 0.6: H1's 3 plus 0.6 × 5 for H2; the final year at 0.6 × 20
    assert f.year_end.value == D(6) and f.year_end.realization == D(60)
    assert f.plan_end.value == D(12) and f.plan_end.realization == D(60)
    assert (f.plan_end.low, f.plan_end.high) == (D(50), D(70))
    assert is_at_risk(f.year_end.realization)


def test_a_flows_band_spans_its_slowest_and_fastest_period():
    ind = make(
        measure=FLOW, planned=FIVE_YEARS, values={(2025, 1): "2", (2025, 2): "6", (2026, 1): "7"}
    )
    f = indicator_forecast(ind, 2026, 1, END)
    # pace (2 + 6 + 7) / (5 + 5 + 6) = 15 / 16; single periods 0.4, 1.2 and 7/6
    assert close(f.plan_end.realization, D(15) / 16 * 100)
    assert close(f.plan_end.low, D(40)) and close(f.plan_end.high, D(120))
    assert close(f.year_end.value, 7 + D(15) / 16 * 6)


def test_a_decreasing_level_keeps_its_position_between_baseline_and_plan():
    # days to issue a permit: from 30 towards 28 (2025) and 20 (2029); 29 at 2025's end
    ind = make(A="30", direction=DOWN, planned={2025: "28", 2029: "20"}, values={(2025, 2): "29"})
    f = indicator_forecast(ind, 2025, 2, END)
    assert f.year_end.known and f.year_end.value == D(29) and f.year_end.realization == D(50)
    assert f.plan_end.value == D(25) and f.plan_end.realization == D(50)
    assert not f.plan_end.known


def test_a_level_at_mid_year_is_projected_from_its_latest_value():
    ind = make(A="40", planned={2025: "50", 2029: "90"}, values={(2025, 1): "45"})
    f = indicator_forecast(ind, 2025, 1, END)
    assert f.year_end.value == D(45) and f.year_end.realization == D(50)
    assert f.plan_end.value == D(65) and f.plan_end.realization == D(50)
    later = make(
        A="40", planned={2025: "50", 2029: "90"}, values={(2025, 1): "45", (2025, 2): "50"}
    )
    f = indicator_forecast(later, 2025, 2, END)
    assert f.plan_end.value == D(90) and f.plan_end.realization == D(100)
    assert (f.plan_end.low, f.plan_end.high) == (D(50), D(110))


def test_nothing_is_projected_without_a_value_or_a_plan():
    assert indicator_forecast(make(measure=FLOW, planned=FIVE_YEARS), 2025, 2, END) is None
    no_plan = make(planned={2025: None, 2029: None}, values={(2025, 1): "4"})
    assert indicator_forecast(no_plan, 2025, 1, END) is None
    no_final = make(planned={2025: "10", 2029: None}, values={(2025, 1): "4"})
    f = indicator_forecast(no_final, 2025, 1, END)
    assert f.year_end is not None and f.plan_end is None


def test_values_after_the_period_looked_at_are_not_used():
    ind = make(measure=FLOW, planned=FIVE_YEARS, values={(2025, 1): "5", (2025, 2): "0"})
    assert indicator_forecast(ind, 2025, 1, END).plan_end.realization == D(100)


def test_a_targets_forecast_follows_the_target_rule_and_flags_risk():
    on_track = indicator_forecast(
        make(measure=FLOW, planned=FIVE_YEARS, values={(2025, 1): "5"}), 2025, 1, END
    )
    behind = indicator_forecast(
        make(measure=FLOW, planned=FIVE_YEARS, values={(2025, 1): "1"}), 2025, 1, END
    )
    t = target_forecast("H1.1", [(D(60), on_track), (D(40), behind), (D(50), None)])
    # (60 × 100 + 40 × 20) / 100 = 68: below "orta" (70)
    assert t.year_end == D(68) and t.plan_end == D(68) and t.at_risk
    fine = target_forecast("H1.2", [(D(80), on_track), (D(20), behind)])
    assert fine.plan_end == D(84) and not fine.at_risk


def test_the_risk_threshold_is_the_orta_bands_lower_bound_from_the_settings():
    strict = Settings(bands=tuple((s, b + 10) for s, b in Settings().bands))
    assert not is_at_risk(D(72))
    assert is_at_risk(D(72), strict)
    assert not is_at_risk(None)


# --- Properties -----------------------------------------------------------------------------

amounts = st.decimals(min_value=1, max_value=1_000, places=1, allow_nan=False)
paces = st.decimals(min_value="0.1", max_value=3, places=2, allow_nan=False)


def _distance(x: Decimal) -> Decimal:
    return abs(x - 100)


@given(
    plan=st.lists(amounts, min_size=5, max_size=5),
    pace=paces,
    direction=st.sampled_from([DOWN, UP]),
    first=st.integers(min_value=1, max_value=4),
    more=st.integers(min_value=1, max_value=6),
)
def test_more_flow_values_on_the_planned_path_never_move_the_forecast_away_from_the_plan(
    plan, pace, direction, first, more
):
    planned = dict(zip(range(2025, 2030), plan, strict=True))
    periods = [(y, h) for y in range(2025, 2030) for h in (1, 2)]
    # `first` periods off the path (at `pace`), then `more` periods exactly on it
    values = {p: str(pace * planned[p[0]] / 2) for p in periods[:first]}
    before = make(measure=FLOW, direction=direction, planned=planned, values=values)
    last = periods[first - 1]
    for p in periods[first : first + more]:
        values[p] = str(planned[p[0]] / 2)
    after = make(measure=FLOW, direction=direction, planned=planned, values=values)
    now = periods[min(first + more, len(periods)) - 1]
    r_before = indicator_forecast(before, *last, END).plan_end.realization
    r_after = indicator_forecast(after, *now, END).plan_end.realization
    assert _distance(r_after) <= _distance(r_before) + D("1E-20")


@given(
    A=amounts,
    plan=st.lists(amounts, min_size=5, max_size=5),
    off=amounts,
    direction=st.sampled_from([DOWN, UP]),
)
def test_a_level_value_on_the_planned_path_puts_the_forecast_on_the_plan(A, plan, off, direction):
    planned = dict(zip(range(2025, 2030), plan, strict=True))
    ind = make(
        A=str(A),
        measure=LEVEL,
        direction=direction,
        planned=planned,
        values={(2025, 2): str(off), (2026, 2): str(planned[2026])},
    )
    f = indicator_forecast(ind, 2026, 2, END)
    assert f.plan_end.realization == D(100) and f.year_end.realization == D(100)


@given(plan=st.lists(amounts, min_size=5, max_size=5), pace=paces)
def test_the_band_always_holds_the_forecast(plan, pace):
    planned = dict(zip(range(2025, 2030), plan, strict=True))
    ind = make(measure=FLOW, planned=planned, values={(2025, 1): str(pace * planned[2025] / 2)})
    f = indicator_forecast(ind, 2025, 1, END)
    for p in (f.year_end, f.plan_end):
        assert p.low <= p.realization - MIN_BAND + D("1E-20")
        assert p.high >= p.realization + MIN_BAND - D("1E-20")


@given(
    A=amounts,
    plan=st.lists(amounts, min_size=5, max_size=5),
    position=paces,
    measure=st.sampled_from([LEVEL, AVERAGE]),
    direction=st.sampled_from([DOWN, UP]),
    first=st.integers(min_value=1, max_value=4),
    more=st.integers(min_value=1, max_value=6),
)
def test_more_level_and_average_values_on_the_planned_path_never_move_the_forecast_away(
    A, plan, position, measure, direction, first, more
):
    planned = dict(zip(range(2025, 2030), plan, strict=True))
    assume(all(b != A for b in plan))
    periods = [(y, h) for y in range(2025, 2030) for h in (1, 2)]
    # `first` periods off the path (at `position` between A and B), then `more` on it
    values = {p: str(A + position * (planned[p[0]] - A)) for p in periods[:first]}
    before = make(A=str(A), measure=measure, direction=direction, planned=planned, values=values)
    last = periods[first - 1]
    for p in periods[first : first + more]:
        values[p] = str(planned[p[0]])
    after = make(A=str(A), measure=measure, direction=direction, planned=planned, values=values)
    now = periods[min(first + more, len(periods)) - 1]
    r_before = indicator_forecast(before, *last, END).plan_end.realization
    r_after = indicator_forecast(after, *now, END).plan_end.realization
    assert _distance(r_after) <= _distance(r_before) + D("1E-20")
