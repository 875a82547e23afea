"""Logging filters (see ``LOGGING`` in settings and docs/operations.md, "Logs").

Django logs every refused request on ``django.request`` and, for a ``PermissionDenied``,
attaches the exception, so each 403 used to write a full traceback. A 4xx is an expected
answer, not an error of the application: `OneLineClientErrors` rewrites such records into one
line (status, method, path, user id, reason) and drops the traceback. 5xx records pass
untouched, traceback included.

It sits on the ``django.request`` logger (so that every handler, a test's too, sees the short
record) and on the console handler (which also receives ``django.security.*``: a
``DisallowedHost`` is a 400 with a traceback too). A record is rewritten once.
"""

from __future__ import annotations

import logging


def _escaped(text: str) -> str:
    """No line breaks or control characters from the URL in the log (log injection)."""
    return text.encode("unicode_escape").decode("ascii")


def _user_id(request) -> str:  # noqa: ANN001
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        return str(user.pk)
    return "-"


class OneLineClientErrors(logging.Filter):
    """``403 POST /indicators/entry/3/ user=12: Forbidden (Permission denied): …`` → one line.

    The reason is Django's own message (its arguments are already escaped); the exception's
    text, when there is one, is added after it.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        request = getattr(record, "request", None)
        if status is None or not 400 <= status < 500 or request is None:
            return True
        if getattr(record, "one_line", False):
            return True
        reason = record.getMessage().splitlines()[0] if record.msg else ""
        path = getattr(request, "path", "")
        suffix = ": " + _escaped(path)
        if path and reason.endswith(suffix):
            reason = reason[: -len(suffix)]
        if record.exc_info and record.exc_info[1] is not None:
            detail = str(record.exc_info[1]).strip()
            if detail:
                reason = f"{reason}: {_escaped(detail.splitlines()[0])}"
        method = getattr(request, "method", "") or ""
        record.msg = "%s %s %s user=%s: %s"
        record.args = (status, method, _escaped(path), _user_id(request), reason)
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        record.one_line = True
        return True
