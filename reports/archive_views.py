"""The report archive: generate, follow, preview, publish and download the official reports.

- strategy office: generates reports (kind, year, period), follows their progress, cancels a
  job, previews, publishes and unpublishes them, downloads every file;
- council members: list and download the published reports (an unpublished one is a 404);
- unit staff: 403 (`dashboard_required`); anonymous users: the login page.

Every download goes through `_get_report_for_user` and a FileResponse: report files are never
served from a public media URL.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from goals.models import Plan
from goals.permissions import dashboard_required, is_strategy, strategy_required
from reports import services
from reports.archive_forms import FrontMatterForm, LogoForm, PublishForm, ReportRequestForm
from reports.front_matter import report_front_matter, report_front_matter_save
from reports.logo import LOGO_MAX_BYTES, plan_logo_upload
from reports.models import PlanLogo, Report, ReportStatus

REPORTS_PER_PAGE = 20

CHANGE_LABELS = {
    "requested": gettext_lazy("Report requested"),
    "rendered": gettext_lazy("Job finished"),
    "failed": gettext_lazy("Job failed"),
    "swept": gettext_lazy("Job stopped without finishing"),
    "cancelled": gettext_lazy("Job cancelled"),
    "published": gettext_lazy("Report published"),
    "unpublished": gettext_lazy("Report unpublished"),
}

FRONT_HISTORY = 10
"""Versions of the assessment shown on the report page."""
"""The history's change reasons (written by reports.services) as users read them."""


def _plan(request: HttpRequest) -> Plan:
    """The plan chosen by `?plan=`, else the latest; 404 when there is none."""
    plans = Plan.objects.newest_first()
    plan_id = request.GET.get("plan") or request.POST.get("plan")
    plan = plans.filter(pk=plan_id).first() if plan_id and plan_id.isdigit() else plans.first()
    if plan is None:
        raise Http404(_("No plan has been loaded yet."))
    return plan


def _visible_reports(request: HttpRequest) -> QuerySet[Report]:
    """The reports the user may see: all for the strategy office, published ones otherwise."""
    reports = Report.objects.select_related("plan", "requested_by", "published_by")
    if is_strategy(request.user):
        return reports
    return reports.filter(published=True, status=ReportStatus.DONE)


def _get_report_for_user(request: HttpRequest, pk: int) -> Report:
    """The one access check of the archive: a report the user may not see is a 404."""
    report = _visible_reports(request).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def _list_page(
    request: HttpRequest, plan: Plan, form: ReportRequestForm | None, status: int = 200
) -> HttpResponse:
    swept = services.reports_fail_stale()  # before the rows are read
    reports = _visible_reports(request).filter(plan=plan)
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/archive/list.html",
        {
            "plan": plan,
            "plans": list(Plan.objects.newest_first()),
            "page": page,
            "form": form,
            "swept": swept,
            "can_manage": is_strategy(request.user),
        },
        status=status,
    )


@require_GET
@dashboard_required
def report_list(request: HttpRequest) -> HttpResponse:
    if not Plan.objects.exists():
        return render(request, "no_plan.html", {"title": _("Reports")})
    plan = _plan(request)
    # After "Oluştur" the form keeps the choices it was sent with (_list_url's query).
    initial = {k: request.GET[k] for k in ("kind", "year", "period") if request.GET.get(k)}
    form = ReportRequestForm(plan=plan, initial=initial) if is_strategy(request.user) else None
    return _list_page(request, plan, form)


@require_POST
@strategy_required
def report_generate(request: HttpRequest) -> HttpResponse:
    plan = _plan(request)
    form = ReportRequestForm(request.POST, plan=plan)
    if not form.is_valid():
        return _list_page(request, plan, form, status=400)
    try:
        report, queued = services.report_request(
            plan=plan,
            kind=form.cleaned_data["kind"],
            year=form.cleaned_data["year"],
            half=form.cleaned_data["period"],
            user=request.user,
            force=form.cleaned_data["force"],
        )
    except services.ReportError as exc:
        messages.error(request, str(exc))
        return redirect(_list_url(plan, form.cleaned_data))
    report.refresh_from_db()
    label = f"{report.title} · {report.period_label}"
    if queued and report.status == ReportStatus.DONE:  # rendered eagerly (no REDIS_URL)
        messages.success(request, _("%(report)s is ready.") % {"report": label})
    elif queued and report.status == ReportStatus.FAILED:
        messages.error(
            request, _("%(report)s: %(error)s") % {"report": label, "error": report.error}
        )
    elif queued:
        messages.success(
            request,
            _("%(report)s: the report is being prepared; this page shows its progress.")
            % {"report": label},
        )
    elif report.is_active:
        messages.info(
            request,
            _(
                "%(report)s is already being prepared; it was not queued again. Cancel that "
                "job to ask for a new one."
            )
            % {"report": label},
        )
    else:
        when = formats.date_format(timezone.localtime(report.finished_at), "SHORT_DATETIME_FORMAT")
        messages.info(
            request,
            _(
                "The data has not changed since %(report)s was rendered on %(when)s: the "
                "archived report is shown. Tick “Render anew” to render it again."
            )
            % {"report": label, "when": when},
        )
    return redirect(_list_url(plan, form.cleaned_data) + f"#report-{report.pk}")


def _list_url(plan: Plan, choices: dict | None = None) -> str:
    url = reverse("archive:list") + f"?plan={plan.pk}"
    if choices:
        kept = {k: choices[k] for k in ("kind", "year", "period") if choices.get(k)}
        url += "&" + urlencode(kept)
    return url


@require_GET
@dashboard_required
def report_status(request: HttpRequest) -> JsonResponse:
    """The live status of some reports (`?ids=1,2`), polled every 2 s by report-progress.js."""
    ids = [int(i) for i in request.GET.get("ids", "").split(",") if i.strip().isdigit()][:50]
    reports = _visible_reports(request).filter(pk__in=ids)
    return JsonResponse(
        {
            "reports": [
                {
                    "id": r.pk,
                    "status": r.status,
                    "status_label": str(r.get_status_display()),
                    "progress": r.progress,
                    "active": r.is_active,
                    "error": r.error,
                }
                for r in reports
            ]
        }
    )


@require_GET
@dashboard_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    history = (
        list(report.history.select_related("history_user").order_by("-history_date")[:20])
        if is_strategy(request.user)
        else []
    )
    for entry in history:
        entry.change_label = CHANGE_LABELS.get(entry.history_change_reason or "", "–")
    return _detail_page(request, report, history)


def _detail_page(
    request: HttpRequest,
    report: Report,
    history: list | None = None,
    front_form: FrontMatterForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_manage = is_strategy(request.user)
    front = report_front_matter(report) if can_manage else None
    front_history = (
        list(front.history.select_related("history_user").order_by("-history_date")[:FRONT_HISTORY])
        if front is not None
        else []
    )
    if can_manage and front_form is None:
        front_form = FrontMatterForm(
            initial={
                "assessment": front.assessment,
                "council_decision_date": front.council_decision_date,
                "council_decision_number": front.council_decision_number,
            }
            if front
            else None
        )
    logo = PlanLogo.objects.filter(plan=report.plan).first() if can_manage else None
    return render(
        request,
        "reports/archive/detail.html",
        {
            "report": report,
            "plan": report.plan,
            "can_manage": can_manage,
            "history": history or [],
            "front": front,
            "front_form": front_form,
            "front_history": front_history,
            "front_newer": bool(
                front and report.finished_at and front.updated_at > report.finished_at
            ),
            "logo": logo,
            "logo_form": LogoForm() if can_manage else None,
        },
        status=status,
    )


def _download(request: HttpRequest, pk: int, field: str) -> FileResponse:
    report = _get_report_for_user(request, pk)
    stored = getattr(report, field)
    if report.status != ReportStatus.DONE or not stored:
        raise Http404
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        raise Http404
    name = stored.name.rsplit("/", 1)[-1].split("-", 1)[-1]  # drop the random prefix
    inline = field == "pdf" and request.GET.get("inline") == "1"
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@dashboard_required
def report_pdf(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "pdf")


@require_GET
@dashboard_required
def report_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "xlsx")


@require_GET
@dashboard_required
def report_docx(request: HttpRequest, pk: int) -> FileResponse:
    return _download(request, pk, "docx")


@require_POST
@strategy_required
def report_front_matter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the assessment and the council decision of the report's (kind, period)."""
    report = _get_report_for_user(request, pk)
    form = FrontMatterForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, report, front_form=form, status=400)
    _row, changed = report_front_matter_save(
        report=report,
        assessment=form.cleaned_data["assessment"],
        council_decision_date=form.cleaned_data["council_decision_date"],
        council_decision_number=form.cleaned_data["council_decision_number"],
        user=request.user,
    )
    if changed:
        messages.success(
            request,
            _(
                "Saved. Render the report anew to print the new text; the files rendered "
                "before stay in the archive as they are."
            ),
        )
    else:
        messages.info(request, _("Nothing changed."))
    return redirect(report.get_absolute_url() + "#front-matter")


@require_POST
@strategy_required
def plan_logo(request: HttpRequest) -> HttpResponse:
    """Upload the plan's logo (checked: PNG or SVG, size, no script); back to the list."""
    plan = _plan(request)
    form = LogoForm(request.POST, request.FILES)
    back = request.POST.get("next", "")
    target = back if back.startswith("/reports/") else _list_url(plan)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("logo", [_("Choose a file.")])))
        return redirect(target)
    upload = form.cleaned_data["logo"]
    try:
        plan_logo_upload(
            plan=plan, name=upload.name, content=upload.read(LOGO_MAX_BYTES + 1), user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The logo is saved; reports rendered from now on print it on the cover.")
        )
    return redirect(target)


@require_POST
@strategy_required
def report_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """Cancel a queued or running job (it ends failed); back to the archive list."""
    report = _get_report_for_user(request, pk)
    label = f"{report.title} · {report.period_label}"
    if services.report_cancel(report=report, user=request.user):
        messages.success(request, _("%(report)s: the job was cancelled.") % {"report": label})
    else:
        messages.info(request, _("%(report)s: the job had already ended.") % {"report": label})
    return redirect(_list_url(report.plan) + f"#report-{report.pk}")


@require_POST
@strategy_required
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish(request, pk, True)


@require_POST
@strategy_required
def report_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _publish(request, pk, False)


def _publish(request: HttpRequest, pk: int, published: bool) -> HttpResponse:
    report = _get_report_for_user(request, pk)
    form = PublishForm(request.POST)
    confirm = form.is_valid() and form.cleaned_data["confirm_unapproved"]
    try:
        report = services.report_publish(
            report=report, user=request.user, published=published, confirm_unapproved=confirm
        )
    except services.ReportError as exc:
        messages.error(request, str(exc))
    else:
        label = f"{report.title} · {report.period_label}"
        if published:
            messages.success(
                request,
                _("%(report)s is published: council members can download it.") % {"report": label},
            )
        else:
            messages.success(request, _("%(report)s is no longer published.") % {"report": label})
    return redirect(report.get_absolute_url())
