from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from goals import permissions
from goals.models import Plan
from indicators.selectors import home_panels
from karsplan.help import help_pages
from notifications.selectors import home_notifications


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The logged-in user's start page: the plan and what awaits them."""
    plan = Plan.objects.current()
    panels = home_panels(request.user, plan, timezone.localdate())
    notes = home_notifications(request.user)
    return render(request, "home.html", {"plan": plan, "panels": panels, "notes": notes})


@login_not_required
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness for the load balancer and compose: the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


@require_GET
def help_page(request: HttpRequest, role: str | None = None) -> HttpResponse:
    """The user guide for one role ("Yardım"); without a role, the user's own."""
    pages = help_pages()
    if role is None:
        if permissions.is_strategy(request.user):
            role = "strateji-birimi"
        elif permissions.is_council(request.user) and not permissions.is_unit_staff(request.user):
            role = "meclis-uyesi"
        else:
            role = "birim-personeli"
    page = pages.get(role)
    if page is None:
        raise Http404
    return render(request, "help.html", {"page": page, "pages": pages.values()})
