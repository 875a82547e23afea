"""Reading the numbers typed in an entry or a spreadsheet: a value (`parse_amount`) and an
indicator's order (`order_number`). Re-exported by `indicators.entry_rules`."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from karsplan.lib.numbers import NumberFormatError, parse_decimal

VALUE_MAX = Decimal(10) ** 16
"""The first value too large for `Actual.value`."""


def parse_amount(raw: Decimal | str | int | float | None, places: int) -> Decimal | None:
    """Parse a number typed in Turkish or plain format and check it fits the field.

    Returns None for an empty value. Raises ValueError with a Turkish message (without the
    field's name) for text that is not a number, a negative number, too many decimals or a
    number too large.
    """
    try:
        value = parse_decimal(raw)
    except NumberFormatError:
        raise ValueError(
            _('"%(text)s" is not a number. Write it as 1.234,5 or 1234.5.') % {"text": raw}
        )
    if value is None:
        return None
    if not value.is_finite():
        raise ValueError(_("This is not a number."))
    if value < 0:
        raise ValueError(_("A negative value is not accepted."))
    if value.as_tuple().exponent < -places and value != value.quantize(Decimal(1).scaleb(-places)):
        raise ValueError(_("At most %(places)s decimal places are accepted.") % {"places": places})
    if value >= VALUE_MAX:
        raise ValueError(_("The number is too large."))
    return value


ORDER_MAX = 32767
"""The largest order an indicator can have (`PositiveSmallIntegerField`)."""


def order_number(raw: Any) -> int | None:
    """An indicator's order (`Sıra`) as a file or an admin import writes it; None when it is
    not one. The entry import and the admin's plan import both read the order through this.

    An order is a whole number from 0 to `ORDER_MAX` (the field's range): 3 and 3.0 (number
    cells), "3", "03", " 3 ", "3,0", "3.0". Text is read by the one Turkish number reading
    (`parse_decimal`), so a leading "+" is accepted as for every number typed ("+3" is 3),
    and "1.000" is one thousand, as in a value. Refused: fractions ("2,5"), negative numbers,
    booleans, text that is not a number."""
    if isinstance(raw, bool):
        return None
    try:
        number = parse_decimal(raw if isinstance(raw, int | float | Decimal) else str(raw))
    except NumberFormatError:
        return None
    if number is None or not number.is_finite() or number != number.to_integral_value():
        return None
    if not 0 <= number <= ORDER_MAX:
        return None
    return int(number)
