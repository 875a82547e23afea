"""Evidence downloads, and the strategy office's restore of a removed file."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goals import permissions
from indicators import services
from indicators.views.common import _get_evidence_for_user


@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """An evidence file, only for those who may read the unit's entries; always as a
    download, with the type found when it was uploaded. A removed file (kept until the
    period is approved) only for the strategy office."""
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


@require_POST
def evidence_restore(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach a removed evidence file again (the strategy office), back to the entry page."""
    evidence = _get_evidence_for_user(request, pk)
    if not permissions.is_strategy(request.user):
        raise PermissionDenied
    actual = evidence.actual
    try:
        services.evidence_restore(user=request.user, evidence=evidence)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("%(name)s is attached again.") % {"name": evidence.original_name}
        )
    unit_pk = actual.indicator.target.responsible_unit_id
    return redirect("indicators:entry", unit_pk, actual.period_id)
