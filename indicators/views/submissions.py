"""Submissions and their review by the strategy office."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
    ReviewComment,
    Submission,
    SubmissionStatus,
)
from indicators.views.common import (
    HISTORY_PAGE_SIZE,
    PAGE_SIZE,
    _current_plan,
    _get_submission_for_user,
)


@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's submission for a period: values, reviews, status, dates, threads and history;
    the strategy office approves, returns or reopens it here, the unit answers the threads."""
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
    data = selectors.submission_page(sub, lock_until=getattr(sub, "lock_until", None))
    history = selectors.history_for_submission(data)
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(page_number)
    today = timezone.localdate()
    context = {
        "data": data,
        "submission": sub,
        "unit": sub.unit,
        "period": sub.period,
        "plan": sub.period.plan,
        "state": data.state(today),
        "aims": data.aims,
        "can_review": permissions.can_review(request.user),
        "can_answer": permissions.can_access_unit(request.user, sub.unit_id),
        "return_form": extra.pop("return_form", None) or ReturnForm(),
        "reopen_form": extra.pop("reopen_form", None) or ReopenForm(),
        "comments_posted": extra.pop("comments_posted", {}),
        "history": page,
        **extra,
    }
    return render(request, "indicators/submission.html", context, status=status)


def _review_action(request: HttpRequest, pk: int) -> Submission:
    if not permissions.can_review(request.user):
        raise PermissionDenied
    return get_object_or_404(Submission.objects.select_related("unit", "period"), pk=pk)


@require_http_methods(["GET", "POST"])
def submission_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """GET asks for confirmation, saying what the approval freezes; POST approves."""
    sub = _review_action(request, pk)
    if request.method == "GET":
        if sub.status != SubmissionStatus.SUBMITTED:
            messages.error(
                request,
                _("Only submitted entries can be approved; these are: %(status)s.")
                % {"status": sub.get_status_display()},
            )
            return redirect("indicators:submission", sub.pk)
        return render(
            request,
            "indicators/confirm_approve.html",
            {"submission": sub, "counts": selectors.submission_counts(sub)},
        )
    try:
        services.submission_approve(user=request.user, submission=sub)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Approved: %(unit)s's entries for %(period)s are frozen and count as approved "
                "values in the dashboards and reports."
            )
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
    sub = _get_submission_for_user(request, pk)
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
    sub = _get_submission_for_user(request, pk)
    return _submission_page(request, sub, status=400, reopen_form=form)


def _thread_for_user(request: HttpRequest, pk: int, thread_pk: int) -> ReviewComment:
    """A thread of a submission the user may read (404 for another unit's)."""
    sub = _get_submission_for_user(request, pk)
    return get_object_or_404(
        ReviewComment.objects.select_related("submission"),
        pk=thread_pk,
        submission=sub,
        parent__isnull=True,
    )


@require_POST
def thread_reply(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    """The unit (or the reviewer) answers in a thread."""
    thread = _thread_for_user(request, pk, thread_pk)
    try:
        services.review_thread_reply(
            user=request.user, thread=thread, text=request.POST.get("text", "")
        )
    except ValidationError as exc:
        for msg in exc.messages:
            messages.error(request, msg)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your answer is added to the thread."))
    return redirect(reverse("indicators:submission", args=[pk]) + f"#thread-{thread.pk}")


@require_POST
def thread_resolve(request: HttpRequest, pk: int, thread_pk: int) -> HttpResponse:
    """The reviewer marks a thread resolved."""
    if not permissions.can_review(request.user):
        raise PermissionDenied
    thread = _thread_for_user(request, pk, thread_pk)
    try:
        services.review_thread_resolve(user=request.user, thread=thread)
    except services.WorkflowError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("The thread on %(code)s is marked resolved.") % {"code": thread.indicator.code},
        )
    return redirect(reverse("indicators:submission", args=[pk]) + f"#thread-{thread.pk}")


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
