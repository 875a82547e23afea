"""Excel in: the entry template, the upload with its dry run, and the confirmation.

    GET  data/                    the page: template download and upload forms
    GET  data/template/           the .xlsx template for a period and a unit (or all units)
    POST data/import/             upload → dry run → preview (nothing is written)
    POST data/import/confirm/     re-validate the stored file and write it in one transaction
    POST data/import/cancel/      forget the stored file

Between the dry run and the confirmation the file waits in MEDIA_ROOT/imports/ under a
random name; the confirmation form carries a signed token (file name, user, SHA-256 of the
content, preview digest) valid for an hour. The confirmation re-reads and re-validates the
file and refuses if anything it would write differs from the preview the user saw.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from goals import permissions
from goals.models import Plan, Unit
from indicators import spreadsheets
from indicators.models import Period, Submission, SubmissionStatus

TOKEN_SALT = "karsplan.spreadsheets.import"
TOKEN_MAX_AGE = 60 * 60
"""Seconds between the dry run and the confirmation."""
STALE_AFTER = 24 * 60 * 60
"""Stored uploads older than this are deleted at the next upload."""
NEXT_STEPS_KEY = "spreadsheets.next_steps"
"""Session key: after a saved import, the (unit, period) entries still to submit."""


def _imports_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _plan(request: HttpRequest) -> Plan:
    plan_id = request.POST.get("plan") or request.GET.get("plan")
    plans = Plan.objects.newest_first()
    plan = plans.filter(pk=plan_id).first() if plan_id and plan_id.isdigit() else plans.first()
    if plan is None:
        raise Http404
    return plan


def _units_for(user: Any) -> list[Unit]:
    units = Unit.objects.order_by("name")
    if permissions.is_strategy(user):
        return list(units)
    return list(units.filter(pk__in=permissions.unit_ids(user)))


def _default_period(periods: list[Period]) -> Period | None:
    """The period whose entry window is open today, else the latest that has ended."""
    from django.utils import timezone

    today = timezone.localdate()
    open_now = [p for p in periods if p.is_open_on(today)]
    if open_now:
        return open_now[-1]
    ended = [p for p in periods if p.ends_on < today]
    return ended[-1] if ended else (periods[0] if periods else None)


def _page(request: HttpRequest, plan: Plan, errors: list[str] | None = None) -> HttpResponse:
    periods = list(Period.objects.filter(plan=plan).order_by("year", "half"))
    default = _default_period(periods)
    return render(
        request,
        "indicators/import_index.html",
        {
            "plan": plan,
            "next_steps": request.session.pop(NEXT_STEPS_KEY, []),
            "periods": periods,
            "default_period": default,
            "units": _units_for(request.user),
            "strategy": permissions.is_strategy(request.user),
            "errors": errors or [],
            "max_mb": spreadsheets.MAX_BYTES // (1024 * 1024),
        },
        status=400 if errors else 200,
    )


@require_GET
@permissions.staff_or_strategy_required
def index(request: HttpRequest) -> HttpResponse:
    if not Plan.objects.exists():
        return render(request, "no_plan.html", {"title": _("Excel import")})
    return _page(request, _plan(request))


@require_GET
@permissions.staff_or_strategy_required
def template(request: HttpRequest) -> HttpResponse:
    """The .xlsx template of a period for one unit, or for all units (strategy office)."""
    plan = _plan(request)
    period_id = request.GET.get("period", "")
    if not period_id.isdigit():
        raise Http404
    period = get_object_or_404(Period, pk=period_id, plan=plan)
    unit_id = request.GET.get("unit", "")
    if unit_id == "all":
        if not permissions.is_strategy(request.user):
            raise PermissionDenied
        unit = None
    elif unit_id.isdigit():
        unit = get_object_or_404(Unit, pk=unit_id)
        if not permissions.can_access_unit(request.user, unit.pk):
            raise Http404
    else:
        raise Http404
    content = spreadsheets.template_build(plan=plan, period=period, unit=unit)
    response = HttpResponse(content, content_type=spreadsheets.XLSX_CONTENT_TYPE)
    filename = spreadsheets.template_filename(period=period, unit=unit)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cleanup() -> None:
    limit = time.time() - STALE_AFTER
    for path in _imports_dir().iterdir():
        try:
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink()
        except OSError:  # another request removed it first
            pass


def _store(data: bytes, kind: str) -> str:
    name = f"{secrets.token_hex(16)}.{kind}"
    (_imports_dir() / name).write_bytes(data)
    return name


def _token(
    request: HttpRequest, plan: Plan, stored: str, sheet: spreadsheets.Sheet, digest: str
) -> str:
    return signing.dumps(
        {
            "file": stored,
            "user": request.user.pk,
            "plan": plan.pk,
            "sha256": sheet.sha256,
            "name": sheet.name,
            "digest": digest,
        },
        salt=TOKEN_SALT,
    )


def _preview_page(
    request: HttpRequest,
    plan: Plan,
    preview: spreadsheets.Preview,
    token: str | None,
    notice: str | None = None,
    status: int = 200,
) -> HttpResponse:
    changes = preview.changes
    unchanged = [r for r in preview.rows if r.action == spreadsheets.Action.UNCHANGED]
    return render(
        request,
        "indicators/import_preview.html",
        {
            "plan": plan,
            "preview": preview,
            "changes": changes,
            "unchanged": unchanged,
            "counts": preview.counts,
            "token": token,
            "notice": notice,
        },
        status=status,
    )


def _rejected_page(
    request: HttpRequest, plan: Plan, name: str, issues: list[spreadsheets.Issue]
) -> HttpResponse:
    return render(
        request,
        "indicators/import_rejected.html",
        {"plan": plan, "name": name, "issues": issues},
        status=400,
    )


@require_POST
@permissions.staff_or_strategy_required
def upload(request: HttpRequest) -> HttpResponse:
    """Read the file, run the dry run and show the preview; store the file only if it can be
    imported."""
    plan = _plan(request)
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, plan, [_("Choose a file to upload.")])
    if upload.size > spreadsheets.MAX_BYTES:
        issue = spreadsheets.too_large(upload.size)
        return _rejected_page(request, plan, upload.name, [issue])
    data = upload.read()
    try:
        sheet = spreadsheets.sheet_read(name=upload.name, data=data)
    except spreadsheets.FileRejected as exc:
        return _rejected_page(request, plan, upload.name, exc.issues)
    preview = spreadsheets.import_preview(plan=plan, user=request.user, sheet=sheet)
    token = None
    if preview.ok and preview.changes:
        _cleanup()
        stored = _store(data, sheet.kind)
        token = _token(request, plan, stored, sheet, preview.digest)
    return _preview_page(request, plan, preview, token, status=200 if preview.ok else 400)


def _load_token(request: HttpRequest) -> tuple[dict, Path]:
    """The signed token of a dry run and its stored file; a bad, expired or foreign token
    or a file that changed is refused."""
    try:
        payload = signing.loads(
            request.POST.get("token", ""), salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE
        )
    except signing.SignatureExpired:
        raise ValidationError(_("The preview has expired: upload the file again."))
    except signing.BadSignature:
        raise ValidationError(_("The import could not be found: upload the file again."))
    if payload.get("user") != request.user.pk:
        raise ValidationError(_("The import could not be found: upload the file again."))
    name = str(payload.get("file", ""))
    path = _imports_dir() / Path(name).name
    if not path.is_file():
        raise ValidationError(_("The import could not be found: upload the file again."))
    if hashlib.sha256(path.read_bytes()).hexdigest() != payload.get("sha256"):
        raise ValidationError(_("The stored file has changed: upload the file again."))
    return payload, path


@require_POST
@permissions.staff_or_strategy_required
def confirm(request: HttpRequest) -> HttpResponse:
    """Re-validate the stored file and write it in one transaction through the services."""
    try:
        payload, path = _load_token(request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect("spreadsheets:index")
    plan = get_object_or_404(Plan, pk=payload["plan"])
    data = path.read_bytes()
    try:
        sheet = spreadsheets.sheet_read(name=payload["name"], data=data)
        result = spreadsheets.import_apply(
            plan=plan, user=request.user, sheet=sheet, expected_digest=payload["digest"]
        )
    except spreadsheets.FileRejected as exc:
        path.unlink(missing_ok=True)
        return _rejected_page(request, plan, payload["name"], exc.issues)
    except spreadsheets.ImportRefused as exc:
        preview = exc.preview
        token = None
        if preview.ok and preview.changes:
            token = _token(request, plan, path.name, preview.sheet, preview.digest)
        else:
            path.unlink(missing_ok=True)
        return _preview_page(
            request, plan, preview, token, notice=exc.reason, status=409 if preview.ok else 400
        )
    path.unlink(missing_ok=True)
    messages.success(
        request,
        _("The import is saved: %(created)s new, %(changed)s changed, %(unchanged)s unchanged.")
        % result.counts,
    )
    request.session[NEXT_STEPS_KEY] = _next_steps(result)
    return redirect("spreadsheets:index")


def _next_steps(preview: spreadsheets.Preview) -> list[dict[str, str]]:
    """The entry pages where the imported periods are submitted: one per (unit, period) of
    the file whose submission is still editable (none yet, draft or returned). 1 query."""
    groups = {(r.unit_id, r.period.pk): r for r in preview.rows}
    editable = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
    status = {
        (unit_id, period_id): value
        for unit_id, period_id, value in Submission.objects.filter(
            period_id__in={p for _u, p in groups}, unit_id__in={u for u, _p in groups}
        ).values_list("unit_id", "period_id", "status")
    }
    steps = [
        {
            "url": reverse("indicators:entry", args=[unit_id, period_id]),
            "unit": row.indicator.target.responsible_unit.name,
            "period": row.period.label,
        }
        for (unit_id, period_id), row in groups.items()
        if status.get((unit_id, period_id), SubmissionStatus.DRAFT) in editable
    ]
    return sorted(steps, key=lambda step: (step["period"], step["unit"]))


@require_POST
@permissions.staff_or_strategy_required
def cancel(request: HttpRequest) -> HttpResponse:
    try:
        _payload, path = _load_token(request)
    except ValidationError:
        return redirect("spreadsheets:index")
    path.unlink(missing_ok=True)
    messages.info(request, _("The import was cancelled; nothing was saved."))
    return redirect("spreadsheets:index")
