"""Turkish number parsing and formatting, without Django.

Turkish writes ``1.234.567,89``; spreadsheets and people also type ``1234567.89``.
``parse_decimal`` accepts both and refuses anything ambiguous or not a number.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import NamedTuple

# Removed before reading: spaces of any kind (a thin or no-break space groups thousands in
# Word and LibreOffice) and the apostrophe (1'234, as Swiss settings group them).
_SPACES = re.compile(r"[\s\u00a0\u202f\u2007\u2009']+")
_PLAIN_INT = re.compile(r"^\d+$")  # 1234
# One group of three digits after a separator: 1.234 (Turkish thousands) or 1,234 (English).
# A group separator never follows a leading zero: "0.125" is a decimal, not 125.
_ONE_GROUP = re.compile(r"^[1-9]\d{0,2}[.,]\d{3}$")
_TR_DECIMAL = re.compile(r"^\d+,\d+$")  # 1234,5
_TR_GROUPED = re.compile(r"^[1-9]\d{0,2}(\.\d{3})+(,\d+)?$")  # 1.234.567 or 1.234,5
_EN_DECIMAL = re.compile(r"^\d+\.\d+$")  # 1234.5 · 0.125
_EN_GROUPED = re.compile(r"^[1-9]\d{0,2}(,\d{3})+(\.\d+)?$")  # 1,234,567 or 1,234.5

TR = "tr"
EN = "en"
MIXED = "mixed"
AMBIGUOUS = "ambiguous"


class NumberFormatError(ValueError):
    """The text is not a number in a format we accept."""


class NumberShape(NamedTuple):
    """How a number is written: its sign, its digits and separators (without spaces and
    percent signs), and its style: "int"; "tr" (a decimal comma or dot-grouped thousands:
    12,5 · 1.234.567 · 1.234,5); "en" (a decimal point or comma-grouped thousands: 12.5 ·
    0.125 · 1,234.5); "ambiguous" (one group of three digits: 1.234 or 1,234)."""

    sign: str
    digits: str
    style: str


def number_shape(text: str) -> NumberShape | None:
    """The shape of a number written as text, or None when it is not a number.

    Spaces of any kind, apostrophes, the Unicode minus and leading or trailing percent signs
    (``%45``, ``45 %``) are accepted."""
    s = _SPACES.sub("", str(text)).replace("\u2212", "-").strip("%")
    sign = ""
    if s.startswith(("+", "-")):  # not `s[:1] in "+-"`: "" is in every string
        sign, s = ("-" if s[0] == "-" else ""), s[1:]
    if _PLAIN_INT.match(s):
        return NumberShape(sign, s, "int")
    if _ONE_GROUP.match(s):
        return NumberShape(sign, s, AMBIGUOUS)
    if _TR_DECIMAL.match(s) or _TR_GROUPED.match(s):
        return NumberShape(sign, s, TR)
    if _EN_DECIMAL.match(s) or _EN_GROUPED.match(s):
        return NumberShape(sign, s, EN)
    return None


def number_style(texts: list[str]) -> str:
    """How a file writes decimals: "tr", "en" or "mixed" (both), from its unambiguous
    numbers; "tr" when none says (Turkish is the default reading of 1.234)."""
    styles = {shape.style for t in texts if (shape := number_shape(t)) is not None}
    if TR in styles and EN in styles:
        return MIXED
    return EN if EN in styles else TR


def number_parse(text: str, style: str = TR) -> Decimal | None:
    """A number written as text, read in `style` ("tr", "en" or "mixed": see `number_style`);
    None when it is not a number, or is ambiguous (``1.234``) in a "mixed" file.

    Only the ambiguous shape depends on the style: ``1.234`` is 1234 in "tr" and 1.234 in
    "en"; ``1,234`` is 1.234 in "tr" and 1234 in "en". Unambiguous shapes read the same in
    every style (``1.234,5`` · ``1,234.5`` · ``0.125`` · ``12,5``)."""
    shape = number_shape(text)
    if shape is None:
        return None
    sign, s, kind = shape
    if kind == AMBIGUOUS:
        if style == MIXED:
            return None
        kind = EN if style == EN else TR
    if kind == TR:
        s = s.replace(".", "").replace(",", ".")
    elif kind == EN:
        s = s.replace(",", "")
    try:
        return Decimal(sign + s)
    except InvalidOperation:  # pragma: no cover - the patterns above guard this
        return None


def parse_decimal(text: str | int | float | Decimal | None) -> Decimal | None:
    """Parse a number typed in Turkish or plain format; ``None`` for an empty cell.

    Accepted: ``1.234,5`` · ``1234,5`` · ``1234.5`` · ``1234`` · ``-3`` · ``%45`` · ``45%``.
    A dot followed by groups of three digits (``1.234``) is read the Turkish way
    (one thousand two hundred thirty-four), as a Turkish user means it; a leading zero
    (``0.125``) makes it a decimal. Spaces of any kind, the apostrophe and the Unicode minus
    are accepted. This is `number_parse` in the Turkish style, for one value typed alone.
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
    if not str(text).strip():
        return None
    number = number_parse(str(text), TR)
    if number is None:
        raise NumberFormatError(str(text))
    return number


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


def decimal_str_tr(value: Decimal | None) -> str | None:
    """`decimal_str` with a decimal comma and no grouping, as a Turkish Excel reads a CSV:
    ``Decimal("1234.5")`` → ``"1234,50"``."""
    text = decimal_str(value)
    return None if text is None else text.replace(".", ",")


def format_megabytes(size: int) -> str:
    """A size in bytes as megabytes with one decimal, for Turkish readers: ``5505024`` →
    ``5,3`` (``1.024,0`` for a gigabyte)."""
    return format_tr(Decimal(f"{size / 1024 / 1024:.1f}"), places=1)


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
