"""Turkish and plain number formats, as people type them."""

from decimal import Decimal

import pytest

from karsplan.lib.numbers import NumberFormatError, decimal_str, format_tr, parse_decimal


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("1234,5", "1234.5"),
        ("1234.5", "1234.5"),
        ("1.234.567,89", "1234567.89"),
        ("0.125", "0.125"),  # a leading zero is never a thousands group
        ("0,125", "0.125"),
        ("1.234", "1234"),  # read the Turkish way
        ("1,234.5", "1234.5"),
        ("12.5", "12.5"),
        ("%45", "45"),
        ("45%", "45"),
        ("1 234", "1234"),
        ("1\u00a0234,5", "1234.5"),
        ("1\u202f234", "1234"),
        ("\u22125", "-5"),
        ("  7 ", "7"),
    ],
)
def test_parse_decimal_accepts_what_people_type(text, expected):
    assert parse_decimal(text) == Decimal(expected)


@pytest.mark.parametrize("text", ["on iki", "1,2,3", "1.23.4", "12a", "--5", "1.2,3.4"])
def test_parse_decimal_refuses_what_is_not_a_number(text):
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


def test_empty_is_none():
    assert parse_decimal("  ") is None
    assert parse_decimal(None) is None


def test_formats():
    assert format_tr(Decimal("1234567.891")) == "1.234.567,89"
    assert format_tr(Decimal("-1234.5"), places=1) == "-1.234,5"
    assert format_tr(Decimal("2.675")) == "2,68"  # half-up
    assert decimal_str(Decimal("20.0000")) == "20.00"
    assert decimal_str(Decimal("0.1250")) == "0.125"
