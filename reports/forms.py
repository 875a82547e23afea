"""The dashboards' filter forms (GET): they validate the choice, they never write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.computation import Status
from indicators.statuses import STATUS_NAMES

PERIOD_CHOICES = [("H1", _("H1 (January–June)")), ("H2", _("H2 (July–December)"))]


class SelectionForm(forms.Form):
    """Year, period and "approved values only"; optionally a unit, an aim, a status, a kind.

    Built with the choices of one plan; `fields_used` removes the filters a page lacks.
    """

    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False)
    unit = forms.TypedChoiceField(label=_("Unit"), coerce=int, required=False)
    aim = forms.TypedChoiceField(label=_("Aim"), coerce=int, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    kind = forms.ChoiceField(label=_("Problem"), required=False)
    approved = forms.BooleanField(label=_("Approved values only"), required=False)

    def __init__(
        self,
        data: object,
        *,
        years: list[int],
        units: list[tuple[int, str]] | None = None,
        aims: list[tuple[int, str]] | None = None,
        kinds: list[tuple[str, str]] | None = None,
        with_status: bool = False,
    ) -> None:
        super().__init__(data)
        self.fields["year"].choices = [(y, str(y)) for y in years]
        everything = ("", _("All"))
        optional = {
            "unit": units,
            "aim": aims,
            "kind": kinds,
            "status": [(s.value, STATUS_NAMES[s]) for s in Status] if with_status else None,
        }
        for name, choices in optional.items():
            if choices is None:
                del self.fields[name]
            else:
                self.fields[name].choices = [everything, *choices]

    def value(self, name: str, default: object = None) -> object:
        """The cleaned value of a valid field, else `default` (an invalid filter is ignored
        and its error shown)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        if name in self.errors or name not in self.fields:
            return default
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value
