"""Sessions come from the cache and are written through to the database (`karsplan.sessions`):
with the cache down a user stays logged in and every page still answers."""

import socket

import pytest
from django.urls import reverse

from tests.conftest import logged_in

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_with_the_cache_down_a_logged_in_user_still_gets_pages(settings, strategy_user):
    client = logged_in(strategy_user)
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert strategy_user.username in response.content.decode()
    client.logout()  # deleting the session works without the cache too
    assert client.get(reverse("home")).status_code == 302
