"""The scoped lookups every view goes through, and small helpers shared by the views."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from goals import permissions
from goals.models import Plan, Unit
from indicators.models import (
    Evidence,
    LockException,
    Period,
    Submission,
)

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


def _get_entry_for_user(request: HttpRequest, unit_pk: int, period_pk: int) -> tuple[Unit, Period]:
    """The unit and period of an entry page: 403 for roles that do not enter, 404 for another
    unit's entry or a unit without a target in the period's plan."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    permissions.require_unit_access(request.user, unit_pk)
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_pk)
    unit = get_object_or_404(Unit.objects.responsible_in(period.plan_id), pk=unit_pk)
    return unit, period


def _get_submission_for_user(request: HttpRequest, pk: int) -> Submission:
    """A submission: 403 for roles that do not enter, 404 for another unit's."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    submission = get_object_or_404(
        Submission.objects.select_related(
            "unit", "period", "period__plan", "submitted_by", "reviewed_by"
        ).annotate(
            # The latest lock exception's end: the entry state reads it (no second query).
            lock_until=Subquery(
                LockException.objects.filter(unit=OuterRef("unit"), period=OuterRef("period"))
                .order_by("-until")
                .values("until")[:1]
            )
        ),
        pk=pk,
    )
    permissions.require_unit_access(request.user, submission.unit_id)
    return submission


def _get_evidence_for_user(request: HttpRequest, pk: int) -> Evidence:
    """An evidence file: 403 for roles that do not enter, 404 for another unit's file."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    evidence = get_object_or_404(
        Evidence.objects.select_related("actual__indicator__target"), pk=pk
    )
    permissions.require_unit_access(
        request.user, evidence.actual.indicator.target.responsible_unit_id
    )
    if evidence.removed_at is not None and not permissions.is_strategy(request.user):
        raise Http404  # a removed file is kept for the strategy office alone
    return evidence


def _current_plan() -> Plan | None:
    return Plan.objects.current()


def _safe_next(request: HttpRequest, default: str) -> str:
    """The form's `next` page if it is on this site, else `default` (no open redirect)."""
    target = request.POST.get("next") or request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
