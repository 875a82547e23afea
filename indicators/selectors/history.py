"""The history of entries and of the workflow, newest first (django-simple-history)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from indicators.entry_rules import FIELD_LABELS
from indicators.models import (
    EXPENDITURE_FIELDS,
    REVIEW_TEXT_FIELDS,
    Actual,
    Evidence,
    Expenditure,
    Indicator,
    Period,
    Submission,
    SubmissionStatus,
    TargetReview,
)
from indicators.selectors.common import user_label
from indicators.selectors.entry import EntryData
from karsplan.lib.numbers import format_tr_auto


@dataclass(frozen=True)
class HistoryItem:
    """One change of one record: who, when, what, the fields before and after."""

    when: dt.datetime
    user: str
    subject: str
    changes: tuple[tuple[str, str, str], ...]  # (field label, before, after)
    action: str = "~"  # "+" created, "~" changed, "-" deleted
    reason: str = ""
    seq: int = 0  # the record's id: orders changes made at the same instant


def _show(value: Any) -> str:
    if value is None or value == "":
        return "–"
    if isinstance(value, Decimal):
        return format_tr_auto(value)
    text = str(value)
    return text if len(text) <= 300 else text[:297] + "…"


def with_previous(records: Iterable[Any]) -> Iterator[tuple[Any, Any]]:
    """Each historical record with the record of the same object before it (None for the
    first); `records` are in date order for each object."""
    previous: dict[Any, Any] = {}
    for rec in records:
        yield rec, previous.get(rec.id)
        previous[rec.id] = rec


def history_items(
    records: Iterable[Any],
    fields: Sequence[tuple[str, str]],
    subject: Any,
    display: dict[str, Any] | None = None,
) -> list[HistoryItem]:
    """Turn historical records into items, each compared with the one before it
    (django-simple-history's `diff_against`).

    `records` are simple_history records of one model, ordered by object and date; `fields`
    lists (field name, label) to compare; `subject(record)` names the record ("2025-H1 ·
    P.G. 1.1.1"); `display` maps a field name to a function that shows its value. A record
    that changes none of `fields` (a version bump, a touch) is left out.
    """
    display = display or {}
    names = [name for name, _label in fields]
    labels = dict(fields)
    items: list[HistoryItem] = []
    for rec, before in with_previous(records):
        if rec.history_type == "-":
            changed: dict[str, tuple[Any, Any]] = {}
        elif before is None:  # created: what it was created with
            changed = {
                n: (None, getattr(rec, n))
                for n in names
                if getattr(rec, n) is not None and getattr(rec, n) not in ("", False)
            }
        else:
            delta = rec.diff_against(before, included_fields=names)
            changed = {c.field: (c.old, c.new) for c in delta.changes}
        if not changed and rec.history_type != "-":
            continue
        changes = tuple(
            (
                str(labels[n]),
                display.get(n, _show)(changed[n][0]),
                display.get(n, _show)(changed[n][1]),
            )
            for n in names
            if n in changed
        )
        items.append(
            HistoryItem(
                when=rec.history_date,
                user=user_label(rec.history_user),
                subject=subject(rec),
                changes=changes,
                action=rec.history_type,
                reason=rec.history_change_reason or "",
                seq=rec.history_id,
            )
        )
    return items


ACTUAL_FIELDS = (
    ("value", FIELD_LABELS["value"]),
    ("explanation", FIELD_LABELS["explanation"]),
    ("deviation_reason", FIELD_LABELS["deviation_reason"]),
    ("no_data", FIELD_LABELS["no_data"]),
)
REVIEW_FIELDS = REVIEW_TEXT_FIELDS


def _declared(value: bool | None) -> str:
    """A "veri yok" declaration in the history: "bildirildi", or "–" when there is none."""
    return _("declared") if value else "–"


def _evidence_items(records: Iterable[Any], subject: Any) -> list[HistoryItem]:
    """Evidence files added, removed (kept until the period is approved), restored and
    deleted for good, each with who and when and the file's name."""
    items = []
    for rec, before in with_previous(records):
        if rec.history_type == "+":
            change = ("–", rec.original_name)
        elif rec.history_type == "-":
            change = (rec.original_name, _("deleted for good"))
        elif before is not None and (before.removed_at is None) != (rec.removed_at is None):
            if rec.removed_at is not None:
                change = (rec.original_name, _("removed"))
            else:
                change = (_("removed"), rec.original_name)
        else:
            continue
        items.append(
            HistoryItem(
                when=rec.history_date,
                user=user_label(rec.history_user),
                subject=subject(rec),
                changes=((str(FIELD_LABELS["evidence"]), *change),),
                action="~" if rec.history_type == "-" else rec.history_type,
                reason=rec.history_change_reason or "",
                seq=rec.history_id,
            )
        )
    return items


def _status_fields() -> tuple[tuple[str, str], ...]:
    return (
        ("status", _("Status")),
        ("return_reason", _("Return reason")),
        ("reopen_reason", _("Reopen reason")),
    )


def _status_label(value: str | None) -> str:
    return str(SubmissionStatus(value).label) if value else "–"


def _records(model: Any, q: Q) -> Any:
    """The historical records of `model` matching `q`, by object and date (`history_items`)."""
    return (
        model.history.filter(q)
        .select_related("history_user")
        .order_by("id", "history_date", "history_id")
    )


def _history(
    *,
    periods: dict[int, Period],
    actual_q: Q | None,
    evidence_q: Q | None,
    review_q: Q | None,
    submission_q: Q | None,
    indicator_labels: dict[int, str],
    target_labels: dict[int, str],
    unit_labels: dict[int, str],
    amount_targets: Sequence[int],
    amount_periods: Sequence[int],
) -> list[HistoryItem]:
    def period_label(pk: int) -> str:
        p = periods.get(pk)
        return p.label if p else "?"

    items: list[HistoryItem] = []
    if actual_q is not None:
        records = _records(Actual, actual_q)
        items += history_items(
            records,
            ACTUAL_FIELDS,
            lambda r: f"{period_label(r.period_id)} · {indicator_labels.get(r.indicator_id, '')}",
            {"no_data": _declared},
        )
    if evidence_q is not None:
        records = _records(Evidence, evidence_q).select_related("actual")
        items += _evidence_items(
            records,
            lambda r: (
                f"{period_label(r.actual.period_id)} · "
                f"{indicator_labels.get(r.actual.indicator_id, '')}"
                if r.actual is not None
                else ""
            ),
        )
    if review_q is not None:
        records = _records(TargetReview, review_q)
        items += history_items(
            records,
            REVIEW_FIELDS,
            lambda r: (
                f"{period_label(r.period_id)} · {target_labels.get(r.target_id, '')} · "
                + _("target review")
            ),
        )
    if submission_q is not None:
        records = _records(Submission, submission_q)
        items += history_items(
            records,
            _status_fields(),
            lambda r: (
                f"{period_label(r.period_id)} · {unit_labels.get(r.unit_id, '')} · " + _("workflow")
            ),
            {"status": _status_label},
        )
    records = _records(
        Expenditure, Q(target_id__in=list(amount_targets), period_id__in=list(amount_periods))
    )
    items += history_items(
        records,
        EXPENDITURE_FIELDS,
        lambda r: f"{period_label(r.period_id)} · {target_labels.get(r.target_id, '')}",
        {"amount": format_tr_auto},
    )
    items.sort(key=lambda item: (item.when, item.seq), reverse=True)
    return items


@dataclass(frozen=True)
class ValueChange:
    """One saved version of an indicator's value for a period (the dashboard's history)."""

    when: dt.datetime
    user: Any
    period: str
    kind: str
    before: Decimal | None
    after: Decimal | None
    explanation: str
    deviation_reason: str
    reason: str


def value_history(indicator: Indicator, periods: Iterable[Period]) -> list[ValueChange]:
    """Every saved version of the indicator's actuals, newest first, with the value before and
    after it (1 query).

    Unlike `history_for_indicator` (the changed fields of everything around the indicator,
    records that change none of them left out), this lists every version of the values
    alone, with the explanation and deviation reason it was saved with: the dashboard's table
    of values.
    """
    labels = {p.pk: p.label for p in periods}
    records = (
        Actual.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    kinds = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    rows = [
        ValueChange(
            when=rec.history_date,
            user=rec.history_user,
            period=labels.get(rec.period_id, "–"),
            kind=kinds.get(rec.history_type, rec.history_type),
            before=before.value if before is not None else None,
            after=rec.value,
            explanation=rec.explanation,
            deviation_reason=rec.deviation_reason,
            reason=rec.history_change_reason or "",
        )
        for rec, before in with_previous(records)
    ]
    rows.reverse()
    return rows


def _short(text: str, length: int = 70) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def history_for_indicator(indicator: Indicator, periods: Sequence[Period]) -> list[HistoryItem]:
    """Changes of the indicator's actuals, of its target's reviews and expenditures, and of
    the workflow of its responsible unit, and its evidence files, newest first. 5 queries."""
    target = indicator.target
    return _history(
        periods={p.pk: p for p in periods},
        actual_q=Q(indicator_id=indicator.pk),
        evidence_q=Q(actual__indicator_id=indicator.pk),
        review_q=Q(target_id=target.pk),
        submission_q=Q(unit_id=target.responsible_unit_id, period__plan_id=target.plan_id),
        indicator_labels={indicator.pk: _short(f"{indicator.code} {indicator.name}")},
        target_labels={target.pk: target.code},
        unit_labels={target.responsible_unit_id: str(target.responsible_unit)},
        amount_targets=[target.pk],
        amount_periods=[p.pk for p in periods],
    )


def history_for_submission(data: EntryData) -> list[HistoryItem]:
    """Changes of everything a unit entered for a period and of its workflow, newest first."""
    target_ids = [t.pk for t in data.targets]
    return _history(
        periods={data.period.pk: data.period},
        actual_q=Q(period_id=data.period.pk, indicator_id__in=[i.pk for i in data.indicators]),
        evidence_q=Q(
            actual__period_id=data.period.pk,
            actual__indicator_id__in=[i.pk for i in data.indicators],
        ),
        review_q=Q(period_id=data.period.pk, target_id__in=target_ids),
        submission_q=Q(unit_id=data.unit.pk, period_id=data.period.pk),
        indicator_labels={i.pk: _short(f"{i.code} {i.name}") for i in data.indicators},
        target_labels={t.pk: t.code for t in data.targets},
        unit_labels={data.unit.pk: str(data.unit)},
        amount_targets=target_ids,
        amount_periods=[data.period.pk],
    )
