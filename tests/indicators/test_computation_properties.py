"""Properties of the official computation (DESIGN.md §5), checked with hypothesis over
random indicators: monotonicity, bounds, invariance under scaling the weights, cards.

Pure tests: no Django, no database. The worked examples are in test_computation.py.
"""

import itertools
from dataclasses import replace

from hypothesis import assume, given
from hypothesis import strategies as st

from indicators.computation import (
    Direction,
    IndicatorInput,
    Measure,
    PeriodValue,
    Settings,
    realization,
    target_result,
)
from tests.indicators.computation_support import FLOW, UP, D, Y, clamped, make

# --- Properties -----------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
factors = st.decimals(min_value="0.01", max_value=1_000, places=2, allow_nan=False)
TOLERANCE = D("1E-30")

indicator_inputs = st.builds(
    IndicatorInput,
    key=st.uuids(),
    weight=st.none() | weights,
    baseline=st.none() | amounts,
    planned=st.fixed_dictionaries({Y: st.none() | amounts}),
    values=st.dictionaries(
        st.tuples(st.just(Y), st.sampled_from([1, 2])),
        st.builds(PeriodValue, amounts, st.booleans()),
    ),
    measure=st.sampled_from(Measure),
    direction=st.sampled_from(Direction),
    monitoring_frequency_months=st.sampled_from([6, 12]),
)


@given(
    measure=st.sampled_from(Measure),
    direction=st.sampled_from(Direction),
    A=st.none() | amounts,
    B=amounts,
    c1=amounts,
    c2=amounts,
)
def test_realization_never_decreases_as_c_moves_in_the_indicators_direction(
    measure: Measure, direction: Direction, A: D | None, B: D, c1: D, c2: D
) -> None:
    increase = direction == UP
    if measure != FLOW and A is not None:
        # The Kılavuz formula measures progress from A towards B: B must lie on the side of A
        # that the direction names (or equal A), else "better" is ill-defined.
        assume(B == A or (B > A) == increase)
    worse, better = sorted([c1, c2], reverse=not increase)

    def figure(C: D) -> D:
        result = realization(A=A, B=B, C=C, measure=measure, direction=direction)
        assert result is not None
        return result

    assert clamped(figure(better)) >= clamped(figure(worse))
    # The raw figure B / C grows without bound as C falls to 0, where the rule says 100:
    # raw monotonicity holds for C > 0; the clamped figure above covers C = 0.
    if increase or better > 0:
        assert figure(better) >= figure(worse)


@given(indicators=st.lists(indicator_inputs, max_size=8), half=st.sampled_from([1, 2]))
def test_clamped_target_realization_and_coverage_lie_in_0_100(
    indicators: list[IndicatorInput], half: int
) -> None:
    res = target_result("T", indicators, Y, half)
    assert res.realization is None or D(0) <= res.realization <= D(100)
    assert res.coverage is None or D(0) <= res.coverage <= D(100)
    assert D(0) <= res.weight_with_value <= res.weight_evaluated


@given(
    indicators=st.lists(indicator_inputs, min_size=1, max_size=8),
    factor=factors,
    half=st.sampled_from([1, 2]),
    clamp=st.booleans(),
)
def test_scaling_every_weight_of_a_target_changes_nothing(
    indicators: list[IndicatorInput], factor: D, half: int, clamp: bool
) -> None:
    scaled = [
        replace(ind, weight=None if ind.weight is None else ind.weight * factor)
        for ind in indicators
    ]
    settings = Settings(clamp=clamp)
    before = target_result("T", indicators, Y, half, settings)
    after = target_result("T", scaled, Y, half, settings)
    for x, y in [(before.realization, after.realization), (before.coverage, after.coverage)]:
        assert (x is None) == (y is None)
        if x is not None and y is not None:
            assert abs(x - y) <= TOLERANCE * max(abs(x), D(1))


@st.composite
def cards(draw: st.DrawFn) -> list[IndicatorInput]:
    """A target card: flow indicators whose weights sum to exactly 100.00, all with a value."""
    n = draw(st.integers(min_value=1, max_value=6))
    cuts = sorted(draw(st.sets(st.integers(1, 9_999), min_size=n - 1, max_size=n - 1)))
    cents = [b - a for a, b in itertools.pairwise([0, *cuts, 10_000])]
    figures = draw(st.lists(amounts, min_size=n, max_size=n))
    return [
        make(
            key=f"i{i}",
            weight=str(D(c) / 100),
            B="100",
            measure=FLOW,
            months=12,
            values={(Y, 2): str(f)},
        )
        for i, (c, f) in enumerate(zip(cents, figures, strict=True))
    ]


@given(first=cards(), second=cards())
def test_a_target_printed_on_two_cards_is_the_mean_of_the_two_cards(
    first: list[IndicatorInput], second: list[IndicatorInput]
) -> None:
    one, two = target_result("T", first, Y, 2), target_result("T", second, Y, 2)
    both = target_result("T", first + second, Y, 2)
    assert one.weight_evaluated == two.weight_evaluated == D(100)
    assert one.coverage == two.coverage == both.coverage == D(100)
    assert both.weight_evaluated == D(200)
    assert one.realization is not None and two.realization is not None
    assert both.realization is not None
    assert abs(both.realization - (one.realization + two.realization) / 2) <= TOLERANCE * 100
