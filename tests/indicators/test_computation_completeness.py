"""The completeness rule of DESIGN.md §5, worked examples and properties.

C is made only from a complete set of period values: a flow or an average needs every due
period of the year up to the period looked at, a level the period's own value. Otherwise the
indicator has no C, its status is "veri yok" and it stays in the coverage's denominator. With
"approved only" an unapproved value counts as missing; a "veri yok" declaration is a missing
value with a reason. docs/computation.md §2.1 uses the same examples.

Pure tests: no Django, no database.
"""

from dataclasses import replace
from decimal import ROUND_DOWN, Context, getcontext, localcontext

from hypothesis import given
from hypothesis import strategies as st

from indicators.computation import (
    IndicatorInput,
    NoData,
    PeriodValue,
    Status,
    exact_context,
    indicator_result,
    only_approved,
    target_result,
)
from tests.indicators.computation_support import AVERAGE, DOWN, FLOW, LEVEL, UP, D, Y, make

H1, H2 = (Y, 1), (Y, 2)


# --- Worked examples ------------------------------------------------------------------------


def test_a_flow_missing_h1_has_no_c_at_h2() -> None:
    # 60 of B = 100 entered for H2 only: not read as a year of 60 (60 %, "düşük").
    ind = make(measure=FLOW, B="100", values={H2: "60"})
    res = indicator_result(ind, Y, 2)
    assert (res.C, res.realization, res.expected_realization) == (None, None, None)
    assert res.status == Status.VERI_YOK
    assert res.missing_periods == (H1,)
    assert res.evaluated and not res.has_value
    # With H1 = 30 the year is complete: C = 30 + 60 = 90, 90 %.
    full = make(measure=FLOW, B="100", values={H1: "30", H2: "60"})
    assert indicator_result(full, Y, 2).realization == D(90)


def test_an_average_missing_h1_has_no_c_at_h2() -> None:
    ind = make(measure=AVERAGE, B="80", values={H2: "80"})
    res = indicator_result(ind, Y, 2)
    assert (res.C, res.status, res.missing_periods) == (None, Status.VERI_YOK, (H1,))


def test_a_level_missing_h2_but_with_h1_has_no_c_at_h2() -> None:
    # A level is the state at the period's end: H1's 70 % is not the year's end.
    ind = make(measure=LEVEL, B="80", values={H1: "70"})
    h2 = indicator_result(ind, Y, 2)
    assert (h2.C, h2.realization, h2.status) == (None, None, Status.VERI_YOK)
    assert h2.missing_periods == (H2,)
    # At H1 the same value is complete: C = 70, 70 / 80 = 87.5 %.
    h1 = indicator_result(ind, Y, 1)
    assert (h1.C, h1.realization, h1.status, h1.missing_periods) == (
        D(70),
        D("87.5"),
        Status.IYI,
        (),
    )
    # A level missing H1 but with H2 is complete at H2: only H2 is needed.
    late = make(measure=LEVEL, B="80", values={H2: "80"})
    assert indicator_result(late, Y, 2).status == Status.ULASILDI


def test_a_yearly_flow_needs_h2_alone() -> None:
    ind = make(measure=FLOW, months=12, B="10", values={H2: "9"})
    assert (indicator_result(ind, Y, 2).C, indicator_result(ind, Y, 2).status) == (
        D(9),
        Status.IYI,
    )
    assert indicator_result(ind, Y, 1).status == Status.DONEM_DISI
    assert indicator_result(ind, Y, 1).missing_periods == ()


def test_approved_only_with_h2_pending_drops_coverage_and_is_veri_yok_never_cok_dusuk() -> None:
    # Two flows of a target, weights 60 and 40, B = 100 each; H1 approved, H2 entered but its
    # submission is not approved yet.
    pending = PeriodValue(D(55), approved=False)
    a = make(key="a", weight="60", measure=FLOW, B="100", values={H1: "45", H2: pending})
    b = make(key="b", weight="40", measure=FLOW, B="100", values={H1: "50", H2: "50"})
    everything = target_result("T", [a, b], Y, 2)
    # All values: a = 100 %, b = 100 %; coverage 100 %.
    assert (everything.realization, everything.coverage) == (D(100), D(100))
    assert everything.approved is False  # a rests on a pending value
    approved = target_result("T", [only_approved(a), only_approved(b)], Y, 2)
    res_a = approved.indicators[0]
    # a is not read as 45 of 100 (45 %, "çok düşük"): it has no C.
    assert (res_a.C, res_a.status, res_a.missing_periods) == (None, Status.VERI_YOK, (H2,))
    assert res_a.status != Status.COK_DUSUK
    # The target's figure is b's alone, and its coverage falls to 40 / 100.
    assert (approved.realization, approved.coverage) == (D(100), D(40))
    assert approved.approved is True


def test_a_declared_row_is_a_missing_value_with_its_reason() -> None:
    reason = "TÜİK 2025 verisini henüz yayımlamadı."
    ind = replace(
        make(measure=FLOW, B="100", values={H1: "40"}),
        declared={H2: NoData(reason)},
    )
    res = indicator_result(ind, Y, 2)
    assert (res.C, res.status) == (None, Status.VERI_YOK)
    assert res.missing_periods == (H2,)
    assert res.no_data == ((H2, reason),)
    # In a target it counts in the coverage's denominator, not in the figure.
    other = make(key="o", weight="50", measure=FLOW, B="10", values={H1: "5", H2: "5"})
    target = target_result("T", [replace(ind, weight=D(50)), other], Y, 2)
    assert (target.realization, target.coverage) == (D(100), D(50))
    # At H1 the declaration of H2 is not needed: C = 40, no reason given.
    h1 = indicator_result(ind, Y, 1)
    assert (h1.C, h1.no_data, h1.missing_periods) == (D(40), (), ())
    # A declaration that is not approved is left out with approved-only; still missing.
    pending = replace(ind, declared={H2: NoData(reason, approved=False)})
    res = indicator_result(only_approved(pending), Y, 2)
    assert (res.status, res.missing_periods, res.no_data) == (Status.VERI_YOK, (H2,), ())


def test_progress_at_h1_for_an_increasing_flow() -> None:
    # 54 of a year's 100 at H1: 54 % of the year-end target, 108 % of the expected 50.
    res = indicator_result(make(measure=FLOW, B="100", values={H1: "54"}), Y, 1)
    assert (res.realization, res.expected_realization) == (D(54), D(108))
    assert res.status == Status.ULASILDI  # from progress, not from 54 %


def test_progress_at_h1_for_a_decreasing_flow() -> None:
    # At most 40 complaints in the year; 25 in H1 against an expected 20: 20 / 25 = 80 %.
    res = indicator_result(make(measure=FLOW, direction=DOWN, B="40", values={H1: "25"}), Y, 1)
    assert (res.realization, res.expected_realization) == (D(160), D(80))
    assert res.status == Status.ORTA


def test_progress_at_h1_for_a_level_equals_its_realization() -> None:
    res = indicator_result(make(measure=LEVEL, A="20", B="60", values={H1: "45"}), Y, 1)
    assert res.realization == res.expected_realization == D(25) / D(40) * 100  # 62.5
    assert res.status == Status.DUSUK


# --- Properties -----------------------------------------------------------------------------

amounts = st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False)
weights = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)
periods = st.sampled_from([H1, H2])
indicator_inputs = st.builds(
    IndicatorInput,
    key=st.uuids(),
    weight=st.none() | weights,
    baseline=st.none() | amounts,
    planned=st.fixed_dictionaries({Y: st.none() | amounts}),
    values=st.dictionaries(periods, st.builds(PeriodValue, amounts, st.booleans())),
    measure=st.sampled_from([FLOW, LEVEL, AVERAGE]),
    direction=st.sampled_from([UP, DOWN]),
    monitoring_frequency_months=st.sampled_from([6, 12]),
)


@given(ind=indicator_inputs, half=st.sampled_from([1, 2]), data=st.data())
def test_removing_an_approval_never_lowers_a_realization(
    ind: IndicatorInput, half: int, data: st.DataObject
) -> None:
    """Approved-only: withdrawing the approval of any value leaves the figure as it was or
    makes it "veri yok"; it never turns pending work into a lower figure."""
    approved = [p for p, v in ind.values.items() if v.approved]
    if not approved:
        return
    period = data.draw(st.sampled_from(sorted(approved)))
    withdrawn = replace(
        ind, values={**ind.values, period: replace(ind.values[period], approved=False)}
    )
    before = indicator_result(only_approved(ind), Y, half)
    after = indicator_result(only_approved(withdrawn), Y, half)
    if after.realization is None:
        assert after.status in (Status.VERI_YOK, Status.HEDEF_YOK, Status.DONEM_DISI)
        if before.realization is not None:
            assert after.status == Status.VERI_YOK
    else:
        assert after.realization == before.realization
        assert after.status == before.status


@given(
    indicators=st.lists(indicator_inputs, min_size=1, max_size=6),
    half=st.sampled_from([1, 2]),
    data=st.data(),
)
def test_removing_a_value_never_raises_coverage(
    indicators: list[IndicatorInput], half: int, data: st.DataObject
) -> None:
    entered = [(k, p) for k, ind in enumerate(indicators) for p in ind.values]
    if not entered:
        return
    k, period = data.draw(st.sampled_from(entered))
    values = {p: v for p, v in indicators[k].values.items() if p != period}
    removed = [*indicators[:k], replace(indicators[k], values=values), *indicators[k + 1 :]]
    before = target_result("T", indicators, Y, half)
    after = target_result("T", removed, Y, half)
    assert (before.coverage is None) == (after.coverage is None)
    if before.coverage is not None and after.coverage is not None:
        assert after.coverage <= before.coverage


# --- The decimal context ----------------------------------------------------------------------


def test_figures_do_not_depend_on_the_callers_decimal_context() -> None:
    """The computation sets its own 40-digit context once per call tree, whatever the caller's
    (a 3-digit context would round 1/3 of 100 to 33.3)."""
    ind = make(measure=FLOW, months=12, B="3", values={H2: "1"})
    reference = indicator_result(ind, Y, 2).realization
    with localcontext(Context(prec=3, rounding=ROUND_DOWN)):
        assert indicator_result(ind, Y, 2).realization == reference
        assert target_result("T", [ind], Y, 2).realization == reference
        with exact_context():
            assert getcontext().prec == 40
            assert indicator_result(ind, Y, 2).realization == reference
        assert getcontext().prec == 3
    assert reference is not None and str(reference).startswith("33.33333333333333333333333333")


def test_a_call_tree_enters_the_decimal_context_once(monkeypatch) -> None:
    """Issue 12: entering a context on every call cost 37,000 entries per request at 20×."""
    from indicators import computation_terms

    entered = []
    real = computation_terms.localcontext

    def counting(ctx):  # noqa: ANN001, ANN202 - decimal's own signature
        entered.append(ctx)
        return real(ctx)

    monkeypatch.setattr(computation_terms, "localcontext", counting)
    inds = [make(key=str(k), measure=FLOW, B="10", values={H1: "3", H2: "4"}) for k in range(50)]
    result = target_result("T", inds, Y, 2)
    assert result.realization == D(70)
    assert len(entered) == 1
    with exact_context():
        target_result("T", inds, Y, 1)
        target_result("T", inds, Y, 2)
    assert len(entered) == 2
