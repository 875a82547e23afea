"""The rules of a period entry, without the database: every refusal names the indicator and
the field; warnings ask for a confirmation; submitting needs values and deviation reasons."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.entry_rules import (
    KEEP,
    EntryRow,
    IndicatorFacts,
    StoredActual,
    order_number,
    parse_amount,
    validate_entry_rows,
)

LEVEL = IndicatorFacts(
    id=1,
    code="P.G. 1.1.1",
    name="Tahsilat oranı",
    unit_of_measure="%",
    baseline=Decimal(20),
    planned=Decimal(40),
    measure="level",
)
FLOW = IndicatorFacts(
    id=3,
    code="P.G. 1.1.2",
    name="Alınan bilgisayar sayısı",
    unit_of_measure="Adet",
    baseline=None,
    planned=Decimal(30),
    measure="flow",
)
YEARLY = IndicatorFacts(
    id=4,
    code="P.G. 1.1.3",
    name="Memnuniyet anketi",
    unit_of_measure="%",
    planned=Decimal(80),
    measure="level",
    monitoring_frequency_months=12,
)
FACTS = {f.id: f for f in (LEVEL, FLOW, YEARLY)}


@pytest.fixture(autouse=True)
def turkish():
    with translation.override("tr"):
        yield


def check(rows, facts=FACTS, half=1, **kwargs):
    return validate_entry_rows(rows, facts, year=2025, half=half, **kwargs)


def test_turkish_and_plain_numbers_are_accepted():
    assert parse_amount("1.234,5", 4) == Decimal("1234.5")
    assert parse_amount("1234.5", 4) == Decimal("1234.5")
    assert parse_amount("1234,5", 4) == Decimal("1234.5")
    assert parse_amount(" 12 ", 4) == Decimal(12)
    assert parse_amount("", 4) is None


def test_text_that_is_not_a_number_is_refused_naming_the_indicator_and_the_value_field():
    result = check([EntryRow(indicator_id=1, value="on iki")])
    [error] = result.errors
    assert error.field == "value" and error.key == 1
    assert error.message.startswith("P.G. 1.1.1 Tahsilat oranı – Değer:")
    assert "sayı değil" in error.message


def test_a_negative_value_is_refused():
    [error] = check([EntryRow(indicator_id=3, value="-5")]).errors
    assert error.code == "invalid"
    assert "P.G. 1.1.2 Alınan bilgisayar sayısı – Değer:" in error.message
    assert "Negatif" in error.message


def test_more_than_four_decimals_are_refused_but_trailing_zeros_are_not():
    [error] = check([EntryRow(indicator_id=1, value="12,34567")]).errors
    assert "ondalık" in error.message
    assert check([EntryRow(indicator_id=1, value="32,500000")]).ok


def test_a_percentage_above_100_asks_for_a_confirmation():
    result = check([EntryRow(indicator_id=1, value="120")])
    assert not result.errors
    assert {w.code for w in result.warnings} == {"percent_above_100"}
    assert result.warnings[0].message.startswith("P.G. 1.1.1 Tahsilat oranı – Değer:")


def test_a_value_far_from_the_plan_asks_for_a_confirmation_on_both_sides():
    # A flow's period value is expected to be half of B: 15; the band is [3, 75].
    assert [w.code for w in check([EntryRow(indicator_id=3, value="76")]).warnings] == [
        "far_from_plan"
    ]
    assert [w.code for w in check([EntryRow(indicator_id=3, value="2")]).warnings] == [
        "far_from_plan"
    ]
    assert check([EntryRow(indicator_id=3, value="75")]).ok
    assert check([EntryRow(indicator_id=3, value="3")]).ok


def test_a_value_far_from_the_previous_value_asks_for_a_confirmation():
    facts = {
        1: IndicatorFacts(
            id=1,
            code="P.G. 9",
            name="Adet",
            planned=None,
            previous=(("2025-H1", Decimal(100)),),
        )
    }
    [warning] = check([EntryRow(indicator_id=1, value="600")], facts, half=2).warnings
    assert warning.code == "far_from_history"
    assert "2025-H1" in warning.message
    assert check([EntryRow(indicator_id=1, value="450")], facts, half=2).ok


def test_a_confirmed_row_or_confirming_all_passes():
    assert check([EntryRow(indicator_id=1, value="120", confirmed=True)]).ok
    assert check([EntryRow(indicator_id=1, value="120")], confirm_warnings=True).ok


def test_a_value_already_saved_is_not_questioned_again():
    facts = {1: IndicatorFacts(**{**LEVEL.__dict__, "stored": StoredActual(Decimal(120))})}
    assert check([EntryRow(indicator_id=1, value="120", explanation="tamam")], facts).ok


def test_submitting_needs_a_value_for_every_indicator_due():
    result = check([EntryRow(indicator_id=1, value="40")], submit=True)
    [error] = result.errors
    assert error.key == 3 and error.code == "required"
    assert error.message == (
        "P.G. 1.1.2 Alınan bilgisayar sayısı – Değer: Dönemi göndermek için bir değer gereklidir."
    )


@pytest.mark.parametrize(
    ("value", "needed"),
    [("40", False), ("36", False), ("33", True), ("30", True)],  # 100 %, 80 %, 65 %, 50 %
)
def test_submitting_a_low_value_needs_a_deviation_reason(value, needed):
    facts = {1: LEVEL}
    result = check([EntryRow(indicator_id=1, value=value)], facts, submit=True)
    assert bool(result.errors) == needed
    if needed:
        [error] = result.errors
        assert error.field == "deviation_reason"
        assert error.message.startswith("P.G. 1.1.1 Tahsilat oranı – Sapmanın nedeni:")
        reason = EntryRow(indicator_id=1, value=value, deviation_reason="Tahsilat gecikti.")
        assert check([reason], facts, submit=True).ok


def test_a_flow_at_h1_is_judged_against_half_of_its_yearly_plan():
    # 15 of B = 30 at H1 is on plan (100 % of the expected 15), not 50 %.
    assert check([EntryRow(indicator_id=3, value="15")], {3: FLOW}, submit=True).ok
    assert check([EntryRow(indicator_id=3, value="9")], {3: FLOW}, submit=True).errors


def test_a_flow_at_h2_adds_h1_to_the_year_value():
    facts = {3: IndicatorFacts(**{**FLOW.__dict__, "other_half_value": Decimal(15)})}
    # H1 15 + H2 12 = 27 of 30: 90 %, no reason needed; H1 15 + H2 3 = 18: 60 %, needed.
    assert check([EntryRow(indicator_id=3, value="12")], facts, half=2, submit=True).ok
    assert check([EntryRow(indicator_id=3, value="5")], facts, half=2, submit=True).errors


def test_a_yearly_indicator_is_not_entered_in_h1_nor_required():
    [error] = check([EntryRow(indicator_id=4, value="70")]).errors
    assert error.code == "not_due"
    assert "12 ayda" in error.message
    rows = [EntryRow(indicator_id=1, value="40"), EntryRow(indicator_id=3, value="15")]
    assert check(rows, submit=True).ok
    required = [e for e in check(rows, half=2, submit=True).errors if e.code == "required"]
    assert [e.key for e in required] == [4]


def test_an_indicator_of_another_unit_is_refused():
    [error] = check([EntryRow(indicator_id=99, value="1")]).errors
    assert error.code == "unknown" and error.field == "indicator"


def test_keep_keeps_the_saved_value_and_none_keeps_the_texts():
    facts = {
        1: IndicatorFacts(
            **{**LEVEL.__dict__, "stored": StoredActual(Decimal(35), "açıklama", "neden", 3)}
        )
    }
    result = check([EntryRow(indicator_id=1, value=KEEP)], facts)
    parsed = result.rows[1]
    assert parsed.value == Decimal(35) and parsed.explanation == "açıklama"
    assert parsed.deviation_reason == "neden" and not parsed.changed


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (3, 3),
        (3.0, 3),
        (Decimal("3.00"), 3),
        ("3", 3),
        ("01", 1),
        (" 2 ", 2),
        ("1,0", 1),
        ("1.0", 1),
        ("+1", 1),  # a sign is read as for every number typed: "+1" is 1
        ("1.000", 1000),  # Turkish thousands, as in a value
        ("0", 0),
        ("32767", 32767),
    ],
)
def test_order_number_reads_a_whole_number_however_it_is_written(raw, expected):
    assert order_number(raw) == expected


@pytest.mark.parametrize(
    "raw", ["2,5", 2.5, "-1", -1, True, "1e0", "bir", "", "32768", float("nan"), float("inf")]
)
def test_order_number_refuses_what_is_not_an_order(raw):
    assert order_number(raw) is None
