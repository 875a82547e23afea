from __future__ import annotations

from typing import Any

from django import forms

from notifications.models import Kind


class PreferencesForm(forms.Form):
    """One checkbox per optional mail of the user's role: checked = receive it."""

    def __init__(self, *args: Any, kinds: list[str], muted: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in kinds:
            self.fields[kind] = forms.BooleanField(
                label=Kind(kind).label, required=False, initial=kind not in muted
            )

    def muted(self) -> list[str]:
        return [kind for kind, on in self.cleaned_data.items() if not on]
