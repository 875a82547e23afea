"""The report context: a plan's figures for a period with the narratives around them.

`report_data` loads everything a report prints in `QUERIES` (13) queries whatever the plan's
size: the results (`reports.results`, 9 queries), the target reviews of the period, the
cooperating units, the strategy office's front matter (assessment, council decision) and the
plan's logo. The figures are those of `reports.results` and nothing else (the previous
period's too, computed from the same inputs); the plan-to-date figures come from
`indicators.computation.cumulative_result` over the same inputs.

The checksum of a report's data is in `reports.rendering.checksum`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext, pgettext

from goals.models import Plan, Target
from indicators import computation
from indicators.computation import CumulativeResult, Measure, Status
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
from reports.headline import enough_coverage
from reports.models import (
    PlanLogo,
    ReportFrontMatter,
    ReportKind,
    period_label,
    report_title,
)
from reports.rendering.methodology import Methodology, methodology
from reports.results import (
    AimFigures,
    IndicatorFigures,
    Results,
    ResultsInputs,
    TargetFigures,
    compute_results,
    load_results_inputs,
)
from reports.results import risk_targets as forecast_risk_targets

__all__ = [
    "QUERIES",
    "RENDERER_VERSION",
    "AimSection",
    "CumulativeRow",
    "IndicatorRow",
    "Logo",
    "Methodology",
    "PendingValue",
    "ReportData",
    "RiskTarget",
    "TargetSection",
    "UnitCompleteness",
    "previous_period",
    "report_data",
]

QUERIES = 13
"""SQL queries run by `report_data`, whatever the plan's size."""

RENDERER_VERSION = "3"
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
    """A row of a target's indicator table (the Kılavuz columns).

    `h1` and `h2` are the year's period values (I. Dönem, II. Dönem of the annual report);
    `declarations` the "veri yok" declarations of the year up to the period, as
    (period label, reason).
    """

    figures: IndicatorFigures
    explanation: str
    deviation_reason: str
    half: int
    h1: computation.PeriodValue | None = None
    h2: computation.PeriodValue | None = None
    declarations: tuple[tuple[str, str], ...] = ()
    first_half_reason: str = ""
    """The annual report: the first half's deviation reason, where it differs from the
    year's (printed with its period before the year's)."""

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

    @property
    def h1_value(self) -> Decimal | None:
        return self.h1.value if self.h1 is not None else None

    @property
    def h2_value(self) -> Decimal | None:
        return self.h2.value if self.h2 is not None else None

    @property
    def progress(self) -> Decimal | None:
        """At H1, the realization against the expected progress ("beklenen ilerlemeye
        göre"), printed beside the official figure for every indicator; None at H2."""
        return self.figures.expected_realization if self.half == 1 else None

    @property
    def deviation_texts(self) -> list[str]:
        """The deviation reasons: the first half's (annual report, where it differs), then
        the period's."""
        texts = []
        if self.first_half_reason:
            texts.append(f"{pgettext('report', 'Period I')}: {self.first_half_reason}")
        if self.deviation_reason:
            texts.append(self.deviation_reason)
        return texts

    @property
    def reasons(self) -> list[str]:
        """What the Sapma Nedeni column prints: the deviation reasons, then each "veri yok"
        declaration with its reason."""
        texts = self.deviation_texts
        texts += [
            gettext("No data (%(period)s): %(reason)s") % {"period": p, "reason": r}
            for p, r in self.declarations
        ]
        return texts


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
        return any(text for _n, _l, text in self.narrative)

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
    submitted: bool = False
    """The unit's submission for the period is submitted or approved."""

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
class RiskTarget:
    """A target the forecast projects below the "orta" band (passed in to `report_data`)."""

    code: str
    title: str
    projected: Decimal | None = None


@dataclass(frozen=True)
class Logo:
    """The plan's logo as the renderers embed it."""

    content_type: str
    content: bytes
    sha256: str


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
    previous: Results | None = None
    """The figures of the period compared with (`previous_period`), None at the first."""
    assessment: str = ""
    """The strategy office's own assessment (`ReportFrontMatter`)."""
    council_decision_date: dt.date | None = None
    council_decision_number: str = ""
    logo: Logo | None = None
    prepared_by: str = ""
    risk_targets: tuple[RiskTarget, ...] | None = None
    """Targets flagged "risk altında" by the forecast; None when no forecast is wired."""

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
        return status_label(band) if band is not None and enough_coverage(self.results) else ""

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


def previous_period(kind: str, year: int, half: int, start_year: int) -> tuple[int, int] | None:
    """The period a report compares with: last year's for the annual report and for H1, the
    first half for H2; None at the plan's first period."""
    if kind == ReportKind.EVALUATION or half == 1:
        return (year - 1, 2) if year - 1 >= start_year else None
    return (year, 1)


def _logo(plan: Plan) -> Logo | None:
    """The plan's logo file (1 query); None when none was uploaded or the file is gone."""
    row = PlanLogo.objects.filter(plan=plan).first()
    if row is None:
        return None
    try:
        with row.image.open("rb") as fh:
            content = fh.read()
    except (FileNotFoundError, ValueError):
        return None
    return Logo(content_type=row.content_type, content=content, sha256=row.sha256)


def report_data(
    plan: Plan,
    kind: str,
    year: int,
    half: int,
    *,
    prepared_by: str = "",
    risk_targets: tuple[RiskTarget, ...] | None = None,
) -> ReportData:
    """The report's context for (year, half), in `QUERIES` queries.

    The annual report (`ReportKind.EVALUATION`) is as of H2 and adds the plan-to-date table
    and the evaluation criteria. `prepared_by` is printed on the cover; `risk_targets` are
    the forecast's "risk altında" targets for the Yönetici Özeti (None: the forecast's own).
    """
    if kind == ReportKind.EVALUATION:
        half = 2
    inputs = load_results_inputs(plan, year, half)  # 9 queries
    results = compute_results(inputs, year, half)
    if risk_targets is None:
        risk_targets = tuple(
            RiskTarget(r.figures.target.code, r.figures.target.title, r.forecast.year_end)
            for r in forecast_risk_targets(results)
        )
    before = previous_period(kind, year, half, plan.start_year)
    previous = compute_results(inputs, *before, results.settings) if before else None
    data = inputs.indicators
    period = data.period(year, half)
    reviews = (
        {r.target_id: r for r in TargetReview.objects.filter(period=period)}  # 10
        if period is not None
        else {}
    )
    cooperating = _cooperating(plan)  # 11
    front = ReportFrontMatter.objects.filter(  # 12
        plan=plan, kind=kind, year=year, half=half
    ).first()
    logo = _logo(plan)  # 13
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
                declared = [
                    (_half_label(year, h), a.explanation.strip())
                    for h in (1, 2)
                    if h <= half
                    and (a := data.actual(fig.indicator.pk, year, h)) is not None
                    and a.no_data
                ]
                reason = actual.deviation_reason.strip() if actual else ""
                first_half = data.actual(fig.indicator.pk, year, 1) if annual else None
                first_reason = first_half.deviation_reason.strip() if first_half else ""
                rows.append(
                    IndicatorRow(
                        figures=fig,
                        explanation=(
                            actual.explanation.strip() if actual and not actual.no_data else ""
                        ),
                        deviation_reason=reason,
                        half=half,
                        h1=fig.input.values.get((year, 1)),
                        h2=fig.input.values.get((year, 2)) if half == 2 else None,
                        declarations=tuple(declared),
                        first_half_reason=first_reason if first_reason != reason else "",
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
        previous=previous,
        assessment=front.assessment.strip() if front else "",
        council_decision_date=front.council_decision_date if front else None,
        council_decision_number=front.council_decision_number.strip() if front else "",
        logo=logo,
        prepared_by=prepared_by,
        risk_targets=risk_targets,
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
        out.append(
            UnitCompleteness(
                submission=_submission_label(submission),
                submitted=submission is not None
                and submission.status in (SubmissionStatus.SUBMITTED, SubmissionStatus.APPROVED),
                **row,
            )
        )
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
