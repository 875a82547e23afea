"""Every role × every URL of the app gets the status DESIGN.md §7 gives it.

`ROWS` is the table: a URL name, how to build its kwargs from a small world (a plan, its
units, a submitted entry with an evidence file), the HTTP method (and form data), and the
status each role gets: anonymous, staff of the unit that owns the object, staff of another
unit, council member, strategy office. `test_every_url_is_in_the_table` lists every pattern
of the project's resolver (admin/, static and media aside) and fails when one is missing:
a new URL must join the table.
"""

from __future__ import annotations

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Actual, Evidence, Period
from tests.access_matrix_table import IN_WINDOW, LOGIN, ROLES, ROWS, World

EXCLUDED_NAMESPACES = {"admin"}


def _url_names(patterns: list, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace
            skipped = str(p.pattern).startswith(("admin/", "static/", "media/"))
            if ns in EXCLUDED_NAMESPACES or skipped:
                continue
            prefix = f"{namespace}{ns}:" if ns else namespace
            names |= _url_names(p.url_patterns, prefix)
        elif isinstance(p, URLPattern):
            if str(p.pattern).startswith(("static/", "media/", "^static/", "^media/")):
                continue
            names.add(f"{namespace}{p.name}" if p.name else f"{namespace}<unnamed {p.pattern}>")
    return names


def test_every_url_is_in_the_table():
    missing = sorted(_url_names(get_resolver().url_patterns) - {row.name for row in ROWS})
    assert not missing, f"URLs missing from tests/access_matrix_table.py ROWS: {missing}"


@pytest.fixture
def world(
    db,
    small_plan,
    staff_user,
    other_staff_user,
    council_user,
    strategy_user,
    target,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    with time_machine.travel(IN_WINDOW, tick=False):
        unit = target.responsible_unit
        period = Period.objects.get(plan=small_plan, year=2025, half=1)
        indicators = list(target.indicators.order_by("order"))
        values = {"level": "40", "flow": "15"}
        result = services.entries_save(
            user=staff_user,
            unit=unit,
            period=period,
            submit=True,
            rows=[EntryRow(indicator_id=i.pk, value=values[i.measure]) for i in indicators],
        )
        assert result.saved
        actual = Actual.objects.get(indicator=indicators[0], period=period)
        evidence = Evidence.objects.create(
            actual=actual,
            original_name="kanit.pdf",
            content_type="application/pdf",
            size=15,
            uploaded_by=staff_user,
            file=SimpleUploadedFile("x.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
        yield World(
            plan=small_plan,
            target=target,
            unit=unit,
            period=period,
            submission=result.submission,
            evidence=evidence,
            users={
                "staff": staff_user,
                "other_staff": other_staff_user,
                "council": council_user,
                "strategy": strategy_user,
            },
        )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", ROWS, ids=[row.id for row in ROWS])
def test_each_role_gets_the_expected_status(world, row, role):
    client = Client()
    if role != "anonymous":
        client.force_login(world.users[role])
    url = reverse(row.name, kwargs=row.kwargs(world))
    data = row.data(world) if row.data else {}
    with time_machine.travel(IN_WINDOW, tick=False):
        response = getattr(client, row.method)(url, data)
    assert response.status_code == row.expect[role], (row.id, role, url)
    not_to_login = ("logout", "password_reset")
    if role == "anonymous" and row.expect[role] == LOGIN and row.name not in not_to_login:
        assert response["Location"].startswith(reverse("login")), response["Location"]
