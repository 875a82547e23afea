"""The plan's results: every figure the product shows or prints, from one implementation.

    plan_results(plan, year, half)  →  Results: plan → aims → targets → indicators, with budget
    results_to_json(results)        →  the export format of docs/results-format.md

The data comes from two selectors that run a fixed number of queries whatever the plan's size
(`indicators.results_inputs.plan_indicator_data`: 7, `reports.budget.plan_budget_data`: 2);
the figures come from the pure module `indicators.computation` (DESIGN.md §5,
docs/computation.md). Dashboards, `export_results` and the PDF/Excel reports all call this
module, so that they print the same numbers.

`load_results_inputs` + `compute_results` split loading from computing: load once, compute any
period up to the one loaded (the dashboards' series across periods do that).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings as django_settings
from django.utils.translation import pgettext_lazy

from goals.models import Aim, Plan, Target
from indicators import computation
from indicators.computation import (
    HUNDRED,
    ZERO,
    AimResult,
    Direction,
    IndicatorInput,
    IndicatorResult,
    Measure,
    PlanResult,
    Settings,
    Status,
    TargetResult,
    fmt2,
)
from indicators.models import Actual, Indicator, Period
from indicators.results_inputs import PlanIndicatorData, plan_indicator_data
from karsplan.lib.numbers import format_tr_auto
from reports.budget import PlanBudgetData, plan_budget_data

__all__ = [
    "AimFigures",
    "BudgetFigures",
    "Formula",
    "IndicatorFigures",
    "Results",
    "ResultsInputs",
    "STATUS_NAMES",
    "TargetFigures",
    "compute_results",
    "computation_settings",
    "half_label",
    "indicator_formula",
    "load_results_inputs",
    "parse_half",
    "periods_through",
    "plan_results",
    "plan_results_series",
    "results_to_json",
]

LOAD_QUERIES = 7 + 2
"""SQL queries run by `load_results_inputs` (and so by `plan_results`), whatever the size."""


STATUS_NAMES = {
    Status.ULASILDI: pgettext_lazy("status", "Target reached"),
    Status.IYI: pgettext_lazy("status", "Good"),
    Status.ORTA: pgettext_lazy("status", "Fair"),
    Status.DUSUK: pgettext_lazy("status", "Low"),
    Status.COK_DUSUK: pgettext_lazy("status", "Very low"),
    Status.VERI_YOK: pgettext_lazy("status", "No data"),
    Status.HEDEF_YOK: pgettext_lazy("status", "No target this year"),
    Status.DONEM_DISI: pgettext_lazy("status", "Not due this period"),
}
"""The user-facing names of the statuses (Turkish: Hedefe ulaşıldı, İyi, Orta, Düşük, Çok
düşük, Veri yok, Hedef yok, Dönem dışı)."""


# --- Settings and periods -------------------------------------------------------------------


def computation_settings() -> Settings:
    """`computation.Settings` from django settings KARSPLAN (CLAMP, BANDS, AIM_MEAN, PLAN_MEAN).

    BANDS maps a status ("ulasildi", "iyi", "orta", "dusuk") to its lower bound.
    """
    conf = django_settings.KARSPLAN
    bands = tuple(
        sorted(
            ((Status(name), Decimal(str(bound))) for name, bound in conf["BANDS"].items()),
            key=lambda band: band[1],
            reverse=True,
        )
    )
    return Settings(
        clamp=bool(conf["CLAMP"]),
        bands=bands,
        aim_mean=conf.get("AIM_MEAN", computation.PLAIN),
        plan_mean=conf.get("PLAN_MEAN", computation.PLAIN),
    )


def parse_half(text: str | int) -> int:
    """The half of a period name: "H1", "h1" or "1" → 1; "H2" or "2" → 2; else ValueError."""
    value = str(text).strip().upper().removeprefix("H")
    if value not in ("1", "2"):
        raise ValueError(f"period must be H1 or H2, not {text!r}")
    return int(value)


def _check_half(half: int) -> None:
    if half not in (1, 2):
        raise ValueError(f"half must be 1 or 2, not {half!r}")


def half_label(half: int) -> str:
    return f"H{half}"


def periods_through(plan: Plan, year: int, half: int) -> list[tuple[int, int]]:
    """(year, half) from the plan's first period through (year, half), in order."""
    return [
        (y, h) for y in range(plan.start_year, year + 1) for h in (1, 2) if (y, h) <= (year, half)
    ]


# --- Results ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetFigures:
    """Planned cost for the year, Σ expenditure of the year up to the half, and their ratio."""

    planned: Decimal | None
    actual: Decimal | None
    realization: Decimal | None

    @classmethod
    def of(cls, planned: Decimal | None, actual: Decimal | None) -> BudgetFigures:
        return cls(planned, actual, computation.budget_realization(planned, actual))

    @classmethod
    def total(cls, parts: list[BudgetFigures]) -> BudgetFigures:
        """The sum of the parts' planned and actual amounts (None when no part has one)."""
        planned = [p.planned for p in parts if p.planned is not None]
        actual = [p.actual for p in parts if p.actual is not None]
        return cls.of(
            sum(planned, ZERO) if planned else None, sum(actual, ZERO) if actual else None
        )


@dataclass(frozen=True)
class IndicatorFigures:
    """One indicator's figures for the period, with its model row and its period values."""

    indicator: Indicator
    input: IndicatorInput
    result: IndicatorResult
    actual: Actual | None
    """The Actual row of the chosen period (explanation, deviation reason), if any."""

    @property
    def order(self) -> int:
        return self.indicator.order

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def weight(self) -> Decimal | None:
        return self.indicator.weight

    @property
    def A(self) -> Decimal | None:  # noqa: N802 - the method's own letters
        return self.result.A

    @property
    def B(self) -> Decimal | None:  # noqa: N802
        return self.result.B

    @property
    def C(self) -> Decimal | None:  # noqa: N802
        return self.result.C

    @property
    def realization(self) -> Decimal | None:
        return self.result.realization

    @property
    def expected_realization(self) -> Decimal | None:
        return self.result.expected_realization

    @property
    def status(self) -> Status:
        return self.result.status

    @property
    def approved(self) -> bool | None:
        return self.result.approved

    @property
    def in_target_figure(self) -> bool:
        """Whether the indicator counts in its target's realization (evaluated, with a value)."""
        return self.result.evaluated and self.result.has_value

    def period_values(self, periods: list[tuple[int, int]]) -> list[computation.PeriodValue | None]:
        """The entered value of each (year, half), None where nothing was entered."""
        return [self.input.values.get(p) for p in periods]


@dataclass(frozen=True)
class TargetTerm:
    """One indicator's term in its target's weighted sum (for showing the formula)."""

    figures: IndicatorFigures
    weight: Decimal
    value: Decimal
    """The realization as summed: clamped to [0, 100] when the clamp is on."""

    @property
    def product(self) -> Decimal:
        return self.weight * self.value


@dataclass(frozen=True)
class TargetFigures:
    target: Target
    result: TargetResult
    budget: BudgetFigures
    indicators: tuple[IndicatorFigures, ...]
    half: int
    settings: Settings

    @property
    def realization(self) -> Decimal | None:
        return self.result.realization

    @property
    def coverage(self) -> Decimal | None:
        return self.result.coverage

    @property
    def approved(self) -> bool | None:
        return self.result.approved

    @property
    def band(self) -> Status | None:
        """The band of the target's realization at H2; None at H1 (its official figure
        compares half a year with the year-end plan, so a band would mislead) and when there
        is no realization."""
        return _band(self.realization, self.half, self.settings)

    @property
    def terms(self) -> list[TargetTerm]:
        """The terms of Σ(w × r) / Σ w, as `computation.target_result` sums them."""
        terms = []
        for fig in self.indicators:
            if fig.in_target_figure and fig.realization is not None:
                value = fig.realization
                if self.settings.clamp:
                    value = min(max(value, ZERO), HUNDRED)
                terms.append(TargetTerm(fig, fig.weight or ZERO, value))
        return terms

    @property
    def weighted_sum(self) -> Decimal:
        return sum((t.product for t in self.terms), ZERO)

    @property
    def plain_mean_used(self) -> bool:
        """True when the weights in the figure sum to 0 and the plain mean is used."""
        return bool(self.terms) and self.result.weight_with_value == 0


@dataclass(frozen=True)
class AimFigures:
    aim: Aim
    result: AimResult
    targets: tuple[TargetFigures, ...]
    budget: BudgetFigures
    half: int
    settings: Settings

    @property
    def realization(self) -> Decimal | None:
        return self.result.realization

    @property
    def coverage(self) -> Decimal | None:
        return self.result.coverage

    @property
    def band(self) -> Status | None:
        return _band(self.realization, self.half, self.settings)

    @property
    def approved(self) -> bool | None:
        flags = [t.approved for t in self.targets if t.approved is not None]
        return all(flags) if flags else None


@dataclass(frozen=True)
class Results:
    """A plan's (or part of a plan's) figures for (year, half)."""

    plan: Plan
    year: int
    half: int
    approved_only: bool
    settings: Settings
    period: Period | None
    result: PlanResult
    aims: tuple[AimFigures, ...]
    budget: BudgetFigures

    @property
    def label(self) -> str:
        return f"{self.year}-{half_label(self.half)}"

    @property
    def realization(self) -> Decimal | None:
        return self.result.realization

    @property
    def coverage(self) -> Decimal | None:
        return self.result.coverage

    @property
    def band(self) -> Status | None:
        return _band(self.realization, self.half, self.settings)

    @property
    def approved(self) -> bool | None:
        flags = [a.approved for a in self.aims if a.approved is not None]
        return all(flags) if flags else None

    def targets(self) -> Iterator[TargetFigures]:
        for aim in self.aims:
            yield from aim.targets

    def indicators(self) -> Iterator[IndicatorFigures]:
        for target in self.targets():
            yield from target.indicators

    def aim(self, aim_id: int) -> AimFigures | None:
        return next((a for a in self.aims if a.aim.pk == aim_id), None)

    def target(self, target_id: int) -> TargetFigures | None:
        return next((t for t in self.targets() if t.target.pk == target_id), None)

    def status_counts(self) -> dict[Status, int]:
        """How many indicators have each status, every status listed in band order."""
        counts = Counter(fig.status for fig in self.indicators())
        return {status: counts.get(status, 0) for status in Status}

    def unapproved_count(self) -> int:
        """Indicators whose figure rests on a value not yet approved."""
        return sum(1 for fig in self.indicators() if fig.approved is False)


def _band(value: Decimal | None, half: int, settings: Settings) -> Status | None:
    if half != 2 or value is None:
        return None
    return computation.status_for(value, settings)


# --- Loading and computing --------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsInputs:
    """Everything `compute_results` needs, loaded up to a period."""

    indicators: PlanIndicatorData
    budget: PlanBudgetData

    @property
    def plan(self) -> Plan:
        return self.indicators.plan

    @property
    def up_to(self) -> tuple[int, int]:
        return self.indicators.up_to


def load_results_inputs(
    plan: Plan,
    year: int,
    half: int,
    approved_only: bool = False,
    *,
    aim: Aim | None = None,
    target: Target | None = None,
    indicator: Indicator | None = None,
) -> ResultsInputs:
    """Load a plan's data through (year, half) in `LOAD_QUERIES` (9) queries.

    `aim`, `target` or `indicator` narrow what is loaded: the results then hold only that part
    (its aim's and the plan's figures are those of the part).
    """
    up_to = (year, half)
    return ResultsInputs(
        indicators=plan_indicator_data(
            plan,
            up_to=up_to,
            approved_only=approved_only,
            aim=aim,
            target=target,
            indicator=indicator,
        ),
        budget=plan_budget_data(
            plan,
            up_to=up_to,
            approved_only=approved_only,
            aim=aim,
            target=target if indicator is None else indicator.target,
        ),
    )


def compute_results(
    inputs: ResultsInputs, year: int, half: int, settings: Settings | None = None
) -> Results:
    """The results tree for (year, half), which must not be after the period loaded.

    Pure computation over the loaded data: no query.
    """
    if (year, half) > inputs.up_to:
        raise ValueError(f"{year}-H{half} is after the loaded period {inputs.up_to}")
    settings = settings or computation_settings()
    data = inputs.indicators
    aims = []
    for aim in data.aims:
        targets = []
        for target in data.targets_by_aim.get(aim.pk, []):
            indicators = data.indicators_by_target.get(target.pk, [])
            ind_inputs = [data.inputs[i.pk] for i in indicators]
            result = computation.target_result(target.pk, ind_inputs, year, half, settings)
            budget = BudgetFigures.of(
                inputs.budget.planned_for(target.pk, year),
                inputs.budget.actual_for(target.pk, year, half),
            )
            figures = tuple(
                IndicatorFigures(
                    indicator=ind,
                    input=ind_input,
                    result=ind_result,
                    actual=data.actual(ind.pk, year, half),
                )
                for ind, ind_input, ind_result in zip(
                    indicators, ind_inputs, result.indicators, strict=True
                )
            )
            targets.append(TargetFigures(target, result, budget, figures, half, settings))
        target_costs = {t.target.pk: t.budget.planned for t in targets}
        aim_result = computation.aim_result(
            aim.pk, [t.result for t in targets], settings, target_costs
        )
        aim_budget = BudgetFigures.total([t.budget for t in targets])
        aims.append(AimFigures(aim, aim_result, tuple(targets), aim_budget, half, settings))
    aim_costs = {a.aim.pk: a.budget.planned for a in aims}
    plan_result = computation.plan_result([a.result for a in aims], settings, aim_costs)
    return Results(
        plan=data.plan,
        year=year,
        half=half,
        approved_only=data.approved_only,
        settings=settings,
        period=data.period(year, half),
        result=plan_result,
        aims=tuple(aims),
        budget=BudgetFigures.total([a.budget for a in aims]),
    )


def plan_results(
    plan: Plan,
    year: int,
    half: int,
    approved_only: bool = False,
    settings: Settings | None = None,
) -> Results:
    """The whole plan's results for (year, half) in `LOAD_QUERIES` queries.

    `half` is 1 (H1, January–June) or 2 (H2, the year as a whole). With `approved_only` only
    values (and expenditures) whose unit submission for the period is approved count.
    `settings` default to django settings KARSPLAN.
    """
    _check_half(half)
    inputs = load_results_inputs(plan, year, half, approved_only)
    return compute_results(inputs, year, half, settings)


def plan_results_series(
    plan: Plan,
    year: int,
    half: int,
    approved_only: bool = False,
    settings: Settings | None = None,
    *,
    aim: Aim | None = None,
    target: Target | None = None,
) -> list[Results]:
    """The results of every period from the plan's start through (year, half), oldest first,
    loaded once (`LOAD_QUERIES` queries)."""
    _check_half(half)
    settings = settings or computation_settings()
    inputs = load_results_inputs(plan, year, half, approved_only, aim=aim, target=target)
    return [compute_results(inputs, y, h, settings) for y, h in periods_through(plan, year, half)]


# --- Export -----------------------------------------------------------------------------------


def results_to_json(results: Results) -> dict:
    """The export format (docs/results-format.md): decimals as strings with 2 places and a
    dot, null where a figure does not exist."""
    return {
        "year": results.year,
        "period": half_label(results.half),
        "clamp": results.settings.clamp,
        "plan": {"realization": fmt2(results.realization), "coverage": fmt2(results.coverage)},
        "aims": [
            {
                "code": aim.aim.code,
                "realization": fmt2(aim.realization),
                "targets": [
                    {
                        "code": t.target.code,
                        "realization": fmt2(t.realization),
                        "coverage": fmt2(t.coverage),
                        "budget": {
                            "planned": fmt2(t.budget.planned),
                            "actual": fmt2(t.budget.actual),
                            "realization": fmt2(t.budget.realization),
                        },
                        "indicators": [
                            {
                                "order": i.order,
                                "code": i.code,
                                "A": fmt2(i.A),
                                "B": fmt2(i.B),
                                "C": fmt2(i.C),
                                "realization": fmt2(i.realization),
                                "status": str(i.status),
                                "approved": i.approved,
                            }
                            for i in t.indicators
                        ],
                    }
                    for t in aim.targets
                ],
            }
            for aim in results.aims
        ],
    }


# --- The formula with its inputs ---------------------------------------------------------------


@dataclass(frozen=True)
class Formula:
    """How an indicator's realization was computed: the rule in letters and with numbers.

    `symbolic` "(C − A) / (B − A) × 100", `numeric` "(45 − 20) / (60 − 20) × 100"; the figure
    itself is the result's realization. `expected_*` are set for flows at H1 (the figure
    against the expected progress, B / 2).
    """

    symbolic: str
    numeric: str
    expected_symbolic: str | None = None
    expected_numeric: str | None = None


def _n(value: Decimal) -> str:
    return format_tr_auto(value)


def _rule(
    A: Decimal | None,  # noqa: N803
    B: Decimal,  # noqa: N803
    C: Decimal,  # noqa: N803
    measure: Measure,
    direction: Direction,
    b_symbol: str = "B",
) -> tuple[str, str]:
    """The rule `computation.realization` applies, as (letters, numbers). Mirrors its steps."""
    increase = direction == Direction.INCREASE
    at_least, short_of = ("≥", "<") if increase else ("≤", ">")
    reached = C >= B if increase else C <= B
    if measure != Measure.FLOW and A is not None:
        if B != A:
            return (
                f"(C − A) / ({b_symbol} − A) × 100",
                f"({_n(C)} − {_n(A)}) / ({_n(B)} − {_n(A)}) × 100",
            )
        if reached:
            return f"C {at_least} {b_symbol} = A ⇒ 100", f"{_n(C)} {at_least} {_n(B)} ⇒ 100"
    numerator, divisor = ("C", b_symbol) if increase else (b_symbol, "C")
    if (B if increase else C) == 0:
        if reached:
            return f"{divisor} = 0, C {at_least} {b_symbol} ⇒ 100", (
                f"{_n(C)} {at_least} {_n(B)} ⇒ 100"
            )
        return f"{divisor} = 0, C {short_of} {b_symbol} ⇒ 0", f"{_n(C)} {short_of} {_n(B)} ⇒ 0"
    values = (C, B) if increase else (B, C)
    return f"{numerator} / {divisor} × 100", f"{_n(values[0])} / {_n(values[1])} × 100"


def indicator_formula(fig: IndicatorFigures, half: int) -> Formula | None:
    """The formula with this indicator's inputs; None when there is no figure (no B or C)."""
    result, ind = fig.result, fig.input
    if result.realization is None or result.B is None or result.C is None:
        return None
    symbolic, numeric = _rule(result.A, result.B, result.C, ind.measure, ind.direction)
    if half == 1 and ind.measure == Measure.FLOW:
        half_b = result.B / 2
        exp_symbolic, exp_numeric = _rule(
            None, half_b, result.C, ind.measure, ind.direction, b_symbol="(B / 2)"
        )
        return Formula(symbolic, numeric, exp_symbolic, exp_numeric)
    return Formula(symbolic, numeric)
