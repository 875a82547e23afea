"""The weight-sum rule (goals/weights.py): each card's weights sum to exactly 100.

Before it had one home, the plan's target page and the admin checked Σ weights = 100 × cards,
while the reports' methodology checked each card. A target on two cards weighing 60 and 140
passed the first rule (200 = 2 × 100) and failed the second; every page now flags it.
"""

from decimal import Decimal

import pytest
from django.urls import reverse

from goals.models import Target
from goals.weights import card_weight_sums, uneven_cards, weight_total, weights_ok
from tests.conftest import logged_in

D = Decimal


def test_each_card_sums_to_100_not_the_total_to_100_per_card():
    pairs = [(1, D("60")), (2, D("100")), (2, D("40"))]
    assert weight_total(pairs) == D(200)
    assert card_weight_sums(pairs) == {1: D(60), 2: D(140)}
    assert uneven_cards(pairs) == [(1, D(60)), (2, D(140))]
    assert not weights_ok(pairs)
    assert weights_ok([(1, D("60")), (1, D("40")), (2, D("100"))])


def test_the_rule_is_exact_and_a_missing_weight_counts_as_zero():
    assert weights_ok([(1, D("33.33")), (1, D("33.33")), (1, D("33.34"))])
    assert not weights_ok([(1, D("33.33")), (1, D("33.33")), (1, D("33.33"))])  # 99.99
    assert not weights_ok([(1, D("100.01"))])
    assert weights_ok([(1, D("100")), (1, None)])
    assert not weights_ok([])  # no indicators: nothing sums to 100


@pytest.fixture
def two_card_target(small_plan) -> Target:
    """A target whose cards weigh 60 and 140 (Σ 200 = 2 × 100)."""
    target = Target.objects.filter(plan=small_plan).order_by("order").first()
    first, second, third = target.indicators.order_by("order")
    for indicator, card, weight in ((first, 1, "60"), (second, 2, "100"), (third, 2, "40")):
        indicator.card, indicator.weight = card, D(weight)
        indicator.save()
    return target


def _client(user):
    return logged_in(user)


def test_target_page_flags_cards_of_60_and_140(two_card_target, council_user):
    url = reverse("goals:target", args=[two_card_target.pk])
    html = _client(council_user).get(url).content.decode()
    assert 'data-testid="weight-warning"' in html
    assert "200,00" in html


def test_admin_flags_cards_of_60_and_140(two_card_target, strategy_user):
    client = _client(strategy_user)
    off = client.get(reverse("admin:goals_target_changelist") + "?weights=off").content.decode()
    assert f">{two_card_target.code}<" in off and "⚠ 200,00" in off
    ok = client.get(reverse("admin:goals_target_changelist") + "?weights=ok").content.decode()
    assert f">{two_card_target.code}<" not in ok
    html = client.get(reverse("admin:goals_target_change", args=[two_card_target.pk])).content
    assert "Bu hedefin ağırlıkları toplamı 200,00" in html.decode()
