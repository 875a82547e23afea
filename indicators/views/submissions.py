"""Submissions and their review by the strategy office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goals import permissions
from goals.models import Unit
from indicators import selectors, services
from indicators.forms import (
    ReopenForm,
    ReturnForm,
    ReviewFilterForm,
)
from indicators.models import (
    Period,
    PeriodState,
    Submission,
    SubmissionStatus,
)
from indicators.views.common import (
    HISTORY_PAGE_SIZE,
    PAGE_SIZE,
    _current_plan,
    _get_submission_for_user,
)
from indicators.views.entry import EntryForms, _entry_groups


@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's submission for a period: values, reviews, status, dates and history; the
    strategy office approves, returns or reopens it here."""
    sub = _get_submission_for_user(request, pk)
    return _submission_page(request, sub, page_number=request.GET.get("page"))


def _submission_page(
    request: HttpRequest,
    sub: Submission,
    *,
    page_number: str | None = None,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    """The submission page with a page of its history; a review form refused shows again on
    it (`extra`, status 400)."""
    data = selectors.entry_data(sub.unit, sub.period)
    history = selectors.history_for_submission(data)
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(page_number)
    context = _submission_context(request, data, timezone.localdate(), history=page, **extra)
    return render(request, "indicators/submission.html", context, status=status)


def _submission_context(
    request: HttpRequest, data: selectors.EntryData, today: dt.date, **extra: Any
) -> dict[str, Any]:
    forms = EntryForms(data)
    return {
        "data": data,
        "submission": data.submission,
        "unit": data.unit,
        "period": data.period,
        "plan": data.period.plan,
        "state": data.state(today),
        "groups": _entry_groups(data, forms),
        "can_review": permissions.can_review(request.user),
        "return_form": extra.pop("return_form", None) or ReturnForm(),
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(),
        "comments_posted": extra.pop("comments_posted", {}),
        **extra,
    }


def _review_action(request: HttpRequest, pk: int) -> Submission:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    return get_object_or_404(Submission.objects.select_related("unit", "period"), pk=pk)


@require_POST
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _review_action(request, pk)
    try:
        services.submission_approve(user=request.user, submission=sub)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(unit)s's entries for %(period)s are approved.")
            % {"unit": sub.unit, "period": sub.period.label},
        )
    return redirect("indicators:submission", sub.pk)


@require_POST
def submission_return(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _review_action(request, pk)
    form = ReturnForm(request.POST)
    comments = {}
    for key, text in request.POST.items():
        if key.startswith("comment-") and text.strip():
            try:
                comments[int(key.removeprefix("comment-"))] = text
            except ValueError:
                continue
    if form.is_valid():
        try:
            services.submission_return(
                user=request.user,
                submission=sub,
                reason=form.cleaned_data["reason"],
                comments=comments,
            )
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
            return redirect("indicators:submission", sub.pk)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(
                request,
                _("%(unit)s's entries for %(period)s are returned to the unit.")
                % {"unit": sub.unit, "period": sub.period.label},
            )
            return redirect("indicators:submission", sub.pk)
    return _submission_page(request, sub, status=400, return_form=form, comments_posted=comments)


@require_POST
def submission_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    sub = _review_action(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            services.submission_reopen(
                user=request.user, submission=sub, reason=form.cleaned_data["reason"]
            )
        except services.WorkflowError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(unit)s's entries for %(period)s are reopened for the unit.")
                % {"unit": sub.unit, "period": sub.period.label},
            )
        return redirect("indicators:submission", sub.pk)
    return _submission_page(request, sub, status=400, reopen_form=form)


def _default_period(periods: list[Period], today: dt.date) -> Period | None:
    """The latest period with submissions awaiting review; else the latest whose entry has
    opened (or that is open); else the first."""
    waiting = set(
        Submission.objects.filter(
            period__in=periods, status=SubmissionStatus.SUBMITTED
        ).values_list("period_id", flat=True)
    )
    for candidates in (
        [p for p in periods if p.pk in waiting],
        [p for p in periods if p.opens_on <= today or p.state == PeriodState.OPEN],
        periods[:1],
    ):
        if candidates:
            return candidates[-1]
    return None


@require_GET
def review(request: HttpRequest) -> HttpResponse:
    """Every unit's submission for a period, with filters (period, unit, status, late)."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    plan = _current_plan()
    if plan is None:
        return render(request, "indicators/review_list.html", {"plan": None})
    today = timezone.localdate()
    periods = list(Period.objects.filter(plan=plan).order_by("year", "half"))
    units = list(Unit.objects.responsible_in(plan))
    statuses = [(selectors.NOT_STARTED, _("Not started"))] + [
        (s.value, s.label) for s in SubmissionStatus
    ]
    form = ReviewFilterForm(request.GET or None, periods=periods, units=units, statuses=statuses)
    period = _default_period(periods, today)
    unit_id = status = None
    late = None
    if form.is_bound and form.is_valid():
        cd = form.cleaned_data
        period = next((p for p in periods if p.pk == cd["period"]), period)
        unit_id = cd["unit"]
        status = cd["status"] or None
        late = {"yes": True, "no": False}.get(cd["late"])
    if not form.is_bound and period is not None:
        form = ReviewFilterForm(
            initial={"period": period.pk}, periods=periods, units=units, statuses=statuses
        )
    rows = selectors.submission_rows(plan=plan, periods=[period] if period else [], today=today)
    counts = {key: 0 for key, _label in statuses}
    late_count = 0
    for r in rows:
        counts[r.status] += 1
        late_count += r.late
    filtered = [
        r
        for r in rows
        if (unit_id is None or r.unit.pk == unit_id)
        and (status is None or r.status == status)
        and (late is None or r.late == late)
    ]
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "indicators/review_list.html",
        {
            "plan": plan,
            "form": form,
            "period": period,
            "page": page,
            "counts": [(key, label, counts[key]) for key, label in statuses],
            "late_count": late_count,
            "query": query.urlencode(),
        },
    )
