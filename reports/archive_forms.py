"""The form that asks for a report: kind, year, period, render anew."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import Plan
from reports.models import ReportKind


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    period = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        choices=[(1, _("H1 (January–June)")), (2, _("H2 (July–December)"))],
        initial=2,
        required=False,
        help_text=_("The annual report is always as of H2."),
    )
    force = forms.BooleanField(
        label=_("Render anew even if the data did not change"), required=False
    )

    def __init__(self, *args: object, plan: Plan, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["year"].choices = [(y, str(y)) for y in plan.years]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == ReportKind.EVALUATION:
            data["period"] = 2
        elif not data.get("period"):
            self.add_error("period", _("Choose the period (H1 or H2) of the monitoring report."))
        return data


class FrontMatterForm(forms.Form):
    """The strategy office's assessment and, after approval, the council decision."""

    assessment = forms.CharField(
        label=_("The strategy office's assessment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Printed beside the executive summary at the front of the report."),
    )
    council_decision_date = forms.DateField(
        label=_("Council decision date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    council_decision_number = forms.CharField(
        label=_("Council decision number"), required=False, max_length=50
    )


class LogoForm(forms.Form):
    logo = forms.FileField(
        label=_("Institution logo (PNG or SVG, at most 1 MB)"),
        help_text=_("Printed on the cover of every report of this plan."),
    )


class PublishForm(forms.Form):
    confirm_unapproved = forms.BooleanField(required=False)
