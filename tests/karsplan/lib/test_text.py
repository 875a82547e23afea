"""Turkish alphabetical order for names in lists and dropdowns (issue 15 item 10)."""

import json

import pytest

from karsplan.lib.text import turkish_lower, turkish_sort_key, turkish_sorted
from plans.document import DEFAULT_PLAN_PATH


@pytest.fixture(scope="module")
def kars_units() -> list[str]:
    """The 22 units of the Kars 2025–2029 plan, as the plan fixture lists them."""
    return json.loads(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))["units"]


def test_the_kars_plan_has_22_units(kars_units):
    assert len(kars_units) == 22 == len(set(kars_units))


def test_the_22_units_sort_in_turkish_order(kars_units):
    ordered = turkish_sorted(kars_units)
    first_words = [name.split()[0] for name in ordered]
    # Python's order puts İmar, İnsan, İşletme, İtfaiye and Özel Kalem after Zabıta.
    assert sorted(kars_units)[-1] != "Zabıta Müdürlüğü"
    assert first_words == [
        "Basın",
        "Bilgi",
        "Destek",
        "Emlak",
        "Fen",
        "Hukuk",
        "İmar",
        "İnsan",
        "İşletme",
        "İtfaiye",
        "Kültür",
        "Mali",
        "Muhtarlık",
        "Özel",
        "Park",
        "Su",
        "Temizlik",
        "Ulaşım",
        "Veteriner",
        "Yapı",
        "Yazı",
        "Zabıta",
    ]


def test_order_does_not_depend_on_the_input_order(kars_units):
    assert turkish_sorted(reversed(kars_units)) == turkish_sorted(kars_units)
    assert turkish_sorted(sorted(kars_units)) == turkish_sorted(kars_units)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Cami", "Çarşı"),  # c < ç < d
        ("Çarşı", "Dere"),
        ("Gazi", "Ğ"),  # g < ğ < h
        ("Ğ", "Hukuk"),
        ("Işık", "İmar"),  # ı < i
        ("Ilgaz", "İlçe"),  # dotless capital I is ı, not i
        ("Okul", "Özel"),  # o < ö < p
        ("Özel", "Park"),
        ("Su", "Şehir"),  # s < ş < t
        ("Şehir", "Temizlik"),
        ("Ulaşım", "Üniversite"),  # u < ü < v
        ("Üniversite", "Veteriner"),
        ("İmar", "İmar ve Şehircilik"),  # a shorter word first
        ("İmar ve Şehircilik", "İmaret"),
        ("2. Bölge", "Ağız"),  # digits before letters
    ],
)
def test_turkish_letters_come_after_their_latin_neighbours(before, after):
    assert turkish_sort_key(before) < turkish_sort_key(after)
    assert turkish_sorted([after, before]) == [before, after]


def test_case_and_circumflex_do_not_change_the_letter_order():
    assert turkish_lower("IĞDIR İZMİR") == "ığdır izmir"
    assert turkish_sort_key("İMAR")[0] == turkish_sort_key("imar")[0]
    assert turkish_sort_key("Hâkim")[0] == turkish_sort_key("hakim")[0]
    assert turkish_sorted(["zabıta", "Ağaç", "ÇEVRE"]) == ["Ağaç", "ÇEVRE", "zabıta"]


def test_sorting_objects_by_a_name():
    people = [("p1", "Şule Yılmaz"), ("p2", "Ömer Çelik"), ("p3", "Zeynep Ak"), ("p4", None)]
    assert [pk for pk, _ in turkish_sorted(people, key=lambda p: p[1])] == [
        "p4",
        "p2",
        "p1",
        "p3",
    ]
