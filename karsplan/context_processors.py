from typing import Any

from django.http import HttpRequest

from goals import permissions


def roles(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the navigation; evaluated lazily, cached on the user.

    A request refused before the authentication middleware ran (a disallowed Host header: a
    400) has no user; its error page must still render, as an anonymous one."""
    user = getattr(request, "user", None)
    if user is None:
        return {"is_strategy": False, "is_council": False, "is_unit_staff": False}
    return {
        "is_strategy": lambda: permissions.is_strategy(user),
        "is_council": lambda: permissions.is_council(user),
        "is_unit_staff": lambda: permissions.is_unit_staff(user),
        "role_label": lambda: permissions.role_label(user),
    }
