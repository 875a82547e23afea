"""Turkish number parsing and formatting, without Django.

Turkish writes ``1.234.567,89``; spreadsheets and people also type ``1234567.89``.
``parse_decimal`` accepts both and refuses anything ambiguous or not a number.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# A group separator never follows a leading zero: "0.125" is a decimal, not 125.
_TR_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # 1.234 or 1.234,5
_TR_PLAIN = re.compile(r"^\d+,\d+$")  # 1234,5
_DOT_PLAIN = re.compile(r"^\d+(\.\d+)?$")  # 1234 or 1234.5
_EN_GROUPED = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")  # 1,234.5
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009\u2007")


class NumberFormatError(ValueError):
    """The text is not a number in a format we accept."""


def parse_decimal(text: str | int | float | Decimal | None) -> Decimal | None:
    """Parse a number typed in Turkish or plain format; ``None`` for an empty cell.

    Accepted: ``1.234,5`` · ``1234,5`` · ``1234.5`` · ``1234`` · ``-3`` · ``%45`` · ``45%``.
    A dot followed by groups of three digits (``1.234``) is read the Turkish way
    (one thousand two hundred thirty-four), as a Turkish user means it; a leading zero
    (``0.125``) makes it a decimal. Spaces of any kind and the Unicode minus are accepted.
    Raises ``NumberFormatError`` otherwise.
    """
    if text is None:
        return None
    if isinstance(text, bool):
        raise NumberFormatError(str(text))
    if isinstance(text, Decimal):
        return text
    if isinstance(text, int):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))
    s = str(text).strip().translate(_SPACES).replace("\u2212", "-")
    if not s:
        return None
    s = s.strip("%")
    sign = ""
    if s[:1] in "+-":
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if _TR_GROUPED.match(s):
        s = s.replace(".", "").replace(",", ".")
    elif _TR_PLAIN.match(s):
        s = s.replace(",", ".")
    elif _EN_GROUPED.match(s):
        s = s.replace(",", "")
    elif not _DOT_PLAIN.match(s):
        raise NumberFormatError(str(text))
    try:
        return Decimal(sign + s)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above guard this
        raise NumberFormatError(str(text)) from exc


def round2(value: Decimal) -> Decimal:
    """Round half-up to two places (the only rounding we show)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def decimal_str(value: Decimal | None) -> str | None:
    """Canonical text for JSON: a dot, at least two decimals, no trailing zeros beyond.

    ``Decimal("20.0000")`` → ``"20.00"``; ``Decimal("0.1250")`` → ``"0.125"``.
    """
    if value is None:
        return None
    value = Decimal(value)
    normal = value.normalize()
    if normal.as_tuple().exponent >= -2:
        return str(value.quantize(Decimal("0.01")))
    return format(normal, "f")


def format_tr(value: Decimal | int | None, places: int = 2, empty: str = "–") -> str:
    """Format for Turkish readers: ``1234567.891`` → ``1.234.567,89``."""
    if value is None:
        return empty
    value = Decimal(value)
    q = Decimal(1).scaleb(-places) if places else Decimal(1)
    value = value.quantize(q, rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = ".".join(groups)
    if places:
        text += "," + frac
    return sign + text


def format_tr_auto(value: Decimal | None, empty: str = "–") -> str:
    """Turkish format keeping only the decimals that matter (``20.00`` → ``20``)."""
    if value is None:
        return empty
    value = Decimal(value)
    normal = value.normalize()
    exp = normal.as_tuple().exponent
    places = 0 if exp >= 0 else min(-exp, 4)
    return format_tr(value, places=places, empty=empty)
