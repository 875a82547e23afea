"""Login throttling (django-axes): 5 failures for a username from one address lock it out for
15 minutes with a Turkish page; the lock ends by itself, or the strategy office lifts it."""

from __future__ import annotations

import datetime as dt
import http.cookiejar
import re
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest
import time_machine
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, logged_in

User = get_user_model()

NOW = dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.UTC)


def post_login(client: Client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


def lock_out(client: Client, username: str, attempts: int = 10) -> None:
    for _ in range(attempts):
        post_login(client, username, "yanlis-parola")


def assert_locked_page(response) -> None:
    html = response.content.decode()
    assert response.status_code == 429
    assert "Giriş kilitlendi" in html
    assert "Çok fazla hatalı giriş denemesi" in html
    assert "15 dakika sonra yeniden deneyin" in html
    assert '<html lang="tr">' in html  # the site's page, not a bare text


def test_settings_are_five_failures_and_fifteen_minutes(settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 15 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_ten_wrong_passwords_then_the_right_one_is_refused_in_turkish(client, staff_user):
    with time_machine.travel(NOW, tick=False):
        responses = [post_login(client, "birim", f"yanlis-{i}") for i in range(10)]
        assert [r.status_code for r in responses[:4]] == [200] * 4  # the form says "wrong"
        assert {r.status_code for r in responses[4:]} == {429}
        response = post_login(client, "birim", PASSWORD)
    assert_locked_page(response)
    assert "_auth_user_id" not in client.session


def test_the_lock_is_per_username_and_address(client, staff_user, strategy_user):
    with time_machine.travel(NOW, tick=False):
        lock_out(client, "birim")
        assert post_login(client, "strateji", PASSWORD).status_code == 302  # another username
        other_address = Client(REMOTE_ADDR="10.0.0.9")
        assert post_login(other_address, "birim", PASSWORD).status_code == 302


def test_four_failures_then_the_right_password_logs_in(client, staff_user):
    with time_machine.travel(NOW, tick=False):
        lock_out(client, "birim", attempts=4)
        assert post_login(client, "birim", PASSWORD).status_code == 302


def test_the_login_works_again_after_fifteen_minutes(client, staff_user):
    with time_machine.travel(NOW, tick=False) as traveller:
        lock_out(client, "birim")
        traveller.shift(dt.timedelta(minutes=14))
        assert_locked_page(post_login(client, "birim", PASSWORD))
        # The refused attempt during the lock does not extend it.
        traveller.shift(dt.timedelta(minutes=1, seconds=1))
        response = post_login(client, "birim", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")


def test_the_strategy_office_sees_the_lock_and_unlocks_it(client, staff_user, strategy_user):
    with time_machine.travel(NOW, tick=False):
        lock_out(client, "birim")
        office = Client()
        office.force_login(strategy_user)
        html = office.get(reverse("accounts:users")).content.decode()
        assert 'data-testid="lockouts"' in html and "Kilidi aç" in html
        lockouts = html.split('data-testid="lockouts"')[1].split("</table>")[0]
        assert "birim" in lockouts and "127.0.0.1" in lockouts
        response = office.post(reverse("accounts:unlock"), {"username": "birim"}, follow=True)
        assert "birim kullanıcısının giriş kilidi açıldı." in response.content.decode()
        assert "Şu anda kilitli giriş yok." in response.content.decode()
        assert post_login(client, "birim", PASSWORD).status_code == 302


def test_unit_staff_cannot_unlock(client, staff_user, other_staff_user):
    with time_machine.travel(NOW, tick=False):
        lock_out(client, "birim")
        response = logged_in(other_staff_user).post(
            reverse("accounts:unlock"), {"username": "birim"}
        )
        assert response.status_code == 403
        assert_locked_page(post_login(client, "birim", PASSWORD))


def test_the_test_client_login_helper_goes_through_the_throttle(client, staff_user):
    """`logged_in` passes axes the request it needs: a locked user cannot log in with it."""
    with time_machine.travel(NOW, tick=False):
        lock_out(client, "birim")
        with pytest.raises(AssertionError):
            logged_in(staff_user)


# Parallel guessing against the real server ------------------------------------------------


def _guess(base_url: str, username: str, password: str) -> tuple[int, str]:
    """One browser-like login: GET the form (CSRF cookie and token), POST the password."""
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = opener.open(base_url + reverse("login")).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    ).encode()
    request = urllib.request.Request(
        base_url + reverse("login"), data=data, headers={"Referer": base_url + "/login/"}
    )
    try:
        with opener.open(request) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.django_db(transaction=True)
def test_parallel_guessing_is_throttled_too(live_server, staff_user, monkeypatch, settings):
    """16 clients guess at once (one thread each, through the real server); then the right
    password is refused. Needs PostgreSQL: the in-memory SQLite test database refuses
    concurrent writers ("table is locked"), which a file database would wait for."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("parallel logins need PostgreSQL (CI runs it with DATABASE_URL)")
    threads_n = 16
    results: list[tuple[int, str]] = []
    lock = threading.Lock()
    start = threading.Barrier(threads_n)

    def guess(i: int) -> None:
        start.wait()
        outcome = _guess(live_server.url, "birim", f"tahmin-{i}")
        with lock:
            results.append(outcome)

    checked: list[str] = []
    check_password = User.check_password

    def counting_check_password(self, raw_password):
        with lock:
            checked.append(raw_password)
        return check_password(self, raw_password)

    monkeypatch.setattr(User, "check_password", counting_check_password)
    threads = [threading.Thread(target=guess, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    codes = [code for code, _ in results]
    assert len(codes) == threads_n and set(codes) <= {200, 429}, codes
    assert all("/login/" in body or "kilitlendi" in body for _, body in results)
    failures = sum(
        AccessAttempt.objects.filter(username="birim").values_list(
            "failures_since_start", flat=True
        )
    )
    assert failures >= 5
    # The attempts for one username are taken one at a time (accounts/login.py): no more
    # passwords are checked than the limit allows, however many guess at once.
    assert len(checked) == settings.AXES_FAILURE_LIMIT, checked
    status, body = _guess(live_server.url, "birim", PASSWORD)
    assert status == 429 and "Giriş kilitlendi" in body


def test_the_lock_counts_the_client_behind_the_proxy_not_the_proxy(rf, settings):
    from accounts.login import client_ip

    request = rf.post(
        "/login/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7"
    )
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    assert client_ip(request) == "203.0.113.7"  # what the proxy appended, not what was sent
    settings.SECURE_PROXY_SSL_HEADER = None
    assert client_ip(request) == "172.18.0.5"  # no proxy: the header is the client's own word
