"""Writes on user accounts: invite unit staff, assign units, deactivate, unlock a login.

The strategy office calls them from the "Kullanıcılar" page; `goals.permissions` decides who
may (the views ask it first, and every service asks it again for the account it changes).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from axes.utils import reset as axes_reset
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from goals import permissions
from goals.models import Unit, UnitMembership

log = logging.getLogger(__name__)


def _check_unique(*, username: str, email: str) -> None:
    """Refuse a username or an e-mail address that another account has (any case), naming it."""
    users = get_user_model().objects
    errors: dict[str, str] = {}
    if users.filter(username__iexact=username).exists():
        errors["username"] = _("The username “%(username)s” is already taken.") % {
            "username": username
        }
    owner = users.filter(email__iexact=email).first() if email else None
    if owner is not None:
        errors["email"] = _("The address %(email)s already belongs to the user “%(username)s”.") % {
            "email": email,
            "username": owner.username,
        }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def user_invite(
    *,
    by: Any,
    username: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    units: Iterable[Unit],
) -> Any:
    """A new unit staff account with no usable password, member of `units`.

    The invitation mail (``accounts.mail.invitation_send``) lets the person set a password.
    """
    if not permissions.can_manage_users(by):
        raise ValidationError(_("You may not invite users."))
    username, email = username.strip(), email.strip()
    _check_unique(username=username, email=email)
    units = list(units)
    if not units:
        raise ValidationError({"units": _("Choose at least one unit.")})
    user = get_user_model()(
        username=username, email=email, first_name=first_name, last_name=last_name
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    user.groups.add(Group.objects.get_or_create(name=permissions.STAFF_GROUP)[0])
    UnitMembership.objects.bulk_create(UnitMembership(user=user, unit=unit) for unit in units)
    log.info("user %s invited by %s to %s", username, by, ", ".join(map(str, units)))
    return user


@transaction.atomic
def user_set_units(*, by: Any, user: Any, units: Iterable[Unit]) -> None:
    """`user` becomes a member of exactly `units`."""
    permissions.require_account_change(by, user)
    wanted = {unit.pk for unit in units}
    current = set(UnitMembership.objects.filter(user=user).values_list("unit_id", flat=True))
    UnitMembership.objects.filter(user=user, unit_id__in=current - wanted).delete()
    UnitMembership.objects.bulk_create(
        UnitMembership(user=user, unit_id=pk) for pk in sorted(wanted - current)
    )
    log.info("units of %s set to %s by %s", user, sorted(wanted), by)


@transaction.atomic
def user_set_active(*, by: Any, user: Any, active: bool) -> None:
    """Deactivate (no login, no mail, existing sessions end) or reactivate `user`."""
    permissions.require_account_change(by, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        log.info("user %s %s by %s", user, "reactivated" if active else "deactivated", by)


def login_unlock(*, by: Any, username: str) -> int:
    """Lift the login lockout of `username` (every address); the number of records removed."""
    if not permissions.can_manage_users(by):
        raise ValidationError(_("You may not unlock logins."))
    removed = axes_reset(username=username)
    log.info("login lockout of %s lifted by %s (%d records)", username, by, removed)
    return removed
