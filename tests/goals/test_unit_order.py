"""Units read in Turkish alphabetical order in lists and dropdowns (issue 15 item 10)."""

import re

import pytest
from django.urls import reverse

from accounts.forms import InviteForm
from goals.models import Unit
from karsplan.lib.text import turkish_sorted
from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def test_units_by_name_come_in_turkish_order(kars_plan):
    names = list(Unit.objects.values_list("name", flat=True))
    expected = turkish_sorted(names)
    assert expected[-1] == "Zabıta Müdürlüğü" and expected[6] == "İmar ve Şehircilik Müdürlüğü"
    assert [u.name for u in Unit.objects.all()] == expected
    assert [u.name for u in Unit.objects.order_by("name")] == expected
    assert [u.name for u in Unit.objects.responsible_in(kars_plan)] == turkish_sorted(
        u.name for u in Unit.objects.responsible_in(kars_plan).order_by("-name")
    )
    # Another explicit order is left alone.
    assert [u.name for u in Unit.objects.order_by("-pk")] == list(
        Unit.objects.order_by("-pk").values_list("name", flat=True)
    )


def test_the_invite_form_lists_units_in_turkish_order(kars_plan):
    labels = [label for _, label in InviteForm().fields["units"].choices]
    assert labels == turkish_sorted(Unit.objects.values_list("name", flat=True))


def test_the_review_page_unit_filter_is_in_turkish_order(kars_plan, strategy_user):
    html = logged_in(strategy_user).get(reverse("indicators:review")).content.decode()
    select = re.search(r'<select name="unit".*?</select>', html, re.S)
    assert select is not None
    options = re.findall(r'<option value="\d+"[^>]*>([^<]+)</option>', select.group(0))
    assert len(options) == Unit.objects.responsible_in(kars_plan).count() >= 20
    assert options == turkish_sorted(options)
    assert options.index("Özel Kalem Müdürlüğü") < options.index("Zabıta Müdürlüğü")


def test_the_users_page_lists_accounts_in_turkish_order(db):
    from accounts.selectors import user_list
    from tests.conftest import make_user

    for name in ("zeynep", "ömer", "ali", "çağla", "ilker", "ışık"):
        make_user(name)
    make_user("aa-inactive", is_active=False)
    assert [u.username for u in user_list()] == [
        "ali",
        "çağla",
        "ışık",
        "ilker",
        "ömer",
        "zeynep",
        "aa-inactive",
    ]
