"""The notifications of the logged-in user: mark read, and the mail preferences page."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from notifications import selectors, services
from notifications.forms import PreferencesForm
from notifications.models import Kind, Preference


@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read (another user's is a 404)."""
    marked = services.notification_mark_read(user=request.user, pk=pk)
    if not marked and not request.user.notifications.filter(pk=pk).exists():
        raise Http404
    return redirect("home")


@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    services.notification_mark_read(user=request.user)
    return redirect("home")


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """Every logged-in user: turn the optional mails of their role on or off."""
    optional, mandatory = selectors.kinds_for(request.user)
    saved = Preference.objects.filter(user=request.user).first()
    muted = saved.muted if saved else []
    data = request.POST if request.method == "POST" else None  # all unchecked: an empty POST
    form = PreferencesForm(data, kinds=optional, muted=muted)
    if request.method == "POST" and form.is_valid():
        services.preferences_save(user=request.user, muted=form.muted())
        messages.success(request, _("Your notification preferences were saved."))
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "mandatory": [Kind(k).label for k in mandatory],
            "has_email": bool((request.user.email or "").strip()),
        },
    )
