"""The indicators' admin (indicators/admin.py): periods, indicators, planned values."""

import re

from django.urls import reverse

from tests.conftest import logged_in


def test_admin_period_list_names_its_first_column_in_turkish(plan, strategy_user):
    html = logged_in(strategy_user).get(reverse("admin:indicators_period_changelist"))
    html = html.content.decode()
    assert "column-period_label" in html and ">Label<" not in html
    assert re.search(r"column-period_label[^>]*>.*?<a [^>]*>Dönem</a>", html, re.S)
