"""Shared fixtures: personas, plans, the entry period, and a browser driving Debian's Chromium.

The personas (one user per role) and the helpers that create and log in users are defined
here only; every test hashes their password with the fast MD5 hasher."""

from __future__ import annotations

import copy
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.http import HttpRequest
from django.test import Client

from goals.models import Plan, Target, Unit, UnitMembership
from goals.permissions import COUNCIL_GROUP, STAFF_GROUP, STRATEGY_GROUP
from indicators.models import Indicator, Period
from tests.bulk_plan import bulk_plan_load
from tests.plan_documents import kars_document, load_small_plan

PASSWORD = "test-pass-123"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM = os.environ.get("KARSPLAN_CHROMIUM", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to
# run there unless told the loop is not serving requests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# Personas ------------------------------------------------------------------------------------


FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Test users log in with a password: hash it cheaply (the browser tests type it in the
    real login form, which checks it with this hasher too)."""
    settings.PASSWORD_HASHERS = FAST_HASHERS


def make_user(username: str, group: str | None = None, unit=None, **extra):
    """A user with the test password, in `group` (a role) and member of `unit`."""
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, **extra)
    if group:
        # get_or_create: a transactional test before this one may have flushed the
        # groups that the data migration created.
        user.groups.add(Group.objects.get_or_create(name=group)[0])
    if unit is not None:
        UnitMembership.objects.create(user=user, unit=unit)
    return user


def login_request(ip: str = "127.0.0.1") -> HttpRequest:
    """The request django-axes needs to authenticate: `Client.login` passes none of its own
    (axes' documented way; the login throttle stays on in every test)."""
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = ip
    return request


def logged_in(user, client: Client | None = None) -> Client:
    """`client` (a new one by default) logged in as `user` with the test password, through the
    authentication backends and the login throttle (django-axes)."""
    client = client or Client()
    ok = client.login(username=user.username, password=PASSWORD, request=login_request())
    assert ok, user.username
    return client


@pytest.fixture
def small_plan(db) -> Plan:
    """A small synthetic plan (2 aims × 2 targets × 3 indicators) loaded through plan_load."""
    return load_small_plan()


def bulk_kars_plan() -> Plan:
    """The real Kars 2025–2029 plan from fixtures/, written in bulk (tests/bulk_plan.py: the
    rows plan_load writes, in a few queries per model instead of two per row)."""
    return bulk_plan_load(copy.deepcopy(kars_document()))


@pytest.fixture
def kars_plan(db) -> Plan:
    """The Kars plan written in bulk (`bulk_kars_plan`). The tests of the loading itself
    (tests/plans/) load it through plan_load (tests/plans/conftest.py)."""
    return bulk_kars_plan()


@pytest.fixture
def plan(small_plan: Plan) -> Plan:
    return small_plan


@pytest.fixture
def target(plan: Plan) -> Target:
    return plan.targets.order_by("order").first()


@pytest.fixture
def other_target(plan: Plan, target: Target) -> Target:
    return plan.targets.exclude(responsible_unit=target.responsible_unit).order_by("order").first()


@pytest.fixture
def strategy_user(db):
    return make_strategy_user()


@pytest.fixture
def council_user(db):
    return make_council_user()


@pytest.fixture
def staff_user(db, target: Target):
    return make_staff_user(target.responsible_unit)


@pytest.fixture
def other_staff_user(db, other_target: Target):
    return make_other_staff_user(other_target.responsible_unit)


# The personas as functions, for data built once per module (tests/module_db.py).


def make_strategy_user():
    return make_user("strateji", STRATEGY_GROUP, first_name="Selin", last_name="Strateji")


def make_council_user():
    return make_user("meclis", COUNCIL_GROUP, first_name="Mehmet", last_name="Meclis")


def make_staff_user(unit):
    return make_user("birim", STAFF_GROUP, unit=unit, first_name="Ayşe")


def make_other_staff_user(unit):
    return make_user("diger", STAFF_GROUP, unit=unit)


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", PASSWORD)


# The entry period of the small plan (tests/indicators, ...) -------------------


@pytest.fixture
def h1_window():
    """Freeze the clock inside 2025-H1's entry window."""
    import time_machine

    from tests.indicators.entry_support import IN_H1_WINDOW

    with time_machine.travel(IN_H1_WINDOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def period(plan: Plan) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=1)


@pytest.fixture
def h2(plan: Plan) -> Period:
    return Period.objects.get(plan=plan, year=2025, half=2)


@pytest.fixture
def unit(target: Target) -> Unit:
    return target.responsible_unit


@pytest.fixture
def indicators(target: Target) -> list[Indicator]:
    """H1.1's indicators: #1 and #2 are levels in % (A = 20, B2025 = 40), #3 a flow in Adet
    (no baseline, B2025 = 30)."""
    return list(target.indicators.order_by("order"))


# Browser -----------------------------------------------------------------------------------


# In CI (.ci/run sets CI=true, PostgreSQL, Redis, Chromium, caddy, pg_dump) a test that skips
# for want of one of them would hide a broken step: it fails instead. These skips are expected.
CI_EXPECTED_SKIPS = (
    "REDIS_URL is set",  # the eager-mode test runs only without a broker
    "seed text not found",  # the plan's source text lives beside the repository, not in it
)


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    rep = outcome.get_result()
    if os.environ.get("CI") == "true" and rep.skipped and not hasattr(rep, "wasxfail"):
        reason = str(rep.longrepr[-1]) if isinstance(rep.longrepr, tuple) else str(rep.longrepr)
        if not any(expected in reason for expected in CI_EXPECTED_SKIPS):
            rep.outcome = "failed"
            rep.longrepr = f"skipped in CI, where everything it needs is installed: {reason}"
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="session")
def _browser():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.skip(f"Chromium not found at {CHROMIUM}: browser tests need Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(request, _browser, live_server):
    """A fresh browser page; a failing test leaves a screenshot in test-artifacts/."""
    context = _browser.new_context(locale="tr-TR", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15000)
    pg = context.new_page()
    pg.base_url = live_server.url
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        pg.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def login(page, username: str, password: str = PASSWORD) -> None:
    page.goto(page.base_url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state()


# Celery worker -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker):
    """A real Celery worker process over Redis, on the test database.

    Skipped (with the reason shown) when REDIS_URL is unset or the test database
    cannot be shared with another process (SQLite in memory).
    """
    import subprocess
    import sys
    import time
    from urllib.parse import urlsplit, urlunsplit

    from django.conf import settings
    from django.db import connection

    if not settings.REDIS_URL:
        pytest.skip("REDIS_URL is not set: the real Celery worker test runs in CI (.ci/run)")
    if connection.vendor != "postgresql":
        pytest.skip("the worker shares the test database only on PostgreSQL")
    url = urlsplit(os.environ["DATABASE_URL"])
    test_db = connection.settings_dict["NAME"]
    db_url = urlunsplit(url._replace(path="/" + test_db))
    env = {**os.environ, "DATABASE_URL": db_url, "DJANGO_SETTINGS_MODULE": "karsplan.settings"}
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / "celery-worker.log", "w")  # noqa: SIM115 - closed at teardown
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "karsplan",
            "worker",
            "-Q",
            "default,reports",
            "--pool=solo",
            "--concurrency=1",
            "--loglevel=INFO",
            "--without-gossip",
            "--without-mingle",
            "--hostname=karsplan-test@%h",
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    from karsplan.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("celery worker exited; see test-artifacts/celery-worker.log")
        try:
            if app.control.ping(timeout=1.0):
                break
        except Exception:  # the broker may not answer yet
            time.sleep(0.5)
    else:
        proc.terminate()
        raise RuntimeError("celery worker did not answer a ping within 60 s")
    yield proc
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def pytest_report_header(config) -> list[str]:
    """Say what the suite runs against, so that a CI log shows it."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    broker = settings.REDIS_URL or "none (Celery eager)"
    chromium = CHROMIUM if os.path.exists(CHROMIUM) else "absent (browser tests skip)"
    return [
        f"karsplan: database {db['ENGINE'].rsplit('.', 1)[-1]} ({db.get('HOST') or db['NAME']}), "
        f"broker {broker}, chromium {chromium}"
    ]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port; Django's mail goes to it (as EMAIL_URL would
    say: smtp://127.0.0.1:PORT). `smtp_server.mailbox.messages` lists what it received."""
    import environ

    from tests.mail_support import SMTPServer

    with SMTPServer() as server:
        for key, value in environ.Env.email_url_config(server.url).items():
            setattr(settings, key, value)
        yield server
