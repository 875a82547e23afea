"""Forms of the "Kullanıcılar" page; they validate, the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from goals.models import Unit


class UnitsField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.order_by("name"), label=_("Units"), **kwargs)


class InviteForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail address"))
    units = UnitsField()


class UnitsForm(forms.Form):
    units = UnitsField(required=False)


class UnlockForm(forms.Form):
    username = forms.CharField(max_length=255)
