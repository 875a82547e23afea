"""The actual expenditure of a target per period: entered beside the indicators, versioned,
with its history."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from indicators import services as indicator_services
from indicators.models import Expenditure
from indicators.services import expenditure_record
from tests.indicators.entry_support import (
    logged_in,
)

pytestmark = pytest.mark.django_db


def test_an_expenditure_is_recorded_with_its_history(h1_window, staff_user, target, period):
    expenditure = expenditure_record(
        user=staff_user, target=target, period=period, amount="1.250.000,75"
    )
    assert expenditure.amount == Decimal("1250000.75") and expenditure.version == 1
    expenditure = expenditure_record(
        user=staff_user, target=target, period=period, amount="1300000", version=1
    )
    assert expenditure.version == 2
    history = list(expenditure.history.order_by("history_date", "history_id"))
    assert [h.amount for h in history] == [Decimal("1250000.75"), Decimal("1300000")]
    assert all(h.history_user == staff_user for h in history)


def test_a_stale_expenditure_is_refused_naming_the_target(
    h1_window, staff_user, strategy_user, target, period
):
    expenditure_record(user=staff_user, target=target, period=period, amount="100")
    expenditure_record(user=strategy_user, target=target, period=period, amount="200", version=1)
    with pytest.raises(indicator_services.EntryRefused) as exc:
        expenditure_record(user=staff_user, target=target, period=period, amount="150", version=1)
    [conflict] = exc.value.result.conflicts
    assert conflict.key == target.pk and conflict.field == "expenditure"
    assert conflict.message.startswith(
        "H1.1 hedefi – Gerçekleşen harcama (TL): Siz sayfayı açtıktan sonra"
    )
    assert Expenditure.objects.get().amount == Decimal(200)


def test_a_negative_or_non_numeric_expenditure_is_refused(h1_window, staff_user, target, period):
    for text, words in (("-5", "Negatif"), ("yüz", "sayı değil")):
        with pytest.raises(indicator_services.EntryRefused) as exc:
            expenditure_record(
                user=staff_user, target=target, period=period, amount=text, version=None
            )
        assert "Gerçekleşen harcama (TL)" in str(exc.value) and words in str(exc.value)


def test_more_than_two_decimals_are_refused(h1_window, staff_user, target, period):
    with pytest.raises(indicator_services.EntryRefused) as exc:
        expenditure_record(user=staff_user, target=target, period=period, amount="10,123")
    assert "En çok 2 ondalık" in str(exc.value)


def test_clearing_an_expenditure_deletes_it_and_records_who(h1_window, staff_user, target, period):
    expenditure_record(user=staff_user, target=target, period=period, amount="100")
    assert (
        expenditure_record(user=staff_user, target=target, period=period, amount="", version=1)
        is None
    )
    assert not Expenditure.objects.exists()
    deleted = Expenditure.history.filter(history_type="-").get()
    assert deleted.history_user == staff_user


def test_another_unit_cannot_record_an_expenditure(h1_window, other_staff_user, target, period):
    with pytest.raises(PermissionDenied):
        expenditure_record(user=other_staff_user, target=target, period=period, amount="100")


def test_the_expenditure_history_shows_on_the_indicator_page(h1_window, staff_user, target, period):
    expenditure_record(user=staff_user, target=target, period=period, amount="100")
    expenditure_record(user=staff_user, target=target, period=period, amount="250", version=1)
    indicator = target.indicators.first()
    html = (
        logged_in(staff_user)
        .get(reverse("indicators:detail", args=[indicator.pk]))
        .content.decode()
    )
    before_after = '<span class="before">100</span> → <span class="after">250</span>'
    assert f"Gerçekleşen harcama (TL):</span> {before_after}" in html
