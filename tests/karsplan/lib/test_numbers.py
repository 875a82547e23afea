"""Turkish and plain number formats, as people type them."""

from decimal import Decimal

import pytest

from karsplan.lib.numbers import (
    EN,
    MIXED,
    TR,
    NumberFormatError,
    decimal_str,
    decimal_str_tr,
    format_megabytes,
    format_tr,
    number_parse,
    number_shape,
    number_style,
    parse_decimal,
)


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


# The form's parser and the spreadsheet reader used to be two copies that disagreed on these;
# there is one parser now, and both read them the same way.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1'234", "1234"),  # an apostrophe groups thousands (Swiss settings): the reader only
        ("1'234,5", "1234.5"),
        ("1\t234", "1234"),  # any whitespace inside: the reader only
        ("%%45", "45"),  # repeated percent signs: the form only
        ("45%%", "45"),
        ("% 45", "45"),
        ("\u2212%5", None),  # a sign after a percent sign: neither
    ],
)
def test_the_form_and_the_file_read_the_same(text, expected):
    expected = None if expected is None else Decimal(expected)
    assert number_parse(text, TR) == expected
    if expected is None:
        with pytest.raises(NumberFormatError):
            parse_decimal(text)
    else:
        assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["%", "-", "+", "%-", "'", "−"])
def test_a_sign_or_a_percent_alone_is_not_a_number(text):
    """Both copies used to fail with an IndexError here (`"" in "+-"` is true)."""
    assert number_shape(text) is None
    assert number_parse(text) is None
    with pytest.raises(NumberFormatError):
        parse_decimal(text)


@pytest.mark.parametrize(
    ("text", "tr", "en", "mixed"),
    [
        ("1.234", "1234", "1.234", None),  # one group of three: the file's style decides
        ("1,234", "1.234", "1234", None),
        ("1.234,5", "1234.5", "1234.5", "1234.5"),  # unambiguous: every style agrees
        ("1,234.5", "1234.5", "1234.5", "1234.5"),
        ("0.125", "0.125", "0.125", "0.125"),  # a leading zero is never a thousands group
        ("12,5", "12.5", "12.5", "12.5"),
    ],
)
def test_number_parse_in_a_files_style(text, tr, en, mixed):
    for style, expected in ((TR, tr), (EN, en), (MIXED, mixed)):
        assert number_parse(text, style) == (None if expected is None else Decimal(expected))


def test_parse_decimal_is_the_turkish_reading_of_number_parse():
    for text in ["1.234", "1,234", "1.234,5", "1,234.5", "0.125", "12.5", "-3", "45%"]:
        assert parse_decimal(text) == number_parse(text, TR), text


def test_number_style():
    assert number_style(["1.500", "12,5"]) == TR
    assert number_style(["1.500", "12.5"]) == EN
    assert number_style(["12,5", "12.5"]) == MIXED
    assert number_style(["1.500", "abc"]) == TR


def test_decimal_comma_for_csv_and_megabytes():
    assert decimal_str_tr(Decimal("1234.5")) == "1234,50"  # no grouping: Excel reads it back
    assert decimal_str_tr(Decimal("0.1250")) == "0,125"
    assert decimal_str_tr(None) is None
    assert format_megabytes(5 * 1024 * 1024 + 300_000) == "5,3"
    assert format_megabytes(5505024) == f"{5505024 / 1024 / 1024:.1f}".replace(".", ",")
