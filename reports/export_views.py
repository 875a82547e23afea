"""Excel out: downloads of the results, the actual values and the plan's structure.

    GET reports/exports/          the page with the download forms
    GET reports/exports/results/  ?year=2025&period=H1|H2&format=xlsx|csv[&approved_only=1]
    GET reports/exports/plan/     the plan's structure (.xlsx)

Results are for those who read dashboards (strategy office, council members): the same
figures as the dashboards and `manage.py export_results`. The plan's structure is for every
logged-in user, as the plan pages are.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from goals import permissions
from goals.models import Plan
from reports import exports
from reports.results import parse_half, plan_results


def _plan(request: HttpRequest) -> Plan:
    plan_id = request.GET.get("plan", "")
    plans = Plan.objects.newest_first()
    plan = plans.filter(pk=plan_id).first() if plan_id.isdigit() else plans.first()
    if plan is None:
        raise Http404
    return plan


def _page(request: HttpRequest, plan: Plan, errors: list[str] | None = None) -> HttpResponse:
    return render(
        request,
        "reports/exports.html",
        {
            "plan": plan,
            "years": plan.years,
            "can_results": permissions.can_read_dashboards(request.user),
            "errors": errors or [],
        },
        status=400 if errors else 200,
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if not Plan.objects.exists():
        return render(request, "no_plan.html", {"title": _("Exports")})
    return _page(request, _plan(request))


@require_GET
@permissions.dashboard_required
def results(request: HttpRequest) -> HttpResponse:
    """The period's actual values and computed results as .xlsx or CSV."""
    plan = _plan(request)
    errors = []
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    if year not in plan.years:
        errors.append(
            _("Choose a year of the plan (%(first)s–%(last)s).")
            % {"first": plan.start_year, "last": plan.end_year}
        )
    try:
        half = parse_half(request.GET.get("period", "H2"))
    except ValueError:
        errors.append(_("The period must be H1 or H2."))
    fmt = request.GET.get("format", "xlsx")
    if fmt not in ("xlsx", "csv"):
        errors.append(_("The format must be xlsx or csv."))
    if errors:
        return _page(request, plan, errors)
    figures = plan_results(plan, year, half, approved_only=bool(request.GET.get("approved_only")))
    if fmt == "csv":
        response = HttpResponse(exports.results_csv(figures), content_type=exports.CSV_CONTENT_TYPE)
    else:
        response = HttpResponse(
            exports.results_xlsx(figures), content_type=exports.XLSX_CONTENT_TYPE
        )
    filename = exports.results_filename(figures, fmt)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def plan_structure(request: HttpRequest) -> HttpResponse:
    plan = _plan(request)
    response = HttpResponse(exports.plan_xlsx(plan), content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{exports.plan_filename(plan)}"'
    return response
