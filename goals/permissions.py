"""The one authorisation layer: roles, unit scope and view decorators.

Every view and every download asks this module (DESIGN.md §7):

- strategy office (``Strateji Birimi``, and superusers): sees and does everything;
- unit staff (``Birim Personeli``): reads and writes only their units' entries;
  another unit's object is a 404, so its existence is not revealed;
- council members (``Meclis Üyesi``): read dashboards and published reports,
  write nothing (403);
- unit staff also read their own units' dashboards, read only (``unit_dashboard_required``,
  ``dashboard_unit_scope``); another unit's target or indicator dashboard is a 404;
- anonymous users are sent to the login page by ``LoginRequiredMiddleware``, except for the
  public pages (/acik/, ``transparency.views``, marked ``login_not_required``), which everyone reads
  for a plan whose public pages are on (``can_read_public_pages``) and nobody reads otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

STAFF_GROUP = "Birim Personeli"
STRATEGY_GROUP = "Strateji Birimi"
COUNCIL_GROUP = "Meclis Üyesi"
ROLE_GROUPS = (STAFF_GROUP, STRATEGY_GROUP, COUNCIL_GROUP)


def _group_names(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_karsplan_groups", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._karsplan_groups = cached
    return cached


def is_strategy(user: Any) -> bool:
    return bool(getattr(user, "is_superuser", False)) or STRATEGY_GROUP in _group_names(user)


def is_council(user: Any) -> bool:
    return COUNCIL_GROUP in _group_names(user) and not is_strategy(user)


def is_unit_staff(user: Any) -> bool:
    return STAFF_GROUP in _group_names(user) and not is_strategy(user)


def can_read_dashboards(user: Any) -> bool:
    return is_strategy(user) or is_council(user)


def can_read_unit_dashboards(user: Any) -> bool:
    """The dashboard pages (overview, aim, target, indicator, units, problems): the strategy
    office and council members see every unit; unit staff their own units (read only)."""
    return can_read_dashboards(user) or is_unit_staff(user)


def dashboard_unit_scope(user: Any) -> frozenset[int] | None:
    """The units whose targets a dashboard shows the user: None for every unit (strategy
    office, council members), else the unit staff's own units."""
    if can_read_dashboards(user):
        return None
    return unit_ids(user) if is_unit_staff(user) else frozenset()


def in_dashboard_scope(user: Any, unit_id: int | None) -> bool:
    scope = dashboard_unit_scope(user)
    return scope is None or unit_id in scope


def require_dashboard_unit(user: Any, unit_id: int | None) -> None:
    """The gate in front of one target's or indicator's dashboard: unit staff get 404 for
    another unit's, so that what they may not read is not revealed."""
    if not in_dashboard_scope(user, unit_id):
        raise Http404


def unit_ids(user: Any) -> frozenset[int]:
    """The units whose entries the user may read and write (cached per request)."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_karsplan_unit_ids", None)
    if cached is None:
        cached = frozenset(user.units.values_list("pk", flat=True))
        user._karsplan_unit_ids = cached
    return cached


def can_access_unit(user: Any, unit_id: int) -> bool:
    """Read and write a unit's entries: the strategy office, or the unit's staff."""
    return is_strategy(user) or (is_unit_staff(user) and unit_id in unit_ids(user))


def can_enter(user: Any) -> bool:
    """Enter and submit values (for their own units): unit staff and the strategy office."""
    return is_strategy(user) or is_unit_staff(user)


def can_read_public_pages(plan: Any) -> bool:
    """Anyone, logged in or not, reads a plan's public pages when the strategy office has
    turned them on (``Plan.public_pages``); nobody does otherwise (404)."""
    return bool(getattr(plan, "public_pages", False))


def can_review(user: Any) -> bool:
    """Review, approve, return and reopen submissions, manage periods: the strategy office."""
    return is_strategy(user)


def require_unit_access(user: Any, unit_id: int) -> None:
    """The gate in front of a unit's entries, submissions and evidence files.

    The strategy office passes; council members get 403 (they write nothing and read only
    dashboards); unit staff get 404 for another unit's objects, so that their existence is
    not revealed.
    """
    if is_strategy(user):
        return
    if not is_unit_staff(user):
        raise PermissionDenied
    if unit_id not in unit_ids(user):
        raise Http404


def can_manage_users(user: Any) -> bool:
    """The "Kullanıcılar" page: list users, invite unit staff, unlock logins."""
    return is_strategy(user)


def can_manage_account(user: Any, account: Any) -> bool:
    """Change `account` (units, active flag, invitation): the strategy office, never a
    superuser's account and never its own (nobody deactivates themselves by mistake)."""
    return (
        can_manage_users(user)
        and not getattr(account, "is_superuser", False)
        and account.pk != getattr(user, "pk", None)
    )


def require_account_change(user: Any, account: Any) -> None:
    """The gate in front of every change to a user account: 403 unless allowed."""
    if not can_manage_account(user, account):
        raise PermissionDenied


def role_label(user: Any) -> str:
    from django.utils.translation import gettext as _

    if is_strategy(user):
        return _("Strategy office")
    if is_council(user):
        return _("Council member")
    if is_unit_staff(user):
        return _("Unit staff")
    return ""


ViewFunc = Callable[..., HttpResponse]


def _require(check: Callable[[Any], bool]) -> Callable[[ViewFunc], ViewFunc]:
    def decorator(view: ViewFunc) -> ViewFunc:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


strategy_required = _require(is_strategy)
"""Strategy office only; everyone else gets 403."""

dashboard_required = _require(can_read_dashboards)
"""Strategy office and council members (read only); unit staff get 403 (the report archive,
the results export)."""

unit_dashboard_required = _require(can_read_unit_dashboards)
"""The dashboard pages: strategy office and council members; unit staff for their own units
(scope with `dashboard_unit_scope`); read only."""

staff_or_strategy_required = _require(lambda u: is_strategy(u) or is_unit_staff(u))
"""People who enter or review data; council members get 403."""

entry_required = _require(can_enter)
"""Data entry pages: unit staff and the strategy office; council members get 403."""

review_required = _require(can_review)
"""Review and period management: the strategy office only; everyone else gets 403."""

users_required = _require(can_manage_users)
"""The user accounts page and its actions: the strategy office only; everyone else gets 403."""
