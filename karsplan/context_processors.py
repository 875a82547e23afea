from typing import Any

from django.http import HttpRequest

from goals import permissions


def roles(request: HttpRequest) -> dict[str, Any]:
    """Role flags for the navigation; evaluated lazily, cached on the user."""
    user = request.user
    return {
        "is_strategy": lambda: permissions.is_strategy(user),
        "is_council": lambda: permissions.is_council(user),
        "is_unit_staff": lambda: permissions.is_unit_staff(user),
        "role_label": lambda: permissions.role_label(user),
    }
