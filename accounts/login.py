"""The login page: Django's LoginView, with the attempts for one username taken one at a time.

django-axes checks the failure count, then the password, then records the failure; two
requests that run at once both read the count before either records, so a burst of N
parallel guesses would have N passwords checked before the lock holds. On PostgreSQL the
login POST therefore takes a transaction-scoped advisory lock on the username: the attempts
for one username queue, each sees the failures recorded before it, and after the fifth every
guess is refused unchecked. Other usernames do not wait. (SQLite serialises writers itself.)
"""

from __future__ import annotations

import zlib

from django.contrib.auth import views as auth_views
from django.db import connection, transaction

LOCK_NAMESPACE = 0x4B50  # "KP": keeps our advisory locks apart from anybody else's


def _lock_username(username: str) -> None:
    key = zlib.crc32(username.strip().casefold().encode("utf-8"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key - 2**31])


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        if connection.vendor != "postgresql":
            return super().post(request, *args, **kwargs)
        with transaction.atomic():
            _lock_username(request.POST.get("username", ""))
            return super().post(request, *args, **kwargs)


def client_ip(request) -> str | None:
    """The address a login attempt came from, for django-axes (AXES_CLIENT_IP_CALLABLE).

    Behind the TLS proxy (SECURE_PROXY_SSL_HEADER is set only then, see settings) every request
    reaches gunicorn from the proxy; the proxy appends the address it saw to X-Forwarded-For
    (Caddy replaces what a client sent), so the last entry is the client. Without a proxy the
    header is the client's own word and is ignored.
    """
    from django.conf import settings

    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")
