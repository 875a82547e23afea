"""The periods' management: windows, deadlines, lock exceptions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals import permissions
from goals.models import Unit
from indicators import selectors, services
from indicators.forms import (
    ExtendForm,
    LockExceptionForm,
)
from indicators.models import (
    LockException,
    Period,
    SubmissionStatus,
)
from indicators.views.common import _current_plan, _safe_next


def _count_status(status: str) -> Count:
    return Count("submissions", filter=Q(submissions__status=status), distinct=True)


@require_GET
def periods(request: HttpRequest) -> HttpResponse:
    """The plan's periods: window, state, how many units submitted; open, close, extend."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    plan = _current_plan()
    rows = []
    if plan is not None:
        rows = list(
            Period.objects.filter(plan=plan)
            .annotate(
                # distinct: the join with lock_exceptions repeats each submission per exception
                n_submitted=_count_status(SubmissionStatus.SUBMITTED),
                n_approved=_count_status(SubmissionStatus.APPROVED),
                n_returned=_count_status(SubmissionStatus.RETURNED),
                n_exceptions=Count("lock_exceptions", distinct=True),
            )
            .order_by("year", "half")
        )
    today = timezone.localdate()
    return render(
        request,
        "indicators/periods.html",
        {"plan": plan, "periods": rows, "today": today},
    )


def _period_for_review(request: HttpRequest, pk: int) -> Period:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    return get_object_or_404(Period.objects.select_related("plan"), pk=pk)


@require_http_methods(["GET", "POST"])
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One period: its window, extend it, and reopen it for one unit (lock exceptions).
    POST creates a lock exception."""
    period = _period_for_review(request, pk)
    units = Unit.objects.responsible_in(period.plan_id)
    exception_form = LockExceptionForm(request.POST or None, units=units)
    status = 200
    if request.method == "POST":
        if exception_form.is_valid():
            cd = exception_form.cleaned_data
            try:
                services.lock_exception_create(
                    user=request.user,
                    period=period,
                    unit=cd["unit"],
                    reason=cd["reason"],
                    until=cd["until"],
                )
            except ValidationError as exc:
                for name, msgs in exc.message_dict.items():
                    for msg in msgs:
                        exception_form.add_error(
                            name if name in exception_form.fields else None, msg
                        )
            else:
                messages.success(
                    request,
                    _("%(period)s is reopened for %(unit)s until %(date)s.")
                    % {
                        "period": period.label,
                        "unit": cd["unit"],
                        "date": date_format(cd["until"], "SHORT_DATE_FORMAT"),
                    },
                )
                return redirect("indicators:period", period.pk)
        status = 400
    exceptions = LockException.objects.filter(period=period).select_related("unit", "created_by")
    return render(
        request,
        "indicators/period.html",
        {
            "period": period,
            "plan": period.plan,
            "extend_form": ExtendForm(initial={"deadline": period.deadline}),
            "exception_form": exception_form,
            "exceptions": exceptions,
            "today": timezone.localdate(),
        },
        status=status,
    )


def _confirm_window_action(request: HttpRequest, period: Period, action: str) -> HttpResponse:
    """The confirmation of "open" or "close": how many units it affects, and a warning when
    a period that has not ended is opened (its values would be entered before its end)."""
    today = timezone.localdate()
    counts = selectors.period_units_affected(period)
    return render(
        request,
        "indicators/confirm_period.html",
        {
            "period": period,
            "plan": period.plan,
            "action": action,
            "counts": counts,
            "not_ended": action == "open" and today <= period.ends_on,
            "next": _safe_next(request, reverse("indicators:periods")),
        },
    )


@require_http_methods(["GET", "POST"])
def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST opens the period for every unit."""
    period = _period_for_review(request, pk)
    if request.method == "GET":
        return _confirm_window_action(request, period, "open")
    services.period_open(user=request.user, period=period)
    messages.success(request, _("%(period)s is open for entry.") % {"period": period.label})
    return redirect(_safe_next(request, reverse("indicators:periods")))


@require_http_methods(["GET", "POST"])
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation; POST closes the period for every unit."""
    period = _period_for_review(request, pk)
    if request.method == "GET":
        return _confirm_window_action(request, period, "close")
    services.period_close(user=request.user, period=period)
    messages.success(request, _("%(period)s is closed for entry.") % {"period": period.label})
    return redirect(_safe_next(request, reverse("indicators:periods")))


@require_POST
def period_calendar(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo "open" or "close": the calendar decides again, and the message says what it says."""
    period = _period_for_review(request, pk)
    services.period_calendar(user=request.user, period=period)
    today = timezone.localdate()
    dates = {
        "period": period.label,
        "opens": date_format(period.opens_on, "SHORT_DATE_FORMAT"),
        "deadline": date_format(period.deadline, "SHORT_DATE_FORMAT"),
    }
    if today < period.opens_on:
        text = _("%(period)s follows the calendar again: entry opens on %(opens)s.")
    elif today <= period.deadline:
        text = _("%(period)s follows the calendar again: entry is open until %(deadline)s.")
    else:
        text = _("%(period)s follows the calendar again: the deadline (%(deadline)s) has passed.")
    messages.success(request, text % dates)
    return redirect(_safe_next(request, reverse("indicators:periods")))


@require_POST
def period_extend(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_for_review(request, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.period_extend(
                user=request.user, period=period, deadline=form.cleaned_data["deadline"]
            )
        except ValidationError as exc:
            for msg in exc.messages:
                messages.error(request, msg)
        else:
            messages.success(
                request,
                _("The deadline of %(period)s is now %(date)s.")
                % {
                    "period": period.label,
                    "date": date_format(period.deadline, "SHORT_DATE_FORMAT"),
                },
            )
    else:
        messages.error(request, _("New deadline: enter a valid date."))
    return redirect("indicators:period", period.pk)
