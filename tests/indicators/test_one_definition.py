"""Rules that had several copies now have one definition; these pin where the copies disagreed."""

import pytest
from django.utils import translation

from goals.models import Unit
from indicators import selectors, services
from indicators.entry_rules import FIELD_LABELS
from indicators.forms import ReviewForm
from indicators.models import REVIEW_CRITERIA, REVIEW_TEXT_FIELDS


def test_the_review_fields_have_one_name_list_and_one_label_everywhere():
    names = tuple(name for name, _label in REVIEW_TEXT_FIELDS)
    assert services.REVIEW_TEXT_NAMES == names
    assert tuple(ReviewForm.text_fields(2)) == names
    assert [n for n in names if n not in ReviewForm.text_fields(1)] == list(REVIEW_CRITERIA)
    history = dict(selectors.REVIEW_FIELDS)
    # The form said "Relevance (İlgililik)" where the history and the messages said
    # "Relevance": one label now, in every language.
    for language in ("en", "tr"):
        with translation.override(language):
            form = ReviewForm(half=2)
            for name, label in REVIEW_TEXT_FIELDS:
                assert str(form.fields[name].label) == str(label)
                assert str(history[name]) == str(label) == str(FIELD_LABELS[name])


@pytest.mark.django_db
def test_the_units_responsible_in_a_plan_are_listed_once_by_name(plan, unit):
    units = list(Unit.objects.responsible_in(plan))
    assert unit in units and len(units) == len(set(units))  # a unit with 2 targets: once
    assert [u.name for u in units] == sorted(u.name for u in units)
    expected = set(plan.targets.values_list("responsible_unit", flat=True))
    assert {u.pk for u in units} == expected
    assert list(Unit.objects.responsible_in(plan.pk)) == units
