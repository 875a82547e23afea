"""The Yönetici Özeti: the report's first pages, written from its data in plain sentences.

    executive_summary(data)  →  ExecutiveSummary (pure: no query; `data` is a `ReportData`)

Every renderer (PDF, Word) prints the same `ExecutiveSummary`: the plan and aim figures each
with its coverage; the three strongest and the five weakest targets (lowest realization
first, plan order on ties) with their deviation reasons and corrective actions from the
period's target review; the budget deviations beyond the problems page's tolerance
(`reports.problems.budget_tolerance`); completeness (the units that did not submit); the
change since the previous period; and the targets flagged "risk altında".

The risk list comes from the forecast (`indicators.forecast`, DESIGN §5): `report_data` takes
`risk_targets` and passes them through; None means the forecast is not wired and the section
is left out, an empty sequence that no target is at risk.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.computation import Status
from karsplan.lib.numbers import format_tr
from reports.charts import percent
from reports.headline import MIN_HEADLINE_COVERAGE, enough_coverage
from reports.problems import budget_tolerance, problems_of
from reports.rendering.context import ReportData, RiskTarget, TargetSection
from reports.results import Results, TargetFigures

__all__ = [
    "STRONGEST",
    "WEAKEST",
    "ExecutiveSummary",
    "RiskTarget",
    "SummaryTarget",
    "executive_summary",
]

STRONGEST = 3
WEAKEST = 5


@dataclass(frozen=True)
class SummaryTarget:
    code: str
    title: str
    unit: str
    realization: Decimal
    coverage: Decimal | None
    deviation_reasons: str
    corrective_actions: str

    @property
    def line(self) -> str:
        return _("%(code)s %(title)s (%(unit)s): %(realization)s, coverage %(coverage)s.") % {
            "code": self.code,
            "title": self.title.rstrip(". "),
            "unit": self.unit,
            "realization": percent(self.realization),
            "coverage": percent(self.coverage),
        }


@dataclass(frozen=True)
class ExecutiveSummary:
    """The summary's parts, each a list of plain sentences (or lines of a list)."""

    overview: list[str]
    aims: list[str]
    strongest: list[SummaryTarget]
    weakest: list[SummaryTarget]
    budget: list[str]
    completeness: list[str]
    change: list[str]
    risk: list[str] | None
    assessment: str

    def sentences(self) -> list[str]:
        """Every sentence, in print order (for tests and plain-text uses)."""
        out = [*self.overview, *self.aims]
        for t in (*self.strongest, *self.weakest):
            out += [t.line, t.deviation_reasons, t.corrective_actions]
        out += [*self.budget, *self.completeness, *self.change, *(self.risk or [])]
        return [s for s in out if s]


def _figure(realization: Decimal | None, coverage: Decimal | None) -> str:
    return _("%(realization)s (coverage %(coverage)s)") % {
        "realization": percent(realization),
        "coverage": percent(coverage),
    }


def _overview(data: ReportData) -> list[str]:
    results = data.results
    out = []
    if results.realization is None:
        out.append(_("No indicator of the plan has a value for this period yet."))
    else:
        out.append(
            _("The plan's realization for %(period)s is %(figure)s.")
            % {
                "period": data.period_label,
                "figure": _figure(results.realization, results.coverage),
            }
        )
        if not enough_coverage(results):
            out.append(
                _(
                    "Less than half of the plan's indicators (by weight) have a value: the "
                    "figure does not yet show the plan's result."
                )
            )
    if data.half == 1:
        out.append(
            _(
                "Mid-year figures compare the first half with the year-end target; each "
                "indicator's status is judged against the expected progress."
            )
        )
    counts = {key: n for key, _label, n in data.status_counts()}
    reached = counts.get(str(Status.ULASILDI), 0) + counts.get(str(Status.IYI), 0)
    low = counts.get(str(Status.DUSUK), 0) + counts.get(str(Status.COK_DUSUK), 0)
    out.append(
        _(
            "Of %(total)s indicators, %(good)s reached their target or are good, %(low)s are "
            "low or very low and %(missing)s have no data."
        )
        % {
            "total": data.indicator_count,
            "good": reached,
            "low": low,
            "missing": counts.get(str(Status.VERI_YOK), 0),
        }
    )
    return out


def _aims(data: ReportData) -> list[str]:
    out = []
    for a in data.aims:
        sentence = _("%(code)s %(title)s: %(figure)s.") % {
            "code": a.figures.aim.code,
            "title": a.figures.aim.title.rstrip(". "),
            "figure": _figure(a.figures.realization, a.figures.coverage),
        }
        if a.figures.realization is not None and not enough_coverage(a.figures):
            sentence += " " + _(
                "Coverage is below %(minimum)s: the mean of the targets with values is not "
                "yet the aim's result."
            ) % {"minimum": percent(MIN_HEADLINE_COVERAGE, places=0)}
        out.append(sentence)
    return out


def _ranked(data: ReportData) -> list[TargetSection]:
    """Targets with a realization, lowest first; plan order on ties."""
    sections = [t for t in data.targets() if t.figures.realization is not None]
    order = {id(t): i for i, t in enumerate(sections)}
    return sorted(sections, key=lambda t: (t.figures.realization, order[id(t)]))


def _summary_target(section: TargetSection) -> SummaryTarget:
    review = section.review
    reasons = (review.deviation_reasons.strip() if review else "") or "; ".join(
        f"{row.figures.code}: {row.deviation_reason.rstrip('. ')}"
        for row in section.rows
        if row.deviation_reason
    )
    if reasons and not reasons.endswith("."):
        reasons += "."
    actions = review.corrective_actions.strip() if review else ""
    return SummaryTarget(
        code=section.target.code,
        title=section.target.title,
        unit=section.target.responsible_unit.name,
        realization=section.figures.realization,
        coverage=section.figures.coverage,
        deviation_reasons=reasons,
        corrective_actions=actions,
    )


def _budget(results: Results) -> list[str]:
    tolerance = budget_tolerance()
    far = [p for p in problems_of(results) if p.kind == "budget"]
    by_target: dict[int, TargetFigures] = {t.target.pk: t for t in results.targets()}
    if not far:
        return [
            _(
                "No target's spending is further than %(tolerance)s points from the expected "
                "share of its planned cost."
            )
            % {"tolerance": format_tr(tolerance, places=0)}
        ]
    out = [
        ngettext(
            "%(count)s target's spending is further than %(tolerance)s points from the "
            "expected share of its planned cost (half of it at mid-year):",
            "%(count)s targets' spending is further than %(tolerance)s points from the "
            "expected share of their planned cost (half of it at mid-year):",
            len(far),
        )
        % {"count": len(far), "tolerance": format_tr(tolerance, places=0)}
    ]
    for p in far:
        budget = by_target[p.target.pk].budget
        out.append(
            _("%(code)s: planned %(planned)s TL, spent %(spent)s TL (%(share)s).")
            % {
                "code": p.target.code,
                "planned": format_tr(budget.planned, places=0),
                "spent": format_tr(budget.actual, places=0),
                "share": p.detail,
            }
        )
    return out


def _completeness(data: ReportData) -> list[str]:
    units = data.completeness
    missing = [u.unit for u in units if not u.submitted]
    out = [
        _("%(submitted)s of %(total)s responsible units submitted their data for the period.")
        % {"submitted": len(units) - len(missing), "total": len(units)}
    ]
    if missing:
        out.append(_("Units that did not submit: %(units)s.") % {"units": ", ".join(missing)})
    declared = sum(len(row.declarations) for t in data.targets() for row in t.rows)
    if declared:
        out.append(
            ngettext(
                "%(count)s value was declared “veri yok” with a reason (listed beside the "
                "indicators).",
                "%(count)s values were declared “veri yok” with a reason (listed beside the "
                "indicators).",
                declared,
            )
            % {"count": declared}
        )
    if data.unapproved_count:
        out.append(
            ngettext(
                "%(count)s indicator figure rests on values not yet approved (Annex 3).",
                "%(count)s indicator figures rest on values not yet approved (Annex 3).",
                data.unapproved_count,
            )
            % {"count": data.unapproved_count}
        )
    return out


def _points(delta: Decimal) -> str:
    text = format_tr(delta, places=2)
    return text if text.startswith("-") else f"+{text}"


def _change(data: ReportData) -> list[str]:
    before = data.previous
    if before is None:
        return [_("This is the plan's first period: there is no earlier period to compare.")]
    now = data.results
    label = f"{before.year}-H{before.half}"
    if now.realization is None or before.realization is None:
        return [
            _("The plan had %(before)s in %(label)s and has %(now)s now.")
            % {
                "before": percent(before.realization),
                "label": label,
                "now": percent(now.realization),
            }
        ]
    out = [
        _(
            "The plan's realization was %(before)s in %(label)s and is %(now)s now "
            "(%(delta)s points)."
        )
        % {
            "before": percent(before.realization),
            "label": label,
            "now": percent(now.realization),
            "delta": _points(now.realization - before.realization),
        }
    ]
    earlier = {t.target.pk: t.realization for t in before.targets()}
    up = down = 0
    for t in now.targets():
        old = earlier.get(t.target.pk)
        if old is None or t.realization is None:
            continue
        up += t.realization > old
        down += t.realization < old
    out.append(_("Since then %(up)s targets rose and %(down)s fell.") % {"up": up, "down": down})
    return out


def _risk(risk_targets: Sequence[RiskTarget] | None) -> list[str] | None:
    if risk_targets is None:
        return None
    if not risk_targets:
        return [_("The forecast flags no target as “risk altında”.")]
    out = [
        ngettext(
            "The forecast flags %(count)s target as “risk altında” (projected below the "
            "“orta” band at year end or at the plan's end):",
            "The forecast flags %(count)s targets as “risk altında” (projected below the "
            "“orta” band at year end or at the plan's end):",
            len(risk_targets),
        )
        % {"count": len(risk_targets)}
    ]
    out += [
        f"{r.code} {r.title}" + (f" ({percent(r.projected)})" if r.projected is not None else "")
        for r in risk_targets
    ]
    return out


def executive_summary(data: ReportData) -> ExecutiveSummary:
    """The Yönetici Özeti of `data` (pure)."""
    ranked = _ranked(data)
    weakest = ranked[:WEAKEST]
    rest = ranked[WEAKEST:]  # a small plan's targets are listed once, the weak ones first
    strongest = list(reversed(rest[-STRONGEST:]))
    return ExecutiveSummary(
        overview=_overview(data),
        aims=_aims(data),
        strongest=[_summary_target(t) for t in strongest],
        weakest=[_summary_target(t) for t in weakest],
        budget=_budget(data.results),
        completeness=_completeness(data),
        change=_change(data),
        risk=_risk(data.risk_targets),
        assessment=data.assessment,
    )
