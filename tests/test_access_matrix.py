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
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from goals.models import Plan, Target, Unit
from indicators import services
from indicators.entry_rules import EntryRow
from indicators.models import Actual, Evidence, Period, Submission
from tests.access_matrix_table import IN_WINDOW, LOGIN, ROLES, ROWS, World
from tests.conftest import (
    make_council_user,
    make_other_staff_user,
    make_staff_user,
    make_strategy_user,
)
from tests.module_db import module_transaction
from tests.plan_documents import load_small_plan

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


EVIDENCE_BYTES = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(scope="module")
def world_pks(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world, built once for the module (not once per cell: 560 of them) inside a
    transaction that rolls back when the module ends. Each test runs in a savepoint of it
    (pytest-django's `db`), so what a cell writes is rolled back before the next one, as
    when every cell built its own world. Returns the primary keys of its objects."""
    media = tmp_path_factory.mktemp("access-matrix-media")
    with (
        override_settings(MEDIA_ROOT=media),
        module_transaction(django_db_blocker),
    ):
        # as the fixtures of tests/conftest.py make them: small_plan, target, the personas
        plan = load_small_plan()
        target = plan.targets.order_by("order").first()
        other_target = (
            plan.targets.exclude(responsible_unit=target.responsible_unit).order_by("order").first()
        )
        unit = target.responsible_unit
        users = {
            "staff": make_staff_user(unit),
            "other_staff": make_other_staff_user(other_target.responsible_unit),
            "council": make_council_user(),
            "strategy": make_strategy_user(),
        }
        with time_machine.travel(IN_WINDOW, tick=False):
            period = Period.objects.get(plan=plan, year=2025, half=1)
            indicators = list(target.indicators.order_by("order"))
            values = {"level": "40", "flow": "15"}
            result = services.entries_save(
                user=users["staff"],
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
                uploaded_by=users["staff"],
                file=SimpleUploadedFile("x.pdf", EVIDENCE_BYTES),
            )
        yield {
            "plan": plan.pk,
            "target": target.pk,
            "unit": unit.pk,
            "period": period.pk,
            "submission": result.submission.pk,
            "evidence": evidence.pk,
            "users": {role: user.pk for role, user in users.items()},
        }


@pytest.fixture
def world(world_pks, db, settings, tmp_path):
    """The module's world, read afresh from the database for each test (a cell that changes
    an object in memory leaves the next one untouched), with the evidence file in a media
    directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path
    evidence = Evidence.objects.get(pk=world_pks["evidence"])
    name = evidence.file.storage.save(evidence.file.name, ContentFile(EVIDENCE_BYTES))
    assert name == evidence.file.name
    user_model = get_user_model()
    yield World(
        plan=Plan.objects.get(pk=world_pks["plan"]),
        target=Target.objects.get(pk=world_pks["target"]),
        unit=Unit.objects.get(pk=world_pks["unit"]),
        period=Period.objects.get(pk=world_pks["period"]),
        submission=Submission.objects.get(pk=world_pks["submission"]),
        evidence=evidence,
        users={role: user_model.objects.get(pk=pk) for role, pk in world_pks["users"].items()},
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
