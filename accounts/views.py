"""The "Kullanıcılar" page: the strategy office lists accounts, invites unit staff, assigns
units, deactivates and reactivates accounts and lifts login lockouts (goals.permissions)."""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import selectors, services
from accounts.forms import InviteForm, UnitsForm, UnlockForm
from accounts.mail import invitation_send
from goals import permissions

log = logging.getLogger(__name__)
PAGE_SIZE = 50


@require_GET
@permissions.users_required
def users(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()
    page = Paginator(selectors.user_list(query), PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_roles(page.object_list)
    return render(
        request,
        "accounts/users.html",
        {"page": page, "query": query, "lockouts": selectors.lockouts()},
    )


def _send_invitation(request: HttpRequest, user) -> None:
    try:
        invitation_send(user=user, invited_by=request.user)
    except (smtplib.SMTPException, OSError):
        log.exception("invitation mail to %s failed", user.email)
        messages.error(
            request,
            _("The invitation mail to %(email)s could not be sent; try again later.")
            % {"email": user.email},
        )
    else:
        messages.success(request, _("An invitation was sent to %(email)s.") % {"email": user.email})


@require_http_methods(["GET", "POST"])
@permissions.users_required
def invite(request: HttpRequest) -> HttpResponse:
    form = InviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.user_invite(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _send_invitation(request, user)
            return redirect("accounts:users")
    return render(request, "accounts/invite.html", {"form": form})


def _account(request: HttpRequest, pk: int):
    account = get_object_or_404(get_user_model(), pk=pk)
    permissions.require_account_change(request.user, account)
    return account


@require_http_methods(["GET", "POST"])
@permissions.users_required
def user_units(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    initial = {"units": list(account.units.all())}
    form = UnitsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.user_set_units(by=request.user, user=account, units=form.cleaned_data["units"])
        messages.success(request, _("The units of %(user)s were saved.") % {"user": account})
        return redirect("accounts:users")
    return render(request, "accounts/user_units.html", {"account": account, "form": form})


@require_POST
@permissions.users_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    services.user_set_active(by=request.user, user=account, active=False)
    messages.success(request, _("%(user)s can no longer log in.") % {"user": account})
    return redirect("accounts:users")


@require_POST
@permissions.users_required
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    account = _account(request, pk)
    services.user_set_active(by=request.user, user=account, active=True)
    messages.success(request, _("%(user)s can log in again.") % {"user": account})
    return redirect("accounts:users")


@require_POST
@permissions.users_required
def user_invite_again(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the set-password link again (the first one expired or got lost)."""
    account = _account(request, pk)
    if not account.is_active or not account.email:
        messages.error(request, _("Only an active account with an e-mail address is invited."))
    else:
        _send_invitation(request, account)
    return redirect("accounts:users")


@require_POST
@permissions.users_required
def unlock(request: HttpRequest) -> HttpResponse:
    form = UnlockForm(request.POST)
    if form.is_valid():
        username = form.cleaned_data["username"]
        services.login_unlock(by=request.user, username=username)
        messages.success(request, _("%(username)s may log in again.") % {"username": username})
    return redirect("accounts:users")


def lockout_response(request: HttpRequest, original_response=None, credentials=None):
    """What a locked-out login gets (AXES_LOCKOUT_CALLABLE): a Turkish page, status 429."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": max(1, round(cooloff.total_seconds() / 60)) if cooloff else None,
    }
    return render(request, "registration/locked_out.html", context, status=429)
