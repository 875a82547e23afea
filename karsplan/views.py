from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from goals.models import Plan
from indicators.selectors import home_panels
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
