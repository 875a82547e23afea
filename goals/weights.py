"""The weight-sum rule: the weights of a target's indicators sum to 100 on each card.

A target printed on several cards (``Indicator.card``) weighs each card's indicators to 100
on its own, as the plan prints them ("TOPLAM 100" under every card). The rule is exact: no
tolerance, so a printed 99,99 is flagged. An indicator without a weight counts as 0.

Every page that checks the weights asks this module: the plan's target page, the admin's
target list and form, and the methodology section of the reports.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

WEIGHT_PER_CARD = Decimal(100)

CardWeight = tuple[int, Decimal | None]
"""(card, weight) of one indicator."""


def card_weight_sums(indicators: Iterable[CardWeight]) -> dict[int, Decimal]:
    """Σ weights per card, cards in the order they first appear."""
    sums: dict[int, Decimal] = {}
    for card, weight in indicators:
        sums[card] = sums.get(card, Decimal(0)) + (weight or Decimal(0))
    return sums


def uneven_cards(indicators: Iterable[CardWeight]) -> list[tuple[int, Decimal]]:
    """(card, Σ weights) of the cards whose weights do not sum to 100."""
    return [(c, s) for c, s in card_weight_sums(indicators).items() if s != WEIGHT_PER_CARD]


def weights_ok(indicators: Iterable[CardWeight]) -> bool:
    """True when the target has indicators and every card's weights sum to exactly 100."""
    sums = card_weight_sums(indicators)
    return bool(sums) and all(s == WEIGHT_PER_CARD for s in sums.values())


def weight_total(indicators: Iterable[CardWeight]) -> Decimal:
    """Σ of all the target's weights (what the pages print as the total)."""
    return sum((w or Decimal(0) for _, w in indicators), Decimal(0))
