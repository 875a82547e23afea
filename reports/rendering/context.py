"""The report context: a plan's figures for a period with the narratives around them.

`report_data` loads everything a report prints in `QUERIES` (11) queries whatever the plan's
size: the results (`reports.results`, 9 queries), the target reviews of the period and the
cooperating units. The figures are those of `reports.results` and nothing else; the
plan-to-date figures come from `indicators.computation.cumulative_result` over the same
inputs.

`canonical_data` is the report's data as plain JSON (every figure and text the report prints,
not the time it was made); `data_checksum` is its SHA-256. Two requests with the same checksum
would print the same report, so the archive returns the one it has.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext

from goals.models import Plan, Target
from indicators import computation
from indicators.computation import CumulativeResult, Measure, Status, fmt2
from indicators.models import (
    REVIEW_CRITERIA,
    REVIEW_TEXT_FIELDS,
    Indicator,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from indicators.statuses import status_label
from karsplan.lib.text import turkish_sorted
from reports.models import ReportKind, period_label, report_title
from reports.rendering.methodology import Methodology, methodology
from reports.results import (
    AimFigures,
    IndicatorFigures,
    Results,
    ResultsInputs,
    TargetFigures,
    compute_results,
    load_results_inputs,
    results_to_json,
)

__all__ = [
    "QUERIES",
    "RENDERER_VERSION",
    "AimSection",
    "CumulativeRow",
    "IndicatorRow",
    "Methodology",
    "PendingValue",
    "ReportData",
    "TargetSection",
    "UnitCompleteness",
    "canonical_data",
    "data_checksum",
    "report_data",
]

QUERIES = 11
"""SQL queries run by `report_data`, whatever the plan's size."""

RENDERER_VERSION = "2"
"""Part of the checksum: raise it when the reports' layout changes, so that a new request
renders anew instead of returning a report made by the old layout."""

NARRATIVE_FIELDS = tuple(name for name, _label in REVIEW_TEXT_FIELDS)
"""The target review's text fields a report prints (`indicators.models.REVIEW_TEXT_FIELDS`)."""
NARRATIVE_TEXTS = tuple((n, label) for n, label in REVIEW_TEXT_FIELDS if n not in REVIEW_CRITERIA)
"""(field, label) of the period's narrative: activities, deviation reasons, corrective actions."""
CRITERIA_TEXTS = tuple((n, label) for n, label in REVIEW_TEXT_FIELDS if n in REVIEW_CRITERIA)
"""(field, label) of the evaluation criteria (written once a year)."""


TR_ALPHABET = "0123456789aâbcçdefgğhıiîjklmnoöprsştuûüvwxyz"
_TR_ORDER = {ch: i for i, ch in enumerate(TR_ALPHABET)}


def tr_sort_key(text: str) -> tuple[int, ...]:
    """Sort Turkish names the Turkish way: "İmar" after "Hukuk", "Özel" after "Orman"."""
    lowered = text.replace("I", "ı").replace("İ", "i").lower()
    return tuple(_TR_ORDER.get(ch, len(TR_ALPHABET) + ord(ch)) for ch in lowered)


def status_names() -> dict[str, str]:
    """Every status's name by its key, for templates."""
    return {str(s): status_label(s) for s in Status}


@dataclass(frozen=True)
class IndicatorRow:
    """A row of a target's indicator table."""

    figures: IndicatorFigures
    explanation: str
    deviation_reason: str
    half: int

    @property
    def indicator(self) -> Indicator:
        return self.figures.indicator

    @property
    def status_label(self) -> str:
        return status_label(self.figures.status)

    @property
    def unapproved(self) -> bool:
        """The figure rests on a value not yet approved."""
        return self.figures.approved is False

    @property
    def expected(self) -> Decimal | None:
        """The figure against the expected progress, where it differs (flows at H1)."""
        fig = self.figures
        if self.half == 1 and fig.input.measure == Measure.FLOW:
            return fig.expected_realization
        return None


@dataclass(frozen=True)
class CumulativeRow:
    """A row of the plan-to-date (birikimli) table."""

    figures: IndicatorFigures
    result: CumulativeResult

    @property
    def status_label(self) -> str:
        return status_label(self.result.status)


@dataclass(frozen=True)
class TargetSection:
    figures: TargetFigures
    anchor: str
    cooperating: str
    review: TargetReview | None
    rows: tuple[IndicatorRow, ...]
    cumulative: tuple[CumulativeRow, ...]

    @property
    def target(self) -> Target:
        return self.figures.target

    @property
    def band_label(self) -> str:
        band = self.figures.band
        return status_label(band) if band is not None else ""

    @property
    def deviations(self) -> list[IndicatorRow]:
        """Indicators whose unit gave a deviation reason for the period."""
        return [row for row in self.rows if row.deviation_reason]

    def _texts(self, fields: tuple[tuple[str, str], ...]) -> list[tuple[str, str, str]]:
        review = self.review
        return [(name, label, getattr(review, name) if review else "") for name, label in fields]

    @property
    def narrative(self) -> list[tuple[str, str, str]]:
        """(field, label, text) of the review's narrative, in `REVIEW_TEXT_FIELDS`' order."""
        return self._texts(NARRATIVE_TEXTS)

    @property
    def criteria(self) -> list[tuple[str, str, str]]:
        """(field, label, text) of the review's evaluation criteria."""
        return self._texts(CRITERIA_TEXTS)

    @property
    def has_narrative(self) -> bool:
        return bool(self.deviations) or any(text for _n, _l, text in self.narrative)

    @property
    def has_criteria(self) -> bool:
        return any(text for _n, _l, text in self.criteria)

    @property
    def unapproved(self) -> bool:
        return any(row.unapproved for row in self.rows)


@dataclass(frozen=True)
class AimSection:
    figures: AimFigures
    anchor: str
    targets: tuple[TargetSection, ...]

    @property
    def band_label(self) -> str:
        band = self.figures.band
        return status_label(band) if band is not None else ""


@dataclass(frozen=True)
class UnitCompleteness:
    """How much of a unit's data for the period is in (annex: data completeness)."""

    unit: str
    targets: int
    due: int
    entered: int
    approved: int
    submission: str

    @property
    def percent(self) -> Decimal | None:
        if not self.due:
            return None
        return Decimal(self.entered) / Decimal(self.due) * 100


@dataclass(frozen=True)
class PendingValue:
    """A period value the report uses that is not approved yet (annex)."""

    unit: str
    target_code: str
    indicator_code: str
    indicator_name: str
    period: str
    value: Decimal
    unit_of_measure: str
    submission: str


@dataclass(frozen=True)
class ReportData:
    """Everything a report prints."""

    plan: Plan
    kind: str
    year: int
    half: int
    results: Results
    aims: tuple[AimSection, ...]
    completeness: tuple[UnitCompleteness, ...]
    pending: tuple[PendingValue, ...]
    methodology: Methodology
    generated_at: dt.datetime

    @property
    def is_annual(self) -> bool:
        return self.kind == ReportKind.EVALUATION

    @property
    def title(self) -> str:
        return report_title(self.kind, self.year, self.plan.end_year)

    @property
    def period_label(self) -> str:
        return period_label(self.kind, self.year, self.half)

    @property
    def band_label(self) -> str:
        band = self.results.band
        return status_label(band) if band is not None else ""

    def targets(self) -> list[TargetSection]:
        return [t for aim in self.aims for t in aim.targets]

    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status key, label, count) in band order, for the summary and its chart."""
        counts = self.results.status_counts()
        return [(str(s), status_label(s), n) for s, n in counts.items()]

    @property
    def indicator_count(self) -> int:
        return sum(len(t.rows) for t in self.targets())

    @property
    def unapproved_count(self) -> int:
        return self.results.unapproved_count()


# --- Loading ------------------------------------------------------------------------------


def _cooperating(plan: Plan) -> dict[int, list[str]]:
    """Target pk → names of its cooperating units (1 query)."""
    through = Target.cooperating_units.through
    names: dict[int, list[str]] = defaultdict(list)
    rows = (
        through.objects.filter(target__plan=plan)
        .order_by("unit__name")
        .values_list("target_id", "unit__name")
    )
    for target_id, name in rows:
        names[target_id].append(name)
    return {pk: turkish_sorted(units) for pk, units in names.items()}


def _submission_label(submission: Submission | None) -> str:
    if submission is None:
        return gettext("Not started")
    return str(SubmissionStatus(submission.status).label)


def _half_label(year: int, half: int) -> str:
    return f"{year}-H{half}"


def report_data(plan: Plan, kind: str, year: int, half: int) -> ReportData:
    """The report's context for (year, half), in `QUERIES` queries.

    The annual report (`ReportKind.EVALUATION`) is as of H2 and adds the plan-to-date table
    and the evaluation criteria.
    """
    if kind == ReportKind.EVALUATION:
        half = 2
    inputs = load_results_inputs(plan, year, half)  # 9 queries
    results = compute_results(inputs, year, half)
    data = inputs.indicators
    period = data.period(year, half)
    reviews = (
        {r.target_id: r for r in TargetReview.objects.filter(period=period)}  # 10
        if period is not None
        else {}
    )
    cooperating = _cooperating(plan)  # 11
    annual = kind == ReportKind.EVALUATION

    aims = []
    for aim_fig in results.aims:
        sections = []
        for t_fig in aim_fig.targets:
            target = t_fig.target
            rows = []
            cumulative = []
            for fig in t_fig.indicators:
                actual = fig.actual
                rows.append(
                    IndicatorRow(
                        figures=fig,
                        explanation=(actual.explanation.strip() if actual else ""),
                        deviation_reason=(actual.deviation_reason.strip() if actual else ""),
                        half=half,
                    )
                )
                if annual:
                    cumulative.append(
                        CumulativeRow(
                            figures=fig,
                            result=computation.cumulative_result(
                                fig.input, year, half, plan.start_year, results.settings
                            ),
                        )
                    )
            if target.cooperating_all_units:
                coop = gettext("All units")
            else:
                coop = ", ".join(cooperating.get(target.pk, [])) or "–"
            sections.append(
                TargetSection(
                    figures=t_fig,
                    anchor=f"target-{target.pk}",
                    cooperating=coop,
                    review=reviews.get(target.pk),
                    rows=tuple(rows),
                    cumulative=tuple(cumulative),
                )
            )
        aims.append(
            AimSection(figures=aim_fig, anchor=f"aim-{aim_fig.aim.pk}", targets=tuple(sections))
        )

    return ReportData(
        plan=plan,
        kind=kind,
        year=year,
        half=half,
        results=results,
        aims=tuple(aims),
        completeness=_completeness(results, inputs, year, half),
        pending=_pending(results, inputs, year, half),
        methodology=methodology(results),
        generated_at=timezone.now(),
    )


def _completeness(
    results: Results, inputs: ResultsInputs, year: int, half: int
) -> tuple[UnitCompleteness, ...]:
    """Per responsible unit: indicators due this period, values entered, values approved."""
    data = inputs.indicators
    units: dict[int, dict] = {}
    for t_fig in results.targets():
        unit = t_fig.target.responsible_unit
        row = units.setdefault(
            unit.pk, {"unit": unit.name, "targets": 0, "due": 0, "entered": 0, "approved": 0}
        )
        row["targets"] += 1
        submission = data.submission(unit.pk, year, half)
        approved = submission is not None and submission.status == SubmissionStatus.APPROVED
        for fig in t_fig.indicators:
            if not fig.result.due:
                continue
            row["due"] += 1
            actual = fig.actual
            if actual is not None and actual.value is not None:
                row["entered"] += 1
                row["approved"] += int(approved)
    out = []
    for unit_id, row in units.items():
        submission = data.submission(unit_id, year, half)
        out.append(UnitCompleteness(submission=_submission_label(submission), **row))
    return tuple(sorted(out, key=lambda r: tr_sort_key(r.unit)))


def _pending(
    results: Results, inputs: ResultsInputs, year: int, half: int
) -> tuple[PendingValue, ...]:
    """The year's period values up to `half` that the report uses and are not approved."""
    data = inputs.indicators
    out = []
    for t_fig in results.targets():
        unit = t_fig.target.responsible_unit
        for fig in t_fig.indicators:
            for h in (1, 2):
                if h > half:
                    continue
                value = fig.input.values.get((year, h))
                if value is None or value.approved:
                    continue
                out.append(
                    PendingValue(
                        unit=unit.name,
                        target_code=t_fig.target.code,
                        indicator_code=fig.code,
                        indicator_name=fig.indicator.name,
                        period=_half_label(year, h),
                        value=value.value,
                        unit_of_measure=fig.indicator.unit_of_measure,
                        submission=_submission_label(data.submission(unit.pk, year, h)),
                    )
                )
    return tuple(out)


# --- The checksum -------------------------------------------------------------------------


def _s(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def canonical_data(data: ReportData) -> dict:
    """Every figure and text the report prints, as plain JSON (not the time it was made).

    The figures are `results_to_json` (the export format, with the approved flags); the rest
    adds what the export leaves out: names, units, weights, narratives, the plan-to-date
    figures and the annexes.
    """
    plan = data.plan
    structure = []
    narratives = {}
    cumulative = {}
    for aim in data.aims:
        structure.append({"aim": aim.figures.aim.code, "title": aim.figures.aim.title})
        for section in aim.targets:
            target = section.target
            structure.append(
                {
                    "target": target.code,
                    "title": target.title,
                    "responsible": target.responsible_unit.name,
                    "cooperating": section.cooperating,
                    "indicators": [
                        [
                            row.indicator.order,
                            row.indicator.code,
                            row.indicator.name,
                            row.indicator.unit_of_measure,
                            _s(row.figures.weight),
                        ]
                        for row in section.rows
                    ],
                }
            )
            review = section.review
            narratives[target.code] = {
                "review": {f: getattr(review, f) for f in NARRATIVE_FIELDS} if review else None,
                "indicators": [
                    [row.indicator.order, row.explanation, row.deviation_reason]
                    for row in section.rows
                ],
            }
            if section.cumulative:
                cumulative[target.code] = [
                    [
                        row.figures.order,
                        fmt2(row.result.C),
                        fmt2(row.result.B),
                        fmt2(row.result.realization),
                        str(row.result.status),
                    ]
                    for row in section.cumulative
                ]
    return {
        "renderer": RENDERER_VERSION,
        "kind": data.kind,
        "plan": [plan.institution, plan.name, plan.start_year, plan.end_year],
        "settings": {
            "clamp": data.results.settings.clamp,
            "bands": [[str(s), _s(b)] for s, b in data.results.settings.bands],
            "aim_mean": data.results.settings.aim_mean,
            "plan_mean": data.results.settings.plan_mean,
        },
        "results": results_to_json(data.results),
        "budget": [
            [t.target.code, fmt2(t.budget.planned), fmt2(t.budget.actual)]
            for t in data.results.targets()
        ],
        "structure": structure,
        "narratives": narratives,
        "cumulative": cumulative,
        "completeness": [
            [u.unit, u.targets, u.due, u.entered, u.approved, u.submission]
            for u in data.completeness
        ],
        "pending": [
            [p.target_code, p.indicator_code, p.period, _s(p.value), p.submission]
            for p in data.pending
        ],
    }


def data_checksum(data: ReportData) -> str:
    """SHA-256 of `canonical_data` as sorted, compact JSON."""
    text = json.dumps(
        canonical_data(data), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
