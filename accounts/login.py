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
