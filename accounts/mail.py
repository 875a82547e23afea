"""The set-password mails: password reset and invitation, with absolute links from SITE_URL.

Both reuse Django's password-reset machinery (``PasswordResetForm.send_mail`` and the
``default_token_generator``); a link works once, until the password changes, and for
``PASSWORD_RESET_TIMEOUT`` seconds.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

RESET_TEMPLATES = {
    "subject_template_name": "accounts/mail/password_reset_subject.txt",
    "email_template_name": "accounts/mail/password_reset.txt",
    "html_email_template_name": "accounts/mail/password_reset.html",
}
INVITATION_TEMPLATES = {
    "subject_template_name": "accounts/mail/invitation_subject.txt",
    "email_template_name": "accounts/mail/invitation.txt",
    "html_email_template_name": "accounts/mail/invitation.html",
}


def site_link_parts() -> dict[str, Any]:
    """``protocol`` and ``domain`` of SITE_URL, as Django's reset mail templates use them."""
    parts = urlsplit(settings.SITE_URL)
    return {"protocol": parts.scheme or "http", "domain": parts.netloc, "site_name": "Karsplan"}


class SitePasswordResetForm(PasswordResetForm):
    """Django's reset form whose link uses SITE_URL's scheme and host, never the request's."""

    def save(self, **kwargs: Any) -> None:
        site = site_link_parts()
        kwargs["domain_override"] = site["domain"]
        kwargs["use_https"] = site["protocol"] == "https"
        kwargs["extra_email_context"] = {**(kwargs.get("extra_email_context") or {}), **site}
        super().save(**kwargs)


def invitation_send(*, user: Any, invited_by: Any) -> None:
    """Mail `user` a link to set their first password (raises when the SMTP server refuses)."""
    context = {
        "email": user.email,
        "user": user,
        "invited_by": invited_by,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
        **site_link_parts(),
    }
    SitePasswordResetForm().send_mail(
        context=context,
        from_email=None,
        to_email=user.email,
        **INVITATION_TEMPLATES,
    )
