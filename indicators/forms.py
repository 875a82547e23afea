"""Forms of the entry page, the review and the period management.

The entry forms only bind and render: the rules (numbers, ranges, deviation reasons) live in
`indicators.entry_rules` and are applied by `indicators.services.entries_save`, which the
Excel import shares. Each row carries its `version` and `orig`, a digest of the values the
user saw, so that a row the user did not touch is not written (and cannot overwrite a change
someone else made meanwhile).
"""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import Unit
from indicators.entry_rules import FIELD_LABELS
from indicators.models import REVIEW_CRITERIA, REVIEW_TEXT_FIELDS, Actual, TargetReview
from karsplan.lib.numbers import NumberFormatError, format_tr_auto, parse_decimal

ROW_TEXTAREA = {"rows": 2, "cols": 24}
DATE_ATTRS = {
    "placeholder": _("dd.mm.yyyy"),
    "inputmode": "numeric",
    "autocomplete": "off",
    "size": 10,
    "class": "date",
}
"""Dates are typed as Turkish institutions write them (31.12.2025); a browser's date picker
would show the browser's format instead (mm/dd/yyyy in an English browser)."""


def norm_number(text: Any) -> str:
    """A number as canonical text ("1.234,50" → "1234.5"); text that is not one is kept."""
    try:
        value = parse_decimal(text)
    except NumberFormatError:
        return f"?{text}"
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


def digest(*parts: Any) -> str:
    """A short fingerprint of the values a row showed (numbers normalised, text stripped)."""
    raw = json.dumps([p.strip() if isinstance(p, str) else p for p in parts], ensure_ascii=False)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


def number_initial(value: Decimal | None) -> str:
    """A saved number as the user types it: Turkish format, only the decimals it has."""
    return "" if value is None else format_tr_auto(value)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several uploads; their size and type are checked by the service (from the content),
    which names the indicator and the file in its messages."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class IdListField(forms.Field):
    """Checkbox values that are pks; the service checks they belong to the row."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[int]:
        if not value:
            return []
        try:
            return [int(v) for v in value]
        except (TypeError, ValueError):
            raise forms.ValidationError(_("Enter a whole number."), code="invalid")


class ActualRowForm(forms.Form):
    """One indicator's row: value, explanation, deviation reason, evidence files."""

    value = forms.CharField(
        label=FIELD_LABELS["value"],
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num", "size": 10}
        ),
    )
    explanation = forms.CharField(
        label=FIELD_LABELS["explanation"], required=False, widget=forms.Textarea(ROW_TEXTAREA)
    )
    deviation_reason = forms.CharField(
        label=FIELD_LABELS["deviation_reason"],
        required=False,
        widget=forms.Textarea(ROW_TEXTAREA),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    orig = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)
    no_data = forms.BooleanField(label=FIELD_LABELS["no_data"], required=False)
    confirm = forms.BooleanField(label=_("I confirm this value"), required=False)
    files = MultipleFileField(label=FIELD_LABELS["evidence"], required=False)
    remove = IdListField(label=_("Remove"), required=False)

    def __init__(
        self,
        *args: Any,
        actual: Actual | None = None,
        label: str = "",
        **kwargs: Any,
    ) -> None:
        if actual is not None:
            kwargs.setdefault(
                "initial",
                {
                    "value": number_initial(actual.value),
                    "explanation": actual.explanation,
                    "deviation_reason": actual.deviation_reason,
                    "no_data": actual.no_data,
                    "version": actual.version,
                    "orig": self.stored_digest(actual),
                },
            )
        else:
            kwargs.setdefault("initial", {"version": 0, "orig": self.row_digest("", "", "")})
        super().__init__(*args, **kwargs)
        for name in ("value", "explanation", "deviation_reason", "files", "confirm", "no_data"):
            widget = self.fields[name].widget
            widget.attrs = {**widget.attrs, "aria-label": f"{label} – {self.fields[name].label}"}
        self.problems: list = []
        self.warnings: list = []
        self.conflict = None

    @staticmethod
    def row_digest(
        value: Any, explanation: str, deviation_reason: str, no_data: bool = False
    ) -> str:
        """The fingerprint of a row's values (`value` as typed or saved)."""
        parts = [norm_number(value), explanation, deviation_reason]
        return digest(*parts, True) if no_data else digest(*parts)

    @classmethod
    def stored_digest(cls, actual: Actual | None) -> str:
        if actual is None:
            return cls.row_digest("", "", "")
        return cls.row_digest(
            actual.value, actual.explanation, actual.deviation_reason, actual.no_data
        )

    def touched(self) -> bool:
        """Whether the user changed the row since the page showed it (or added/removed files)."""
        data = self.cleaned_data
        now = self.row_digest(
            data.get("value", ""),
            data.get("explanation", ""),
            data.get("deviation_reason", ""),
            bool(data.get("no_data")),
        )
        return now != data.get("orig") or bool(data.get("files")) or bool(data.get("remove"))

    def shows_unsaved_input(self) -> bool:
        """Whether the row shows input that was not saved (a refused save): the saved value's
        realization would be misleading beside it."""
        return self.is_bound and hasattr(self, "cleaned_data") and self.touched()


_ReviewTexts = type(
    "_ReviewTexts",
    (forms.Form,),
    {
        name: forms.CharField(
            label=label,
            required=False,
            widget=forms.Textarea({"rows": 2 if name in REVIEW_CRITERIA else 3}),
        )
        for name, label in REVIEW_TEXT_FIELDS
    },
)


class ReviewForm(_ReviewTexts):
    """One target's review for the period (`REVIEW_TEXT_FIELDS`); the evaluation criteria
    only in H2."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    orig = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    ANNUAL = REVIEW_CRITERIA

    def __init__(
        self, *args: Any, review: TargetReview | None = None, half: int = 1, **kwargs: Any
    ) -> None:
        if review is not None:
            initial = {name: getattr(review, name) for name in self.text_fields(2)}
            initial.update(version=review.version)
        else:
            initial = {"version": 0}
        initial["orig"] = self.stored_digest(review, half)
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        self.half = half
        if half == 1:
            for name in self.ANNUAL:
                del self.fields[name]
        self.problems: list = []
        self.conflict = None

    @classmethod
    def text_fields(cls, half: int) -> list[str]:
        return [name for name, _label in REVIEW_TEXT_FIELDS if half == 2 or name not in cls.ANNUAL]

    @classmethod
    def stored_digest(cls, review: TargetReview | None, half: int) -> str:
        return digest(*[getattr(review, n) if review else "" for n in cls.text_fields(half)])

    def touched(self) -> bool:
        data = self.cleaned_data
        now = digest(*[data.get(n, "") for n in self.text_fields(self.half)])
        return now != data.get("orig")

    def annual_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.ANNUAL if name in self.fields]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.text_fields(1)]


class AmountForm(forms.Form):
    """A per-target amount of the period (the actual expenditure in TL)."""

    amount = forms.CharField(
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "autocomplete": "off", "class": "num", "size": 14}
        ),
    )
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    orig = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def __init__(self, *args: Any, stored: Any = None, label: Any = "", **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "amount": number_initial(stored.amount) if stored else "",
                "version": stored.version if stored else 0,
                "orig": digest(norm_number(stored.amount) if stored else ""),
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["amount"].label = label
        self.problems: list = []
        self.conflict = None

    def touched(self) -> bool:
        return digest(norm_number(self.cleaned_data.get("amount", ""))) != self.cleaned_data.get(
            "orig"
        )


# --- Review and periods -----------------------------------------------------------------------


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for returning"),
        widget=forms.Textarea({"rows": 3}),
        error_messages={"required": _("Write the reason for returning the entries.")},
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reopening"),
        widget=forms.Textarea({"rows": 2}),
        error_messages={"required": _("Write the reason for reopening the entries.")},
    )


class ExtendForm(forms.Form):
    deadline = forms.DateField(
        label=_("New deadline"), widget=forms.DateInput(attrs=DATE_ATTRS, format="%d.%m.%Y")
    )


class LockExceptionForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), empty_label=_("Choose a unit")
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea({"rows": 2}))
    until = forms.DateField(
        label=_("Open until"), widget=forms.DateInput(attrs=DATE_ATTRS, format="%d.%m.%Y")
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units


class ReviewFilterForm(forms.Form):
    """Filters of the review list (GET)."""

    period = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=None)
    unit = forms.TypedChoiceField(label=_("Unit"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    late = forms.ChoiceField(
        label=_("Late"),
        required=False,
        choices=[("", _("All")), ("yes", _("Late")), ("no", _("On time"))],
    )

    def __init__(self, *args: Any, periods: list, units: list, statuses: list, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(p.pk, p.label) for p in periods]
        self.fields["unit"].choices = [("", _("All units"))] + [(u.pk, u.name) for u in units]
        self.fields["status"].choices = [("", _("All"))] + statuses
