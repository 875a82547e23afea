"""Refused requests (4xx) are logged as one line; server errors (5xx) keep their traceback."""

from __future__ import annotations

import io
import logging

import pytest
from django.urls import path, reverse

from karsplan.urls import urlpatterns as karsplan_urls
from tests.conftest import logged_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def boom(request):  # noqa: ANN001, ANN201
    raise ZeroDivisionError("a bug in a view")


def forbidden_with_reason(request):  # noqa: ANN001, ANN201
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("only the strategy office")


urlpatterns = [
    path("test-boom/", boom),
    path("test-forbidden/", forbidden_with_reason),
    *karsplan_urls,
]


def request_records(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith(("django.request", "django.security"))]


def formatted(record: logging.LogRecord) -> str:
    """The record as a handler writes it: message, then the traceback if there is one."""
    return logging.Formatter().format(record)


def test_a_council_members_refused_write_is_one_line_with_method_path_user_and_status(
    client, plan, council_user, caplog
):
    logged_in(council_user, client)
    url = reverse("archive:generate")
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.post(url, {"kind": "monitoring", "year": 2025, "half": 1})
    assert response.status_code == 403
    (record,) = request_records(caplog)
    text = formatted(record)
    assert "Traceback" not in text and "\n" not in text
    assert text.startswith(f"403 POST {url} user={council_user.pk}: Forbidden")
    assert record.levelno == logging.WARNING


def test_a_not_found_page_is_one_line(client, strategy_user, caplog):
    logged_in(strategy_user, client)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/no/such/page/").status_code == 404
    (record,) = request_records(caplog)
    text = formatted(record)
    assert text == f"404 GET /no/such/page/ user={strategy_user.pk}: Not Found"


def test_an_anonymous_csrf_refusal_shows_no_user(caplog):
    from django.test import Client

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = Client(enforce_csrf_checks=True).post("/login/", {"username": "x"})
    assert response.status_code == 403
    (record,) = request_records(caplog)
    assert formatted(record) == "403 POST /login/ user=-: Forbidden (CSRF cookie not set.)"
    # The page is the site's own (Django's default carries an inline style the CSP blocks).
    html = response.content.decode()
    assert "Formun süresi doldu" in html and "<style" not in html


def test_the_reason_of_a_permission_denied_is_kept(client, strategy_user, caplog):
    logged_in(strategy_user, client)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/test-forbidden/").status_code == 403
    (record,) = request_records(caplog)
    assert formatted(record) == (
        f"403 GET /test-forbidden/ user={strategy_user.pk}: "
        "Forbidden (Permission denied): only the strategy office"
    )


def test_line_breaks_in_the_url_do_not_reach_the_log(client, strategy_user, caplog):
    logged_in(strategy_user, client)
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/x%0AFAKE 500 entry/").status_code == 404
    (record,) = request_records(caplog)
    assert "\n" not in formatted(record)
    assert "/x\\nFAKE 500 entry/" in formatted(record)


def test_a_server_error_still_logs_its_traceback(client, strategy_user, caplog):
    logged_in(strategy_user, client)
    client.raise_request_exception = False
    with caplog.at_level(logging.WARNING, logger="django.request"):
        assert client.get("/test-boom/").status_code == 500
    (record,) = request_records(caplog)
    text = formatted(record)
    assert record.levelno == logging.ERROR
    assert text.startswith("Internal Server Error: /test-boom/")
    assert "Traceback (most recent call last)" in text
    assert "ZeroDivisionError: a bug in a view" in text


@pytest.fixture
def console():
    """What the configured console handler (settings.LOGGING) writes."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        handler.setStream(previous)


def test_the_console_log_holds_one_line_per_refusal_even_for_a_disallowed_host(
    client, plan, council_user, console
):
    logged_in(council_user, client)
    client.post(reverse("archive:generate"), {"kind": "monitoring"})
    client.get("/", headers={"host": "evil.example"})
    client.raise_request_exception = False
    client.get("/test-boom/")
    # django-axes logs the (successful) login itself; this test reads the request lines.
    lines = [line for line in console.getvalue().splitlines() if not line.startswith("AXES")]
    assert lines[0].startswith(f"403 POST {reverse('archive:generate')} user={council_user.pk}")
    assert lines[1].startswith("400 GET / user=")
    assert "Invalid HTTP_HOST header: 'evil.example'" in lines[1]
    assert lines[2] == "Internal Server Error: /test-boom/"
    assert lines[3] == "Traceback (most recent call last):"
    assert sum("Traceback" in line for line in lines) == 1
