"""plan_results, results_to_json and export_results against figures worked out by hand.

The Kars figures below follow DESIGN.md §5 step by step; each expected number is written as
the arithmetic a reader can redo with the plan's printed weights and planned values.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from goals.models import Plan, Target
from indicators.computation import Settings, Status
from indicators.models import Actual, Expenditure, Indicator, Period, Submission, SubmissionStatus
from reports.results import (
    LOAD_QUERIES,
    computation_settings,
    indicator_formula,
    parse_half,
    plan_results,
    plan_results_series,
    results_to_json,
)
from tests.plan_documents import synthetic_document


def enter(indicator: Indicator, year: int, half: int, value: str, **extra) -> Actual:
    period = Period.objects.get(plan=indicator.target.plan, year=year, half=half)
    return Actual.objects.create(indicator=indicator, period=period, value=Decimal(value), **extra)


def spend(target: Target, year: int, half: int, amount: str) -> Expenditure:
    period = Period.objects.get(plan=target.plan, year=year, half=half)
    return Expenditure.objects.create(target=target, period=period, amount=Decimal(amount))


def set_status(target: Target, year: int, half: int, status: str) -> Submission:
    period = Period.objects.get(plan=target.plan, year=year, half=half)
    return Submission.objects.create(unit=target.responsible_unit, period=period, status=status)


def export(tmp_path, *args: str) -> dict:
    out = tmp_path / "results.json"
    call_command("export_results", *args, "--out", str(out))
    return json.loads(out.read_text(encoding="utf-8"))


def r2(value: Decimal) -> str:
    """Round half up to 2 places, as the export does."""
    return str(value.quantize(Decimal("0.01"), rounding="ROUND_HALF_UP"))


@pytest.fixture
def kars_with_actuals(kars_plan: Plan) -> Plan:
    return add_sample_actuals(kars_plan)


def add_sample_actuals(kars_plan: Plan) -> Plan:
    """A few 2025 values in H1.1 and H1.2 (aim A1), expenditures, and one approved period.

    H1.2 "İnsan Kaynakları ve Eğitim Müdürlüğü", 2025 planned values (all flows):
      #1 Düzenlenen Hizmet İçi Eğitim Sayısı  weight 50.81  B = 2    H1 = 1, H2 = 2
      #2 Düzenlenen Oryantasyon Eğitimi Sayısı weight 0     B = 1    nothing entered
      #3 Düzenlenen Etkinlik Sayısı            weight 49.18 B = 18   H1 = 6, H2 = 6
      #4 Alınan Personel Sayısı (12 months)    weight 0     B = 10   H2 = 5
    H1.1 "Mali Hizmetler Müdürlüğü": #6 Yapılan Alacak Takibi Sayısı, flow, weight 55.86,
      B = 6000, H1 = 2000, H2 = 2500 (its other eleven indicators have no value).
    Costs 2025: H1.2 planned 100,000 TL, spent 30,000 (H1) + 45,000 (H2).
    Submissions of İnsan Kaynakları: 2025-H1 approved, 2025-H2 submitted.
    """
    h11 = kars_plan.targets.get(code="H1.1")
    h12 = kars_plan.targets.get(code="H1.2")
    ind = {i.order: i for i in h12.indicators.all()}
    assert [ind[k].weight for k in (1, 2, 3, 4)] == [
        Decimal("50.81"),
        Decimal("0"),
        Decimal("49.18"),
        Decimal("0"),
    ]
    assert ind[4].monitoring_frequency_months == 12
    enter(ind[1], 2025, 1, "1")
    enter(ind[1], 2025, 2, "2")
    enter(ind[3], 2025, 1, "6")
    enter(ind[3], 2025, 2, "6")
    enter(ind[4], 2025, 2, "5")
    collection = h11.indicators.get(order=6)
    assert (collection.weight, collection.measure) == (Decimal("55.86"), "flow")
    enter(collection, 2025, 1, "2000")
    enter(collection, 2025, 2, "2500")
    spend(h12, 2025, 1, "30000")
    spend(h12, 2025, 2, "45000")
    set_status(h12, 2025, 1, SubmissionStatus.APPROVED)
    set_status(h12, 2025, 2, SubmissionStatus.SUBMITTED)
    return kars_plan


def _aim(data: dict, code: str) -> dict:
    return next(a for a in data["aims"] if a["code"] == code)


def _target(data: dict, code: str) -> dict:
    return next(t for a in data["aims"] for t in a["targets"] if t["code"] == code)


def _indicator(target: dict, order: int) -> dict:
    return next(i for i in target["indicators"] if i["order"] == order)


def test_export_results_at_h2_matches_the_hand_arithmetic(kars_with_actuals, tmp_path):
    data = export(tmp_path, "--year", "2025")
    assert (data["year"], data["period"], data["clamp"]) == (2025, "H2", True)

    h12 = _target(data, "H1.2")
    # Flows at H2: C = H1 + H2 against the year's B.
    first = _indicator(h12, 1)
    assert (first["A"], first["B"], first["C"]) == (None, "2.00", "3.00")
    assert first["realization"] == "150.00"  # 3 / 2 × 100, shown raw
    assert (first["status"], first["approved"]) == ("ulasildi", False)  # H2 is not approved
    third = _indicator(h12, 3)
    assert third["C"] == "12.00"
    assert third["realization"] == "66.67"  # 12 / 18 × 100 = 66.666…
    assert third["status"] == "dusuk"  # 55 ≤ 66.67 < 70
    assert _indicator(h12, 2)["status"] == "veri_yok"
    assert _indicator(h12, 4)["realization"] == "50.00"  # 5 / 10 × 100
    # Target: Σ(w × clamp(r)) / Σ w over the indicators with a value (#1, #3, #4):
    # (50.81 × 100 + 49.18 × 200/3 + 0 × 50) / (50.81 + 49.18 + 0)
    target_h12 = (Decimal("50.81") * 100 + Decimal("49.18") * Decimal(200) / 3) / Decimal("99.99")
    assert h12["realization"] == r2(target_h12) == "83.61"
    # Coverage: Σ w with a value / Σ w evaluated = 99.99 / 99.99 (#2 has weight 0).
    assert h12["coverage"] == "100.00"
    assert h12["budget"] == {"planned": "100000.00", "actual": "75000.00", "realization": "75.00"}

    h11 = _target(data, "H1.1")
    assert _indicator(h11, 6)["realization"] == "75.00"  # (2000 + 2500) / 6000 × 100
    assert h11["realization"] == "75.00"  # the only indicator with a value
    assert h11["coverage"] == "55.86"  # 55.86 / 100.00 (the card's weights sum to 100)
    assert h11["budget"] == {"planned": "850000.00", "actual": None, "realization": None}

    # Aim A1: the plain mean of its targets with a realization (H1.1 and H1.2).
    assert _aim(data, "A1")["realization"] == r2((Decimal(75) + target_h12) / 2) == "79.30"
    assert _aim(data, "A2")["realization"] is None
    # Plan: the mean of its aims with a realization (A1 only); coverage: the mean of the
    # coverage of the 28 targets that evaluate an indicator in 2025 (H4.5 and H6.2 do not).
    assert data["plan"]["realization"] == "79.30"
    assert data["plan"]["coverage"] == r2((Decimal("55.86") + 100) / 28) == "5.57"
    assert _target(data, "H4.5")["coverage"] is None


def test_export_results_at_h1_uses_the_first_half_only(kars_with_actuals, tmp_path):
    data = export(tmp_path, "--year", "2025", "--period", "H1")
    assert data["period"] == "H1"
    h12 = _target(data, "H1.2")
    first, third = _indicator(h12, 1), _indicator(h12, 3)
    assert (first["C"], first["realization"]) == ("1.00", "50.00")  # 1 / 2 (year-end B)
    assert first["status"] == "ulasildi"  # against the expected progress: 1 / (2 / 2)
    assert first["approved"] is True  # H1 is approved
    assert (third["realization"], third["status"]) == ("33.33", "dusuk")  # 6/18; 6/9 = 66.67
    assert _indicator(h12, 4)["status"] == "donem_disi"  # yearly: not due at H1
    # (50.81 × 50 + 49.18 × 100/3) / 99.99 = 41.80…
    expected = (Decimal("50.81") * 50 + Decimal("49.18") * Decimal(100) / 3) / Decimal("99.99")
    assert h12["realization"] == r2(expected) == "41.80"
    assert h12["budget"] == {"planned": "100000.00", "actual": "30000.00", "realization": "30.00"}
    assert _indicator(_target(data, "H1.1"), 6)["realization"] == "33.33"  # 2000 / 6000


def test_approved_only_counts_only_values_of_approved_periods(kars_with_actuals, tmp_path):
    data = export(tmp_path, "--year", "2025", "--approved-only")
    h12 = _target(data, "H1.2")
    # Only 2025-H1 of İnsan Kaynakları is approved. Its H2 is pending, so with approved-only
    # the flows lack H2 (DESIGN.md §5, completeness): no C, "veri yok", never H1 alone read
    # as a low year ("çok düşük").
    for order in (1, 3, 4):
        ind = _indicator(h12, order)
        assert (ind["C"], ind["realization"], ind["progress"]) == (None, None, None)
        assert ind["status"] == "veri_yok"
        assert ind["missing_periods"] == ["2025-H2"]
        assert ind["no_data_reason"] is None
    assert h12["realization"] is None
    # They stay in the coverage's denominator: 0 of 50.81 + 49.18 weighted points have a C.
    assert h12["coverage"] == "0.00"
    assert h12["budget"]["actual"] == "30000.00"  # the H2 expenditure is not approved either
    # Mali Hizmetler has no approved period at all.
    assert _target(data, "H1.1")["realization"] is None
    assert data["plan"]["realization"] is None
    # At H1 the approved values are complete: #1 = 1 of B = 2 (50 %, progress 1 / (2/2) = 100 %).
    h1 = _target(export(tmp_path, "--year", "2025", "--period", "H1", "--approved-only"), "H1.2")
    first = _indicator(h1, 1)
    assert (first["C"], first["realization"], first["progress"]) == ("1.00", "50.00", "100.00")
    assert (first["status"], first["approved"], first["missing_periods"]) == ("ulasildi", True, [])


def test_export_results_prints_to_stdout_without_out(kars_with_actuals, capsys):
    call_command("export_results", "--year", "2025", "--period", "h2")
    data = json.loads(capsys.readouterr().out)
    assert data["plan"]["realization"] == "79.30"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "2025", "--period", "H3"], "H1 ya da H2"),
        (["--year", "2031"], "dışında"),
    ],
)
def test_export_results_refuses_a_bad_period_or_year(kars_plan, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("export_results", *args)


def test_export_results_without_a_plan_says_so(db):
    with pytest.raises(CommandError, match="load_plan"):
        call_command("export_results", "--year", "2025")


def test_plan_results_runs_the_same_number_of_queries_for_any_plan_size(
    small_plan, kars_plan, django_assert_num_queries
):
    for plan in (small_plan, kars_plan):
        with django_assert_num_queries(LOAD_QUERIES):
            results = plan_results(plan, 2025, 2)
        with django_assert_num_queries(0):
            results_to_json(results)
    assert LOAD_QUERIES == 9


def test_series_loads_once_and_computes_every_period_so_far(
    kars_with_actuals, django_assert_num_queries
):
    with django_assert_num_queries(LOAD_QUERIES):
        series = plan_results_series(kars_with_actuals, 2026, 1)
    assert [r.label for r in series] == ["2025-H1", "2025-H2", "2026-H1"]
    assert [r.realization for r in series][2] is None
    assert series[1].target(kars_with_actuals.targets.get(code="H1.2").pk).realization == (
        plan_results(kars_with_actuals, 2025, 2)
        .target(kars_with_actuals.targets.get(code="H1.2").pk)
        .realization
    )


def test_the_clamp_setting_reaches_the_figures(kars_with_actuals, settings, tmp_path):
    settings.KARSPLAN = {**settings.KARSPLAN, "CLAMP": False}
    data = export(tmp_path, "--year", "2025")
    assert data["clamp"] is False
    # (50.81 × 150 + 49.18 × 200/3 + 0 × 50) / 99.99
    expected = (Decimal("50.81") * 150 + Decimal("49.18") * Decimal(200) / 3) / Decimal("99.99")
    assert _target(data, "H1.2")["realization"] == r2(expected) == "109.01"


def test_settings_come_from_django_settings(settings):
    settings.KARSPLAN = {
        **settings.KARSPLAN,
        "BANDS": {"dusuk": 50, "ulasildi": 95, "orta": 60, "iyi": 80},
        "AIM_MEAN": "cost",
    }
    conf = computation_settings()
    assert conf.bands == (
        (Status.ULASILDI, Decimal(95)),
        (Status.IYI, Decimal(80)),
        (Status.ORTA, Decimal(60)),
        (Status.DUSUK, Decimal(50)),
    )
    assert (conf.clamp, conf.aim_mean, conf.plan_mean) == (True, "cost", "plain")


def test_cost_weighted_aim_mean_weighs_targets_by_their_planned_cost(kars_with_actuals):
    results = plan_results(kars_with_actuals, 2025, 2, settings=Settings(aim_mean="cost"))
    aim = results.aims[0]
    h11, h12 = (results.target(kars_with_actuals.targets.get(code=c).pk) for c in ("H1.1", "H1.2"))
    # (850,000 × 75 + 100,000 × 83.605…) / 950,000
    expected = (850000 * h11.realization + 100000 * h12.realization) / 950000
    assert r2(aim.realization) == r2(expected) == "75.91"


def test_status_counts_and_unapproved_values(kars_with_actuals):
    results = plan_results(kars_with_actuals, 2025, 2)
    counts = results.status_counts()
    assert list(counts) == list(Status)
    assert counts[Status.ULASILDI] == 1  # H1.2 #1
    assert counts[Status.DUSUK] == 1  # H1.2 #3
    assert counts[Status.ORTA] == 1  # H1.1 #6
    assert counts[Status.COK_DUSUK] == 1  # H1.2 #4 (50 %)
    assert counts[Status.HEDEF_YOK] == 6
    assert sum(counts.values()) == 184
    assert results.unapproved_count() == 4  # every indicator with a value at 2025-H2


def test_the_formula_shows_the_rule_with_the_indicators_inputs(kars_with_actuals):
    results = plan_results(kars_with_actuals, 2025, 1)
    h12 = results.target(kars_with_actuals.targets.get(code="H1.2").pk)
    first = h12.indicators[0]
    formula = indicator_formula(first, 1)
    assert (formula.symbolic, formula.numeric) == ("C / B × 100", "1 / 2 × 100")
    assert (formula.expected_symbolic, formula.expected_numeric) == (
        "C / (B / 2) × 100",
        "1 / 1 × 100",
    )
    assert indicator_formula(h12.indicators[1], 1) is None  # no value
    assert [(t.weight, r2(t.value)) for t in h12.terms] == [
        (Decimal("50.81"), "50.00"),
        (Decimal("49.18"), "33.33"),
    ]
    assert r2(h12.weighted_sum / Decimal("99.99")) == r2(h12.realization) == "41.80"


@pytest.mark.parametrize(
    ("measure", "direction", "baseline", "planned", "value", "symbolic", "numeric"),
    [
        (
            "level",
            "increase",
            "20",
            "60",
            "45",
            "(C − A) / (B − A) × 100",
            "(45 − 20) / (60 − 20) × 100",
        ),
        ("level", "increase", None, "80", "60", "C / B × 100", "60 / 80 × 100"),
        ("flow", "decrease", None, "40", "50", "B / C × 100", "40 / 50 × 100"),
        ("level", "increase", "90", "90", "95", "C ≥ B = A ⇒ 100", "95 ≥ 90 ⇒ 100"),
        ("level", "decrease", "10", "10", "12,5", "B / C × 100", "10 / 12,5 × 100"),
        ("flow", "decrease", None, "0", "2", "B / C × 100", "0 / 2 × 100"),
        ("flow", "decrease", None, "40", "0", "C = 0, C ≤ B ⇒ 100", "0 ≤ 40 ⇒ 100"),
        ("flow", "increase", None, "0", "3", "B = 0, C ≥ B ⇒ 100", "3 ≥ 0 ⇒ 100"),
    ],
)
def test_formula_names_the_rule_of_docs_computation(
    small_plan, measure, direction, baseline, planned, value, symbolic, numeric
):
    indicator = Indicator.objects.filter(target__plan=small_plan).order_by("pk").first()
    indicator.measure, indicator.direction = measure, direction
    indicator.baseline = None if baseline is None else Decimal(baseline)
    # A flow's C needs every due period of the year: one monitored yearly has H2 alone.
    indicator.monitoring_frequency_months = 12 if measure == "flow" else 6
    indicator.save()
    indicator.planned_values.filter(year=2025).update(value=Decimal(planned))
    enter(indicator, 2025, 2, value.replace(",", "."))
    fig = plan_results(small_plan, 2025, 2).target(indicator.target_id).indicators[0]
    formula = indicator_formula(fig, 2)
    assert (formula.symbolic, formula.numeric) == (symbolic, numeric)


def test_a_value_left_empty_counts_as_not_entered(small_plan):
    indicator = Indicator.objects.filter(target__plan=small_plan).order_by("pk").first()
    period = Period.objects.get(plan=small_plan, year=2025, half=2)
    Actual.objects.create(indicator=indicator, period=period, value=None, explanation="Yok")
    fig = plan_results(small_plan, 2025, 2).target(indicator.target_id).indicators[0]
    assert fig.status == Status.VERI_YOK
    assert fig.actual.explanation == "Yok"


def test_another_plans_values_do_not_leak_in(small_plan, db):
    from plans.loading import plan_load

    other = plan_load(document=synthetic_document(name="Başka Plan")).plan
    indicator = Indicator.objects.filter(target__plan=other).order_by("pk").first()
    enter(indicator, 2025, 2, "10")
    assert plan_results(small_plan, 2025, 2).unapproved_count() == 0
    assert plan_results(other, 2025, 2).unapproved_count() == 1


@pytest.mark.parametrize(("text", "half"), [("H1", 1), ("h2", 2), ("1", 1), (2, 2)])
def test_parse_half_reads_h1_and_h2(text, half):
    assert parse_half(text) == half


def test_parse_half_refuses_anything_else():
    with pytest.raises(ValueError):
        parse_half("H3")


def test_declarations_give_the_missing_periods_and_their_reasons(small_plan, tmp_path):
    """A flow declared "veri yok" for both halves: no C; each reason after its period."""
    indicator = Indicator.objects.filter(target__plan=small_plan, measure="flow").first()
    for half, reason in ((1, "Kaynak kurum yayımlamadı."), (2, "Faaliyet başlamadı.")):
        period = Period.objects.get(plan=small_plan, year=2025, half=half)
        Actual.objects.create(indicator=indicator, period=period, no_data=True, explanation=reason)
    fig = plan_results(small_plan, 2025, 2).target(indicator.target_id).indicators[2]
    assert fig.indicator == indicator
    assert (fig.C, fig.status, fig.missing_periods) == (
        None,
        Status.VERI_YOK,
        ["2025-H1", "2025-H2"],
    )
    assert fig.no_data_reason == "2025-H1: Kaynak kurum yayımlamadı.; 2025-H2: Faaliyet başlamadı."
    assert fig.actual.no_data and fig.actual.explanation == "Faaliyet başlamadı."
    at_h1 = plan_results(small_plan, 2025, 1).target(indicator.target_id).indicators[2]
    assert (at_h1.missing_periods, at_h1.no_data_reason) == (
        ["2025-H1"],
        "Kaynak kurum yayımlamadı.",
    )
