"""Template filters for Turkish numbers: ``{{ value|trnum }}`` → ``1.234,5``."""

from decimal import Decimal

from django import template

from karsplan.lib.numbers import format_tr, format_tr_auto

register = template.Library()


@register.filter
def trnum(value: Decimal | None) -> str:
    """A measured value with only the decimals it has (``1234.50`` → ``1.234,5``)."""
    return format_tr_auto(value)


@register.filter
def trdec(value: Decimal | None, places: int = 2) -> str:
    """A figure with a fixed number of decimals (``62.5`` → ``62,50``)."""
    return format_tr(value, places=int(places))


@register.filter
def trmoney(value: Decimal | None) -> str:
    """Turkish lira amounts, without kuruş when whole: ``4153238`` → ``4.153.238``."""
    if value is None:
        return "–"
    value = Decimal(value)
    return format_tr(value, places=0 if value == value.to_integral_value() else 2)


@register.filter
def get_item(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
