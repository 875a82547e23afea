"""Security headers on every page: Content-Security-Policy (django-csp) and
Permissions-Policy (karsplan.middleware)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from tests.conftest import logged_in

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def directives(header: str) -> dict[str, list[str]]:
    parts = [p.strip().split() for p in header.split(";") if p.strip()]
    return {p[0]: p[1:] for p in parts}


@pytest.mark.parametrize("url", ["/login/", "/healthz"])
def test_anonymous_pages_carry_a_strict_content_security_policy(client, url):
    response = client.get(url)
    assert response.status_code == 200
    policy = directives(response.headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    header = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in header and "unsafe-eval" not in header
    assert "unsafe-hashes" not in header and "nonce-" not in header


def test_logged_in_pages_and_errors_carry_both_headers(client, plan, strategy_user):
    logged_in(strategy_user, client)
    for url, status in [
        (reverse("home"), 200),
        (reverse("reports:overview", args=[plan.pk]), 200),
        (reverse("admin:index"), 200),
        ("/no-such-page/", 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert "default-src 'self'" in response.headers["Content-Security-Policy"], url
        permissions = response.headers["Permissions-Policy"]
        for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
            assert f"{feature}=()" in permissions, (url, feature)
        assert "browsing-topics=()" in permissions


def test_the_permissions_policy_header_is_well_formed(client):
    header = client.get("/login/").headers["Permissions-Policy"]
    items = [item.strip() for item in header.split(",")]
    assert all(item.endswith("=()") and item.count("=") == 1 for item in items), header
    assert len(items) == len(set(items))


# Third-party admin templates with inline styles or handlers are overridden in templates/ by a
# copy that differs only by these replacements; the test fails when an upgrade changes them.
COMMENT = (
    "{# %s's template without the inline styles and handlers that the "
    "Content-Security-Policy blocks (kept in step with the installed version by "
    "tests/karsplan/test_headers.py). #}\n"
)
OVERRIDES = [
    (
        "templates/simple_history/object_history_list.html",
        "simple_history/templates/simple_history/object_history_list.html",
        [('<p class="paginator" style="border-top: 0">', '<p class="paginator">')],
    ),
    (
        "templates/admin/import_export/export.html",
        "import_export/templates/admin/import_export/export.html",
        [
            ("{% load i18n %}\n", "{% load i18n static %}\n"),
            (
                "{{ form.media }}\n",
                "{{ form.media }}\n"
                '<link rel="stylesheet" href="{% static \'css/admin.css\' %}">\n'
                "<script src=\"{% static 'js/admin-export.js' %}\" defer></script>\n",
            ),
            ('<p style="padding: 0;">', '<p class="export-fields-intro">'),
            (' \n                    onchange="onSelectToggleChange(event)" checked>', " checked>"),
            ('<label style="font-weight: bold;"', '<label class="export-select-all"'),
        ],
    ),
]


def override_of(upstream: str, replacements: list[tuple[str, str]]) -> str:
    import django

    site_packages = Path(django.__file__).resolve().parent.parent
    text = (site_packages / upstream).read_text(encoding="utf-8")
    for old, new in replacements:
        assert text.count(old) == 1, (upstream, old)
        text = text.replace(old, new)
    return COMMENT % upstream.split("/")[0] + text


@pytest.mark.parametrize(("ours", "upstream", "replacements"), OVERRIDES)
def test_overridden_third_party_templates_match_the_installed_ones(ours, upstream, replacements):
    text = (ROOT / ours).read_text(encoding="utf-8")
    assert text == override_of(upstream, replacements)
    for attribute in ("style=", "onchange=", "onclick=", "<style", "<script>"):
        assert attribute not in text, (ours, attribute)
