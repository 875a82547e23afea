"""The problems of a period: low statuses, missing values and deviation reasons, budget far
from plan (the dashboards' problems page; DESIGN.md §9)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings as django_settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from goals.models import Aim, Target
from indicators.computation import Status, budget_realization
from indicators.models import Indicator
from reports import charts
from reports.results import Results, risk_targets

__all__ = [
    "LOW_STATUSES",
    "PROBLEM_KINDS",
    "Declaration",
    "Problem",
    "budget_tolerance",
    "declarations_of",
    "problems_of",
]

LOW_STATUSES = (Status.DUSUK, Status.COK_DUSUK)

PROBLEM_KINDS = {
    "low": gettext_lazy("Low or very low realization"),
    "missing": gettext_lazy("Missing value"),
    "declared": gettext_lazy('"Veri yok" declared'),
    "reason": gettext_lazy("Missing deviation reason"),
    "budget": gettext_lazy("Budget far from plan"),
    "risk": gettext_lazy("At risk (forecast)"),
}


@dataclass(frozen=True)
class Problem:
    kind: str
    aim: Aim
    target: Target
    indicator: Indicator | None
    status: Status | None
    figure: Decimal | None
    approved: bool | None
    detail: str
    expected_realization: Decimal | None = None
    """The indicator's realization against the expected progress (shown beside `figure`,
    the realization against the year-end target, at H1)."""

    @property
    def kind_label(self) -> str:
        return str(PROBLEM_KINDS[self.kind])

    @property
    def realization(self) -> Decimal | None:
        """The indicator's realization against the year-end target (`figure`)."""
        return self.figure if self.indicator is not None else None


@dataclass(frozen=True)
class Declaration:
    """A unit's "veri yok" declaration: it cannot give the indicator's value for the period,
    and says why (the Actual's explanation)."""

    period: str
    aim: Aim
    target: Target
    indicator: Indicator
    reason: str


def declarations_of(series: Iterable[Results], year: int) -> list[Declaration]:
    """Every "veri yok" declaration of `year` in the series' periods (each `Results` holds
    its period's Actual rows), period by period in plan order; no query."""
    found = []
    for results in series:
        if results.year != year:
            continue
        for aim in results.aims:
            for target in aim.targets:
                for fig in target.indicators:
                    if fig.actual is not None and fig.actual.no_data:
                        found.append(
                            Declaration(
                                results.label,
                                aim.aim,
                                target.target,
                                fig.indicator,
                                fig.actual.explanation,
                            )
                        )
    return found


def budget_tolerance() -> Decimal:
    """Percentage points the spending may stray from the expected share of the year's plan."""
    return Decimal(str(django_settings.KARSPLAN.get("BUDGET_TOLERANCE", 50)))


def problems_of(results: Results) -> list[Problem]:
    """The problems of a period, in plan order.

    - low: an indicator's status is Düşük or Çok düşük;
    - missing: an indicator due with a planned value has no value (Veri yok);
    - declared: the same, because its unit declared "veri yok" for the period (the detail
      is the reason given);
    - reason: a Düşük or Çok düşük indicator whose period value has no deviation reason;
    - budget: the spending so far (Σ expenditure up to the half) is further than the
      tolerance (KARSPLAN["BUDGET_TOLERANCE"], default 50 points) from the expected share of
      the year's planned cost (half of it at H1, all of it at H2);
    - risk: a target projected below the "orta" band at the year's or the plan's end
      ("risk altında", `reports.results.risk_targets`), listed after the rest.
    """
    problems = []
    tolerance = budget_tolerance()
    for aim in results.aims:
        for target in aim.targets:
            for fig in target.indicators:
                kinds = []
                if fig.status in LOW_STATUSES:
                    kinds.append("low")
                    if fig.actual is None or not fig.actual.deviation_reason.strip():
                        kinds.append("reason")
                elif fig.status == Status.VERI_YOK:
                    declared = fig.actual is not None and fig.actual.no_data
                    kinds.append("declared" if declared else "missing")
                detail = fig.actual.explanation if "declared" in kinds else ""
                problems.extend(
                    Problem(
                        kind,
                        aim.aim,
                        target.target,
                        fig.indicator,
                        fig.status,
                        fig.realization,
                        fig.approved,
                        detail,
                        fig.expected_realization,
                    )
                    for kind in kinds
                )
            budget = target.budget
            if budget.planned and budget.actual is not None:
                expected = budget.planned * results.half / 2
                against_expected = budget_realization(expected, budget.actual)
                if abs(against_expected - 100) > tolerance:
                    problems.append(
                        Problem(
                            "budget",
                            aim.aim,
                            target.target,
                            None,
                            target.band,
                            budget.realization,
                            None,
                            _("%(share)s of the expected spending so far")
                            % {"share": charts.percent(against_expected, 0)},
                        )
                    )
    for risk in risk_targets(results):
        f = risk.forecast
        problems.append(
            Problem(
                "risk",
                results.aim(risk.figures.target.aim_id).aim,
                risk.figures.target,
                None,
                None,
                f.year_end if f.plan_end is None else f.plan_end,
                None,
                _("Projection: %(year_end)s at the year's end, %(plan_end)s at the plan's end")
                % {
                    "year_end": charts.percent(f.year_end, 0),
                    "plan_end": charts.percent(f.plan_end, 0),
                },
            )
        )
    return problems
