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
    assert names == services.REVIEW_TEXT_NAMES
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


@pytest.mark.django_db
def test_one_builder_of_facts_and_computation_inputs(unit, period, h2, indicators, plan):
    """The entry page's facts and the indicator page's figures come from the builders that
    the import and the results use (entry_rules.indicator_facts, computation_input)."""
    import datetime as dt
    from decimal import Decimal

    from indicators import computation
    from indicators.entry_rules import computation_input, indicator_facts
    from indicators.models import Actual, PeriodState
    from indicators.results_inputs import plan_indicator_data

    ind = indicators[0]
    Actual.objects.create(indicator=ind, period=period, value=Decimal(40))
    h2.state = PeriodState.OPEN
    h2.save()
    data = selectors.entry_data(unit, h2)
    facts = data.facts[ind.pk]
    assert facts.other_half_value == Decimal(40) and facts.previous == (("2025-H1", Decimal(40)),)
    assert facts == indicator_facts(
        ind, h2, planned=data.planned.get(ind.pk), earlier=[(period, Decimal(40))]
    )
    h1_facts = indicator_facts(ind, period, planned=None, earlier=[])
    assert h1_facts.other_half_value is None  # only H2 reads the year's H1
    # The indicator page and the results read the same input.
    loaded = plan_indicator_data(plan, up_to=(2025, 2), indicator=ind).inputs[ind.pk]
    assert loaded == computation_input(
        ind,
        planned={pv.year: pv.value for pv in ind.planned_values.all()},
        values={(2025, 1): computation.PeriodValue(Decimal(40), approved=False)},
        weight=ind.weight,
    )
    _periods, rows = selectors.indicator_years(selectors.indicator_detail(ind.pk))
    [row] = [r for r in rows if r.year == 2025]
    half = 2 if dt.date.today() > dt.date(2025, 12, 31) else 1
    assert row.result == computation.indicator_result(
        loaded, 2025, half, selectors.computation_settings()
    )


@pytest.mark.django_db
def test_the_history_lists_what_changed_in_the_fields_order(period, indicators):
    from decimal import Decimal

    from indicators.models import Actual

    actual = Actual.objects.create(indicator=indicators[0], period=period, value=Decimal(40))
    actual.explanation, actual.deviation_reason = "Açıklama", "Neden"
    actual.save()
    actual.save()  # a touch: no field changes, left out
    actual.value = Decimal("12.5")
    actual.save()
    actual.delete()
    records = Actual.history.order_by("id", "history_date", "history_id")
    with translation.override("tr"):
        items = selectors.history_items(records, selectors.ACTUAL_FIELDS, lambda r: "s")
        labels = [str(label) for _name, label in selectors.ACTUAL_FIELDS]
    assert [(i.action, i.changes) for i in items] == [
        ("+", ((labels[0], "–", "40"),)),
        ("~", ((labels[1], "–", "Açıklama"), (labels[2], "–", "Neden"))),
        ("~", ((labels[0], "40", "12,5"),)),
        ("-", ()),
    ]


@pytest.mark.django_db
def test_the_period_pages_show_dates_as_the_rest_of_the_site(strategy_user, period, settings):
    """The period page wrote dates with strftime("%d.%m.%Y") whatever the language, where the
    services and the templates use the locale's SHORT_DATE_FORMAT."""
    import datetime as dt

    from django.contrib.messages import get_messages
    from django.urls import reverse
    from django.utils.formats import date_format

    from tests.indicators.entry_support import logged_in

    client = logged_in(strategy_user)
    for language, deadline, shown in (
        ("tr", "2025-07-31", "31.07.2025"),
        ("en", "2025-08-31", "08/31/2025"),
    ):
        settings.LANGUAGE_CODE = language
        response = client.post(
            reverse("indicators:period_extend", args=[period.pk]), {"deadline": deadline}
        )
        with translation.override(language):
            expected = date_format(dt.date.fromisoformat(deadline), "SHORT_DATE_FORMAT")
        message = [str(m) for m in get_messages(response.wsgi_request)][-1]
        assert expected == shown and shown in message
