"""The ground every feature stands on: settings, roles, login, Turkish pages."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

from goals.permissions import ROLE_GROUPS
from tests.conftest import logged_in
from tests.indicators.entry_support import IN_H1_WINDOW, submit

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args: str, env: dict) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_role_groups_are_created_by_migration(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(ROLE_GROUPS)


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_page_is_turkish(client, db):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="tr">' in html
    assert "Giriş yap" in html
    assert "Kullanıcı adı" in html


def test_wrong_password_is_refused_in_turkish(client, strategy_user):
    response = client.post(reverse("login"), {"username": "strateji", "password": "nope"})
    assert response.status_code == 200
    assert "doğru" in response.content.decode()  # "…doğru kullanıcı adı ve parola…"


def test_logged_in_user_sees_turkish_home(client, strategy_user, plan):
    logged_in(strategy_user, client)
    html = client.get(reverse("home")).content.decode()
    assert "Hoş geldiniz" in html
    assert plan.name in html
    assert "Çıkış" in html


def test_home_without_plan_has_an_empty_state(client, strategy_user):
    logged_in(strategy_user, client)
    html = client.get(reverse("home")).content.decode()
    assert "yüklenmedi" in html
    assert "load_plan" in html


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_turkish_date_and_number_formats(settings):
    import datetime as dt
    from decimal import Decimal

    from django.utils import formats, translation

    with translation.override("tr"):
        assert formats.date_format(dt.date(2025, 12, 31), "SHORT_DATE_FORMAT") == "31.12.2025"
        assert formats.number_format(Decimal("1234.56"), 2, force_grouping=True) == "1.234,56"


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", env={"DEBUG": "0", "ALLOWED_HOSTS": "example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", env={"DEBUG": "0", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_prints_no_warnings():
    result = run_manage(
        "check",
        "--deploy",
        env={
            "DEBUG": "0",
            "SECRET_KEY": "k8#" + "s" * 20 + "Zq!9" + "w" * 30,
            "ALLOWED_HOSTS": "karsplan.example.org",
        },
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_without_redis_url_a_task_runs_eagerly_and_writes(db, settings):
    if settings.REDIS_URL:
        pytest.skip("REDIS_URL is set: this run uses the real broker (see test_celery_worker)")
    from reports.models import WorkerHeartbeat
    from reports.tasks import heartbeat_task

    result = heartbeat_task.delay("eager-token")
    assert WorkerHeartbeat.objects.get(token="eager-token").pk == result.get()


def test_pages_are_turkish_whatever_the_browser_language(client, db):
    html = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Giriş yap" in html
    assert "Log in" not in html


def test_error_pages_are_turkish_when_debug_is_off(plan, council_user, settings):
    settings.DEBUG = False
    client = logged_in(council_user)
    response = client.get("/plan/999999/")
    assert response.status_code == 404
    assert "Sayfa bulunamadı" in response.content.decode()
    assert "Not Found" not in response.content.decode()
    response = client.get(reverse("indicators:entry_index"))
    assert response.status_code == 403
    assert "Erişim engellendi" in response.content.decode()
    assert "Forbidden" not in response.content.decode()
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Sunucu hatası" in response.content.decode()


def test_pages_that_need_a_plan_show_an_empty_state_before_one_is_loaded(strategy_user):
    client = logged_in(strategy_user)
    for name in ("archive:list", "spreadsheets:index", "exports:index"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert 'data-testid="no-plan"' in response.content.decode()


def test_forms_leave_required_fields_to_the_server_which_answers_in_turkish(
    plan, strategy_user, staff_user, unit, period, indicators
):
    html = Client().get(reverse("login")).content.decode()
    assert re.search(r'<form method="post" action="/login/"[^>]*novalidate', html)
    response = Client().post(reverse("login"), {"username": "", "password": ""})
    html = response.content.decode()
    assert "Kullanıcı adı: Bu alan zorunludur." in html and "Parola: Bu alan zorunludur." in html
    with time_machine.travel(IN_H1_WINDOW, tick=False):
        submission = submit(staff_user, unit, period, indicators)
        client = logged_in(strategy_user)
        html = client.get(reverse("indicators:submission", args=[submission.pk])).content.decode()
        assert re.search(r'id="return-form" class="stack" novalidate', html)
        html = client.get(reverse("indicators:period", args=[period.pk])).content.decode()
        assert re.search(r'/extend/" class="filters" novalidate', html)
        html = client.get(reverse("spreadsheets:index")).content.decode()
        assert re.search(r'/data/import/"[^>]*novalidate', html)
