"""Indicator pages, the period entry, the review and the period management (DESIGN.md §4).

Every view asks `goals.permissions`, the one authorisation layer, through a decorator for
the role and one helper per object kind for the scope: `_get_entry_for_user`,
`_get_submission_for_user`, `_get_evidence_for_user` (another unit's object is a 404, a
read-only role gets 403, anonymous users are sent to the login page by the middleware).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from goals import permissions
from goals.models import Plan, Target, Unit
from indicators import computation, selectors, services
from indicators.entry_rules import EntryRow, period_result
from indicators.forms import (
    ActualRowForm,
    AmountForm,
    ExtendForm,
    LockExceptionForm,
    ReopenForm,
    ReturnForm,
    ReviewFilterForm,
    ReviewForm,
    digest,
    norm_number,
)
from indicators.models import (
    EXPENDITURE_FIELDS,
    Evidence,
    LockException,
    Period,
    PeriodState,
    Submission,
    SubmissionStatus,
)

PAGE_SIZE = 25
HISTORY_PAGE_SIZE = 50


# --- Scoped lookups ---------------------------------------------------------------------------


def _get_entry_for_user(request: HttpRequest, unit_pk: int, period_pk: int) -> tuple[Unit, Period]:
    """The unit and period of an entry page: 403 for roles that do not enter, 404 for another
    unit's entry or a unit without a target in the period's plan."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    permissions.require_unit_access(request.user, unit_pk)
    period = get_object_or_404(Period.objects.select_related("plan"), pk=period_pk)
    unit = get_object_or_404(Unit, pk=unit_pk)
    if not Target.objects.filter(plan_id=period.plan_id, responsible_unit=unit).exists():
        raise Http404
    return unit, period


def _get_submission_for_user(request: HttpRequest, pk: int) -> Submission:
    """A submission: 403 for roles that do not enter, 404 for another unit's."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    submission = get_object_or_404(
        Submission.objects.select_related("unit", "period", "period__plan"), pk=pk
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
    return evidence


def _current_plan() -> Plan | None:
    return Plan.objects.current()


# --- The indicator page -----------------------------------------------------------------------


@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The indicator as planned, and for those who may read its entries (the strategy office,
    council members, the responsible unit's staff) its values per period and their history."""
    try:
        indicator = selectors.indicator_detail(pk)
    except selectors.Indicator.DoesNotExist:
        raise Http404
    target = indicator.target
    years = target.plan.years
    planned = {pv.year: pv.value for pv in indicator.planned_values.all()}
    user = request.user
    may_read = permissions.can_read_dashboards(user) or permissions.can_access_unit(
        user, target.responsible_unit_id
    )
    context: dict[str, Any] = {
        "indicator": indicator,
        "target": target,
        "plan": target.plan,
        "planned": [(y, planned.get(y)) for y in years],
        "may_read_values": may_read,
    }
    if may_read:
        periods, year_rows = selectors.indicator_years(indicator)
        history = selectors.history_for_indicator(indicator, periods)
        page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(year_rows=year_rows, history=page, periods=periods)
    return render(request, "indicators/detail.html", context)


# --- Entry ------------------------------------------------------------------------------------


class EntryForms:
    """The bound or unbound forms of an entry page, keyed as the page needs them."""

    def __init__(self, data: selectors.EntryData, post: Any = None, files: Any = None) -> None:
        half = data.period.half
        self.rows: dict[int, ActualRowForm] = {}
        for ind in data.due_indicators():
            self.rows[ind.pk] = ActualRowForm(
                post,
                files,
                prefix=f"i{ind.pk}",
                actual=data.actuals.get(ind.pk),
                label=f"{ind.code} {ind.name}",
            )
        self.reviews: dict[int, ReviewForm] = {
            t.pk: ReviewForm(post, prefix=f"t{t.pk}", review=data.reviews.get(t.pk), half=half)
            for t in data.targets
        }
        self.amounts: dict[tuple[int, str], AmountForm] = {}
        key, label = selectors.EXPENDITURE, EXPENDITURE_FIELDS[0][1]
        stored = data.amounts.get(key, {})
        for t in data.targets:
            self.amounts[(t.pk, key)] = AmountForm(
                post, prefix=f"t{t.pk}-{key}", stored=stored.get(t.pk), label=label
            )

    def all(self) -> list[Any]:
        return [*self.rows.values(), *self.reviews.values(), *self.amounts.values()]


def _refresh_untouched(post: QueryDict, forms: EntryForms, data: selectors.EntryData) -> None:
    """Show the saved values again in the rows the user did not touch (someone else may have
    changed them meanwhile); touched rows keep the user's input."""
    for pk, form in forms.rows.items():
        if form.is_valid() and not form.touched():
            fresh = ActualRowForm(prefix=form.prefix, actual=data.actuals.get(pk))
            for name in ("value", "explanation", "deviation_reason", "version", "orig"):
                post[fresh.add_prefix(name)] = fresh.initial.get(name, "")


def _patch_conflicts(post: QueryDict, result: services.EntryResult) -> None:
    """After a conflict the page shows the saved values beside the user's input; the row's
    version and fingerprint become the saved ones, so that saving again replaces them
    deliberately."""
    for c in result.conflicts:
        if c.scope == "indicator":
            prefix = f"i{c.key}"
            cur = c.current
            post[f"{prefix}-orig"] = digest(
                norm_number(cur.get("value")),
                cur.get("explanation", ""),
                cur.get("deviation_reason", ""),
            )
        elif c.field == "review":
            prefix = f"t{c.key}"
            half = int(post.get("half") or 1)
            post[f"{prefix}-orig"] = digest(
                *[c.current.get(n, "") for n in ReviewForm.text_fields(half)]
            )
        else:
            prefix = f"t{c.key}-{c.field}"
            post[f"{prefix}-orig"] = digest(norm_number(c.current.get("amount")))
        post[f"{prefix}-version"] = str(c.version)


def _collect(forms: EntryForms) -> tuple[list[EntryRow], list[dict], dict[str, list], list[str]]:
    """Turn the touched rows into the service's input; a form that does not bind (a forged
    version) is reported."""
    rows: list[EntryRow] = []
    reviews: list[dict] = []
    amounts: dict[str, list] = {}
    broken: list[str] = []
    for pk, form in forms.rows.items():
        if not form.is_valid():
            broken.append(form.prefix)
            continue
        if not form.touched():
            continue
        cd = form.cleaned_data
        rows.append(
            EntryRow(
                indicator_id=pk,
                value=cd["value"],
                explanation=cd["explanation"],
                deviation_reason=cd["deviation_reason"],
                version=cd["version"] if cd["version"] is not None else 0,
                confirmed=cd["confirm"],
                files=cd["files"],
                remove_evidence=cd["remove"],
            )
        )
    for pk, form in forms.reviews.items():
        if not form.is_valid():
            broken.append(form.prefix)
            continue
        if not form.touched():
            continue
        cd = form.cleaned_data
        review = {name: cd.get(name, "") for name in ReviewForm.text_fields(form.half)}
        review.update(target_id=pk, version=cd["version"] if cd["version"] is not None else 0)
        reviews.append(review)
    for (pk, key), form in forms.amounts.items():
        if not form.is_valid():
            broken.append(form.prefix)
            continue
        if not form.touched():
            continue
        cd = form.cleaned_data
        version = cd["version"] if cd["version"] is not None else 0
        amounts.setdefault(key, []).append(services.AmountRow(pk, cd["amount"], version))
    return rows, reviews, amounts, broken


def _attach_problems(forms: EntryForms, result: services.EntryResult) -> None:
    for p in result.errors:
        form = _form_for(forms, p)
        if form is not None:
            form.problems.append(p)
            name = {"expenditure": "amount"}.get(p.field, p.field)
            if name in form.fields:
                widget = form.fields[name].widget
                widget.attrs = {**widget.attrs, "aria-invalid": "true"}
    for p in result.warnings:
        form = _form_for(forms, p)
        if form is not None:
            form.warnings.append(p)
    for p in result.conflicts:
        form = _form_for(forms, p)
        if form is not None:
            form.conflict = p


def _form_for(forms: EntryForms, problem: Any) -> Any:
    if problem.scope == "indicator":
        return forms.rows.get(problem.key)
    if problem.scope == "target":
        if problem.field in ("review", "target") or problem.field in ReviewForm.base_fields:
            return forms.reviews.get(problem.key)
        return forms.amounts.get((problem.key, problem.field))
    return None


def _entry_groups(data: selectors.EntryData, forms: EntryForms) -> list[dict[str, Any]]:
    """Per target: its review and amount forms and its indicator rows, in the plan's order."""
    conf = selectors.computation_settings()
    period = data.period
    groups = []
    for target in data.targets:
        rows = []
        for ind in target.entry_indicators:
            facts = data.facts[ind.pk]
            actual = data.actuals.get(ind.pk)
            due = ind.is_due_in_half(period.half)
            result = None
            if due and actual is not None and actual.value is not None:
                result = period_result(facts, actual.value, period.year, period.half, conf)
            rows.append(
                {
                    "indicator": ind,
                    "facts": facts,
                    "form": forms.rows.get(ind.pk),
                    "actual": actual,
                    "value": actual.value if actual is not None else None,
                    "explanation": actual.explanation if actual is not None else "",
                    "deviation_reason": actual.deviation_reason if actual is not None else "",
                    "due": due,
                    "planned": data.planned.get(ind.pk),
                    "earlier": data.earlier.get(ind.pk, [])[-4:],
                    "evidence": data.evidence.get(ind.pk, []),
                    "comments": data.comments.get(ind.pk, []),
                    "result": result,
                    "status_label": computation.STATUS_LABELS[result.status] if result else "",
                }
            )
        groups.append(
            {
                "target": target,
                "review_form": forms.reviews[target.pk],
                "review": data.reviews.get(target.pk),
                "amount_forms": [f for (pk, _k), f in forms.amounts.items() if pk == target.pk],
                "rows": rows,
            }
        )
    return groups


def _render_entry(
    request: HttpRequest,
    data: selectors.EntryData,
    forms: EntryForms,
    *,
    today: dt.date,
    result: services.EntryResult | None = None,
    locked_message: str = "",
    status: int = 200,
) -> HttpResponse:
    state = data.state(today)
    strategy = permissions.is_strategy(request.user)
    # A refused save because of a lock keeps the input on the page (to copy it elsewhere).
    editable = state.editable or (strategy and state.window_lock) or bool(locked_message)
    problems = []
    if result is not None:
        problems = [*result.errors, *result.conflicts, *result.warnings]
    return render(
        request,
        "indicators/entry.html",
        {
            "data": data,
            "unit": data.unit,
            "period": data.period,
            "plan": data.period.plan,
            "state": state,
            "editable": editable,
            "strategy_override": strategy and not state.editable and state.window_lock,
            "groups": _entry_groups(data, forms),
            "forms": forms,
            "submission": data.submission,
            "problems": problems,
            "has_warnings": bool(result and result.warnings),
            "locked_message": locked_message,
            "lock_exceptions": [e for e in data.lock_exceptions if e.is_active_on(today)],
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    """A unit's entry for a period: every indicator it is responsible for, grouped by target,
    with one review and one expenditure per target. "Taslak kaydet" saves what is filled;
    "Gönder" saves and submits. A refused save shows the page again with the user's input."""
    unit, period = _get_entry_for_user(request, unit_pk, period_pk)
    today = timezone.localdate()
    data = selectors.entry_data(unit, period)
    if request.method != "POST":
        return _render_entry(request, data, EntryForms(data), today=today)

    forms = EntryForms(data, request.POST, request.FILES)
    rows, reviews, amounts, broken = _collect(forms)
    submit = request.POST.get("action") == "submit"
    if broken:
        messages.error(request, _("The form was changed outside the page; open it again."))
        return redirect("indicators:entry", unit.pk, period.pk)
    try:
        result = services.entries_save(
            user=request.user,
            unit=unit,
            period=period,
            rows=rows,
            reviews=reviews,
            amounts=amounts,
            submit=submit,
            ignore_lock=permissions.is_strategy(request.user),
            today=today,
        )
    except services.EntryLocked as exc:
        return _render_entry(
            request, data, forms, today=today, locked_message=exc.message, status=409
        )
    if result.saved:
        if result.submitted:
            messages.success(
                request,
                _("The entries for %(period)s are submitted to the strategy office.")
                % {"period": period.label},
            )
        elif result.written or result.evidence:
            messages.success(request, _("Draft saved."))
        else:
            messages.info(request, _("Nothing changed; nothing was saved."))
        return redirect("indicators:entry", unit.pk, period.pk)

    data = result.data or data
    post = request.POST.copy()
    post["half"] = str(period.half)
    _patch_conflicts(post, result)
    _refresh_untouched(post, forms, data)
    forms = EntryForms(data, post)
    for form in forms.all():
        form.is_valid()
    _attach_problems(forms, result)
    if any(r.files for r in rows):
        messages.warning(
            request,
            _("Nothing was saved, so the chosen files were not attached: choose them again."),
        )
    return _render_entry(
        request, data, forms, today=today, result=result, status=409 if result.conflicts else 200
    )


@require_GET
def entry_index(request: HttpRequest) -> HttpResponse:
    """The periods a unit can enter or has entered, with their status (newest first). The
    strategy office chooses the unit."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    plan = _current_plan()
    today = timezone.localdate()
    if plan is None:
        return render(request, "indicators/entry_index.html", {"plan": None})
    units = Unit.objects.filter(responsible_targets__plan=plan).distinct().order_by("name")
    if not permissions.is_strategy(request.user):
        units = units.filter(pk__in=permissions.unit_ids(request.user))
    units = list(units)
    chosen = units
    if permissions.is_strategy(request.user):
        try:
            unit_pk = int(request.GET.get("unit") or 0)
        except ValueError:
            unit_pk = 0
        chosen = [u for u in units if u.pk == unit_pk] or units[:1]
    tasks = selectors.unit_periods(units=chosen, plan=plan, today=today)
    return render(
        request,
        "indicators/entry_index.html",
        {"plan": plan, "units": units, "chosen": chosen, "tasks": tasks, "today": today},
    )


# --- Submissions and review -------------------------------------------------------------------


@require_GET
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    """A unit's submission for a period: values, reviews, status, dates and history; the
    strategy office approves, returns or reopens it here."""
    sub = _get_submission_for_user(request, pk)
    data = selectors.entry_data(sub.unit, sub.period)
    today = timezone.localdate()
    history = selectors.history_for_submission(data)
    page = Paginator(history, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/submission.html",
        _submission_context(request, data, today, history=page),
    )


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
    data = selectors.entry_data(sub.unit, sub.period)
    page = Paginator(selectors.history_for_submission(data), HISTORY_PAGE_SIZE).get_page(1)
    context = _submission_context(
        request,
        data,
        timezone.localdate(),
        history=page,
        return_form=form,
        comments_posted=comments,
    )
    return render(request, "indicators/submission.html", context, status=400)


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
    data = selectors.entry_data(sub.unit, sub.period)
    page = Paginator(selectors.history_for_submission(data), HISTORY_PAGE_SIZE).get_page(1)
    context = _submission_context(
        request, data, timezone.localdate(), history=page, reopen_form=form
    )
    return render(request, "indicators/submission.html", context, status=400)


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
    units = list(Unit.objects.filter(responsible_targets__plan=plan).distinct().order_by("name"))
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


# --- Periods ----------------------------------------------------------------------------------


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
                n_submitted=Count("submissions", filter=Q(submissions__status="submitted")),
                n_approved=Count("submissions", filter=Q(submissions__status="approved")),
                n_returned=Count("submissions", filter=Q(submissions__status="returned")),
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
    units = Unit.objects.filter(responsible_targets__plan=period.plan).distinct().order_by("name")
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
                        "date": cd["until"].strftime("%d.%m.%Y"),
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


def _safe_next(request: HttpRequest, default: str) -> str:
    """The form's `next` page if it is on this site, else `default` (no open redirect)."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@require_POST
def period_open(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_for_review(request, pk)
    services.period_open(user=request.user, period=period)
    messages.success(request, _("%(period)s is open for entry.") % {"period": period.label})
    return redirect(_safe_next(request, reverse("indicators:periods")))


@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_for_review(request, pk)
    services.period_close(user=request.user, period=period)
    messages.success(request, _("%(period)s is closed for entry.") % {"period": period.label})
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
                % {"period": period.label, "date": period.deadline.strftime("%d.%m.%Y")},
            )
    else:
        messages.error(request, _("New deadline: enter a valid date."))
    return redirect("indicators:period", period.pk)


# --- Evidence ---------------------------------------------------------------------------------


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, only for those who may read the unit's entries; always as a
    download, with the type found when it was uploaded."""
    evidence = _get_evidence_for_user(request, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
