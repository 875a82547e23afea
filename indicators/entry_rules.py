"""The rules of a period entry (DESIGN.md §4), without the ORM.

`validate_entry_rows` checks the rows typed in the entry form, or read from a spreadsheet,
against what is known about each indicator (`IndicatorFacts`) and returns, per row, the
refusals (errors) and the values that need the user's confirmation (warnings). The services
load the facts and write (`indicators.services.entries_save`); the Excel import calls the same
function for many rows at once.

Every message is a full sentence that names the indicator (code and name) and the field, so
that it reads the same in a list at the top of a page, beside the row, or in an import report.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from indicators import computation
from indicators.entry_parsing import (  # noqa: F401 - ORDER_MAX, VALUE_MAX, order_number re-exported
    ORDER_MAX,
    VALUE_MAX,
    order_number,
    parse_amount,
)
from indicators.models import REVIEW_TEXT_FIELDS
from indicators.statuses import status_label
from karsplan.lib.numbers import format_tr_auto

VALUE_PLACES = 4
"""Decimal places of `Actual.value` (DecimalField(max_digits=20, decimal_places=4))."""
FAR_LOW, FAR_HIGH = Decimal("0.2"), Decimal(5)
"""A value outside [0.2×, 5×] of its reference (plan or history) asks for a confirmation."""
LOW_STATUSES = (computation.Status.DUSUK, computation.Status.COK_DUSUK)
"""A value whose realization falls in these bands needs a deviation reason to be submitted."""

FIELD_LABELS = {
    "indicator": gettext_lazy("Indicator"),
    "value": gettext_lazy("Value"),
    "no_data": gettext_lazy("No data"),
    "explanation": gettext_lazy("Explanation"),
    "deviation_reason": gettext_lazy("Deviation reason"),
    "evidence": gettext_lazy("Evidence files"),
    **dict(REVIEW_TEXT_FIELDS),
    "target": gettext_lazy("Target"),
}

MEASURE_ENTRY_HINT = {
    computation.Measure.FLOW: gettext_lazy("done in these six months"),
    computation.Measure.LEVEL: gettext_lazy("value at the period's end"),
    computation.Measure.AVERAGE: gettext_lazy("the period's value"),
}
"""What a row asks for, by the indicator's measure (DESIGN.md §4): a flow the amount of this
six months only, a level the value at the period's end, an average the period's value. The
entry page and the Excel template both show it."""


def measure_entry_hint(measure: str) -> str:
    """The hint of `MEASURE_ENTRY_HINT` for a measure ("" for an unknown one)."""
    hint = MEASURE_ENTRY_HINT.get(measure)
    return str(hint) if hint is not None else ""


# --- Inputs -----------------------------------------------------------------------------------


class _Keep:
    def __repr__(self) -> str:
        return "KEEP"


KEEP: Any = _Keep()
"""`EntryRow(value=KEEP)` keeps the saved value (to attach a file alone, for instance)."""


@dataclass(frozen=True)
class StoredActual:
    """What is saved now for (indicator, period)."""

    value: Decimal | None
    explanation: str = ""
    deviation_reason: str = ""
    version: int = 1
    no_data: bool = False


@dataclass(frozen=True)
class IndicatorFacts:
    """What the rules need to know about one indicator for one period.

    `planned` is B for the period's year (None: no target that year); `other_half_value` is
    the value of H1 when the period is H2 (a flow's year value is H1 + H2); `previous` lists
    (period label, value) of the earlier periods that have a value, oldest first.
    """

    id: int
    code: str
    name: str
    unit_of_measure: str = ""
    baseline: Decimal | None = None
    planned: Decimal | None = None
    measure: str = computation.Measure.LEVEL
    direction: str = computation.Direction.INCREASE
    monitoring_frequency_months: int = 6
    other_half_value: Decimal | None = None
    previous: tuple[tuple[str, Decimal], ...] = ()
    stored: StoredActual | None = None

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def is_percent(self) -> bool:
        return self.unit_of_measure.strip() == "%"

    def is_due(self, half: int) -> bool:
        """An indicator monitored every 12 months is entered only in H2."""
        return half == 2 or self.monitoring_frequency_months < 12


def stored_actual(actual: Any) -> StoredActual | None:
    """What is saved of an `Actual` (None: nothing is saved)."""
    if actual is None:
        return None
    return StoredActual(
        value=actual.value,
        explanation=actual.explanation,
        deviation_reason=actual.deviation_reason,
        version=actual.version,
        no_data=actual.no_data,
    )


def indicator_facts(
    indicator: Any,
    period: Any,
    *,
    planned: Decimal | None,
    earlier: Iterable[tuple[Any, Decimal]] = (),
    actual: Any = None,
) -> IndicatorFacts:
    """The one builder of `IndicatorFacts` (the entry page, `entries_save`, the Excel import).

    `indicator` is an `Indicator`, `period` the `Period` entered; `planned` is B for the
    period's year; `earlier` lists (Period, value) of the plan's earlier periods that have a
    value, oldest first; `actual` is the period's saved `Actual` (or None).
    """
    earlier = list(earlier)
    other_half = None
    if period.half == 2:
        for p, value in earlier:
            if p.year == period.year and p.half == 1:
                other_half = value
    return IndicatorFacts(
        id=indicator.pk,
        code=indicator.code,
        name=indicator.name,
        unit_of_measure=indicator.unit_of_measure,
        baseline=indicator.baseline,
        planned=planned,
        measure=indicator.measure,
        direction=indicator.direction,
        monitoring_frequency_months=indicator.monitoring_frequency_months,
        other_half_value=other_half,
        previous=tuple((p.label, value) for p, value in earlier),
        stored=stored_actual(actual),
    )


def computation_input(
    source: Any,
    *,
    planned: Mapping[int, Decimal | None],
    values: Mapping[tuple[int, int], computation.PeriodValue],
    weight: Decimal | None = None,
    declared: Mapping[tuple[int, int], computation.NoData] | None = None,
) -> computation.IndicatorInput:
    """The one builder of `computation.IndicatorInput`.

    `source` is an `Indicator` or its `IndicatorFacts` (its id, baseline, measure, direction
    and monitoring frequency are read); `planned` maps a year to B, `values` (year, half) to
    the period's value, `declared` (year, half) to a "veri yok" declaration; `weight` is the
    indicator's weight in its target (None: unweighted).
    """
    return computation.IndicatorInput(
        key=source.id,
        weight=weight,
        baseline=source.baseline,
        planned=dict(planned),
        values=dict(values),
        measure=computation.Measure(source.measure),
        direction=computation.Direction(source.direction),
        monitoring_frequency_months=source.monitoring_frequency_months,
        declared=dict(declared or {}),
    )


@dataclass(frozen=True)
class EntryRow:
    """One indicator's entry for a period, as typed in the form or read from a spreadsheet.

    - `value`: a Decimal, or text in Turkish or plain format ("1.234,5", "1234.5"); None or
      "" leaves the value empty; `KEEP` keeps the saved value.
    - `explanation`, `deviation_reason`: None keeps what is saved (an import that has no such
      column); "" clears it.
    - `version`: the version of the saved row the user started from: 0 when there was none,
      None to skip the check (a caller that has just read the row itself). A stale version is
      a conflict and nothing of the save is written.
    - `confirmed`: the user confirmed this row's warnings.
    - `files`: uploaded evidence files to attach; `remove_evidence`: pks of evidence files of
      this indicator and period to delete.
    - `no_data`: True declares "veri yok" (the value must then be empty and the explanation
      says why), False withdraws a declaration, None keeps what is saved.
    """

    indicator_id: int
    value: Decimal | str | int | None = None
    explanation: str | None = None
    deviation_reason: str | None = None
    version: int | None = None
    confirmed: bool = False
    files: Sequence[Any] = ()
    remove_evidence: Sequence[int] = ()
    no_data: bool | None = None


@dataclass(frozen=True)
class Problem:
    """A refusal or a warning about one field of one row.

    `scope` is "indicator" (key: indicator pk), "target" (key: target pk) or "submission";
    `code` is stable for programs ("negative", "required", "far_from_plan", ...), `message`
    is the sentence shown to people.
    """

    scope: str
    key: int
    field: str
    code: str
    message: str


@dataclass(frozen=True)
class ParsedRow:
    """A row after parsing: the values that would be saved, and whether they differ."""

    indicator_id: int
    value: Decimal | None
    explanation: str
    deviation_reason: str
    version: int | None
    files: Sequence[Any] = ()
    remove_evidence: Sequence[int] = ()
    changed: bool = True
    no_data: bool = False


@dataclass
class RowsCheck:
    rows: dict[int, ParsedRow] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and not self.warnings


# --- Messages ---------------------------------------------------------------------------------


def indicator_message(facts_or_label: IndicatorFacts | str, field_name: str, text: str) -> str:
    """ "P.G. 1.1.1 Gösterge adı – Değer: negatif olamaz." (indicator, field, message)."""
    label = facts_or_label if isinstance(facts_or_label, str) else facts_or_label.label
    return _("%(indicator)s – %(field)s: %(message)s") % {
        "indicator": label,
        "field": FIELD_LABELS.get(field_name, field_name),
        "message": text,
    }


def _problem(
    facts: IndicatorFacts | None, key: int, field_name: str, code: str, text: str
) -> Problem:
    label = facts.label if facts is not None else _("Indicator #%(pk)s") % {"pk": key}
    return Problem("indicator", key, field_name, code, indicator_message(label, field_name, text))


# --- Rules ------------------------------------------------------------------------------------


def row_entry_hint(measure: str, monitoring_frequency_months: int) -> str:
    """What one row asks for: `measure_entry_hint`, except for a flow monitored every 12
    months, entered once (in H2) for the whole year: "bu yıl yapılan"."""
    if measure == computation.Measure.FLOW and monitoring_frequency_months >= 12:
        return str(gettext_lazy("done this year"))
    return measure_entry_hint(measure)


def plan_reference(facts: IndicatorFacts) -> Decimal | None:
    """The value expected for one period from the plan: half of B for a flow entered twice a
    year (each period brings its share), B otherwise. None without a positive B."""
    B = facts.planned
    if B is None or B <= 0:
        return None
    if facts.measure == computation.Measure.FLOW and facts.monitoring_frequency_months < 12:
        return B / 2
    return B


def value_warnings(facts: IndicatorFacts, value: Decimal) -> list[tuple[str, str]]:
    """The reasons to ask for a confirmation of `value`: (code, message without the field).

    1. a % value above 100;
    2. outside [0.2×, 5×] of the plan's value for the period (see `plan_reference`);
    3. outside [0.2×, 5×] of the latest earlier value (when it is above 0).
    """
    found: list[tuple[str, str]] = []
    if facts.is_percent and value > 100:
        found.append(("percent_above_100", _("a percentage above 100 needs a confirmation.")))
    ref = plan_reference(facts)
    if ref is not None and not (FAR_LOW * ref <= value <= FAR_HIGH * ref):
        found.append(
            (
                "far_from_plan",
                _(
                    "%(value)s is far from the planned value for the period (%(ref)s); "
                    "please check and confirm."
                )
                % {"value": format_tr_auto(value), "ref": format_tr_auto(ref.normalize())},
            )
        )
    if facts.previous:
        label, prev = facts.previous[-1]
        if prev > 0 and not (FAR_LOW * prev <= value <= FAR_HIGH * prev):
            found.append(
                (
                    "far_from_history",
                    _(
                        "%(value)s is far from the previous value (%(period)s: %(prev)s); "
                        "please check and confirm."
                    )
                    % {
                        "value": format_tr_auto(value),
                        "period": label,
                        "prev": format_tr_auto(prev),
                    },
                )
            )
    return found


def period_result(
    facts: IndicatorFacts,
    value: Decimal | None,
    year: int,
    half: int,
    settings: computation.Settings = computation.DEFAULT_SETTINGS,
) -> computation.IndicatorResult:
    """The indicator's figures for (year, half) if `value` were saved for the period."""
    values: dict[tuple[int, int], computation.PeriodValue] = {}
    if half == 2 and facts.other_half_value is not None:
        values[(year, 1)] = computation.PeriodValue(facts.other_half_value)
    if value is not None:
        values[(year, half)] = computation.PeriodValue(value)
    return computation.indicator_result(
        computation_input(facts, planned={year: facts.planned}, values=values),
        year,
        half,
        settings,
    )


def needs_deviation_reason(
    facts: IndicatorFacts,
    value: Decimal | None,
    year: int,
    half: int,
    settings: computation.Settings = computation.DEFAULT_SETTINGS,
) -> computation.IndicatorResult | None:
    """The result when `value` makes the period's realization low ("düşük" or "çok düşük",
    judged on the expected realization, DESIGN.md §5), else None."""
    if value is None:
        return None
    result = period_result(facts, value, year, half, settings)
    return result if result.status in LOW_STATUSES else None


def _text(raw: str | None, stored: str | None) -> str:
    if raw is None:
        return stored or ""
    return str(raw).strip()


def _no_data_problems(
    f: IndicatorFacts, value: Decimal | None, explanation: str, half: int
) -> list[Problem]:
    """A "veri yok" declaration is refused for a row that is not due, with a value, or
    without an explanation (the reason is mandatory, DESIGN.md §4)."""
    if not f.is_due(half):
        text = _("this indicator is not entered in this half of the year.")
        return [_problem(f, f.id, "no_data", "not_due", text)]
    problems = []
    if value is not None:
        text = _('a row declared "veri yok" has no value: clear the value or the declaration.')
        problems.append(_problem(f, f.id, "value", "no_data_with_value", text))
    if not explanation:
        text = _('write in the explanation why there is no data ("veri yok") for this period.')
        problems.append(_problem(f, f.id, "explanation", "no_data_reason_required", text))
    return problems


def validate_entry_rows(
    rows: Iterable[EntryRow],
    facts: Mapping[int, IndicatorFacts],
    *,
    year: int,
    half: int,
    submit: bool = False,
    confirm_warnings: bool = False,
    settings: computation.Settings = computation.DEFAULT_SETTINGS,
) -> RowsCheck:
    """Check entry rows for one unit and period; nothing is read or written.

    `facts` holds every indicator the unit enters for the period (keyed by pk), with what is
    saved now. Returns the parsed rows and:

    - errors (refusals): an indicator that is not the unit's, or given twice; a value for an
      indicator not monitored in this half; a value that is not a number, is negative, has more
      than 4 decimals or is too large. With `submit`: every indicator due in the period needs a
      value (given or saved), and a deviation reason when its realization is low.
    - warnings (a confirmation is needed, per row with `EntryRow.confirmed` or for all with
      `confirm_warnings`): a % value above 100, a value outside [0.2×, 5×] of the plan's value
      for the period or of the latest earlier value. Only a value that differs from the saved
      one is questioned, so a confirmed value is not asked about again.

    The save may go ahead only when both lists are empty (`RowsCheck.ok`).
    """
    check = RowsCheck()
    for row in rows:
        f = facts.get(row.indicator_id)
        if f is None:
            check.errors.append(
                _problem(
                    None,
                    row.indicator_id,
                    "indicator",
                    "unknown",
                    _("this indicator is not one the unit enters."),
                )
            )
            continue
        if row.indicator_id in check.rows:
            check.errors.append(
                _problem(f, f.id, "indicator", "duplicate", _("the indicator is given twice."))
            )
            continue
        stored = f.stored
        try:
            if row.value is KEEP:
                value = stored.value if stored else None
            else:
                value = parse_amount(row.value, VALUE_PLACES)
        except ValueError as exc:
            check.errors.append(_problem(f, f.id, "value", "invalid", str(exc)))
            value = stored.value if stored else None
            invalid = True
        else:
            invalid = False
        explanation = _text(row.explanation, stored.explanation if stored else "")
        deviation = _text(row.deviation_reason, stored.deviation_reason if stored else "")
        stored_no_data = stored.no_data if stored else False
        no_data = stored_no_data if row.no_data is None else bool(row.no_data)
        stored_value = stored.value if stored else None
        value_changed = not invalid and value != stored_value
        changed = (
            invalid
            or value_changed
            or no_data != stored_no_data
            or explanation != (stored.explanation if stored else "")
            or deviation != (stored.deviation_reason if stored else "")
            or bool(row.files)
            or bool(row.remove_evidence)
        )
        check.rows[f.id] = ParsedRow(
            indicator_id=f.id,
            value=value,
            explanation=explanation,
            deviation_reason=deviation,
            version=row.version,
            files=tuple(row.files),
            remove_evidence=tuple(row.remove_evidence),
            changed=changed,
            no_data=no_data,
        )
        if invalid:
            continue
        if no_data:
            check.errors += _no_data_problems(f, value, explanation, half)
            continue
        if value is not None and not f.is_due(half):
            check.errors.append(
                _problem(
                    f,
                    f.id,
                    "value",
                    "not_due",
                    _(
                        "this indicator is monitored every 12 months and is entered only "
                        "in the second half of the year."
                    ),
                )
            )
            continue
        if value_changed and value is not None and not (confirm_warnings or row.confirmed):
            for code, text in value_warnings(f, value):
                check.warnings.append(_problem(f, f.id, "value", code, text))

    if submit:
        for f in facts.values():
            if not f.is_due(half):
                continue
            parsed = check.rows.get(f.id)
            if parsed is not None and any(
                e.key == f.id and e.scope == "indicator" for e in check.errors
            ):
                continue
            value = parsed.value if parsed else (f.stored.value if f.stored else None)
            if parsed.no_data if parsed else (f.stored.no_data if f.stored else False):
                continue  # a "veri yok" declaration answers the row
            deviation = (
                parsed.deviation_reason
                if parsed
                else (f.stored.deviation_reason if f.stored else "")
            )
            if value is None:
                check.errors.append(
                    _problem(
                        f, f.id, "value", "required", _("a value is required to submit the period.")
                    )
                )
                continue
            low = needs_deviation_reason(f, value, year, half, settings)
            if low is not None and not deviation:
                figure = low.expected_realization
                check.errors.append(
                    _problem(
                        f,
                        f.id,
                        "deviation_reason",
                        "deviation_reason_required",
                        _(
                            "the realization is low (%(figure)s%%, %(status)s); write the "
                            "reason of the deviation to submit."
                        )
                        % {
                            "figure": format_tr_auto(computation.round2(figure)),
                            "status": status_label(low.status),
                        },
                    )
                )
    return check
