"""The period entry of a unit (the form, its conflicts and problems) and the entry index."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections import Counter
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from goals import permissions
from goals.models import Unit
from indicators import selectors, services
from indicators.entry_rules import EntryRow, indicator_message, period_result, row_entry_hint
from indicators.forms import (
    ActualRowForm,
    AmountForm,
    ReviewForm,
    digest,
    norm_number,
)
from indicators.models import (
    EXPENDITURE_FIELDS,
)
from indicators.statuses import status_label
from indicators.views.common import _current_plan, _get_entry_for_user


def _row_labels(data: selectors.EntryData) -> dict[int, str]:
    """Each row's accessible name: target, code and name ("H1.5 · P.G. 1.5.1 Gösterge"), with
    its order when two rows of a target would read the same (codes repeat inside a target)."""
    names = {i.pk: f"{i.target.code} · {i.code} {i.name}" for i in data.indicators}
    seen = Counter(names.values())
    return {
        i.pk: names[i.pk] if seen[names[i.pk]] == 1 else f"{names[i.pk]} ({i.order})"
        for i in data.indicators
    }


class EntryForms:
    """The bound or unbound forms of an entry page, keyed as the page needs them. Every field
    has a name of its own for assistive technologies: the row's or the target's name, then the
    field's ("H1.5 · P.G. 1.5.1 Gösterge – Değer", "H1.5 – Yürütülen faaliyetler")."""

    def __init__(self, data: selectors.EntryData, post: Any = None, files: Any = None) -> None:
        half = data.period.half
        labels = _row_labels(data)
        self.rows: dict[int, ActualRowForm] = {}
        for ind in data.due_indicators():
            self.rows[ind.pk] = ActualRowForm(
                post,
                files,
                prefix=f"i{ind.pk}",
                actual=data.actuals.get(ind.pk),
                label=labels[ind.pk],
            )
            picker = self.rows[ind.pk].fields["files"].widget
            picker.attrs = {
                **picker.attrs,
                "accept": ",".join(services.EVIDENCE_SUFFIXES),
                "data-max-bytes": str(services.EVIDENCE_MAX_BYTES),
            }
        self.reviews: dict[int, ReviewForm] = {
            t.pk: ReviewForm(post, prefix=f"t{t.pk}", review=data.reviews.get(t.pk), half=half)
            for t in data.targets
        }
        self.amounts: dict[tuple[int, str], AmountForm] = {}
        key, label = selectors.EXPENDITURE, EXPENDITURE_FIELDS[0][1]
        stored = data.amounts.get(key, {})
        for t in data.targets:
            self.amounts[(t.pk, key)] = AmountForm(
                post, prefix=f"t{t.pk}-{key}", stored=stored.get(t.pk), label=label
            )
        for t in data.targets:
            for form in (self.reviews[t.pk], self.amounts[(t.pk, key)]):
                for bound in form.visible_fields():
                    widget = bound.field.widget
                    widget.attrs = {**widget.attrs, "aria-label": f"{t.code} – {bound.label}"}

    def all(self) -> list[Any]:
        return [*self.rows.values(), *self.reviews.values(), *self.amounts.values()]


def _refresh_untouched(post: QueryDict, forms: EntryForms, data: selectors.EntryData) -> None:
    """Show the saved values again in the rows the user did not touch (someone else may have
    changed them meanwhile); touched rows keep the user's input."""
    for pk, form in forms.rows.items():
        if form.is_valid() and not form.touched():
            fresh = ActualRowForm(prefix=form.prefix, actual=data.actuals.get(pk))
            for name in ("value", "explanation", "deviation_reason", "version", "orig"):
                post[fresh.add_prefix(name)] = fresh.initial.get(name, "")
            if fresh.initial.get("no_data"):
                post[fresh.add_prefix("no_data")] = "on"
            else:
                post.pop(fresh.add_prefix("no_data"), None)


def _patch_conflicts(post: QueryDict, result: services.EntryResult) -> None:
    """After a conflict the page shows the saved values beside the user's input; the row's
    version and fingerprint become the saved ones, so that saving again replaces them
    deliberately."""
    for c in result.conflicts:
        if c.scope == "indicator":
            prefix = f"i{c.key}"
            cur = c.current
            post[f"{prefix}-orig"] = ActualRowForm.row_digest(
                cur.get("value"),
                cur.get("explanation", ""),
                cur.get("deviation_reason", ""),
                bool(cur.get("no_data")),
            )
        elif c.field == "review":
            prefix = f"t{c.key}"
            half = int(post.get("half") or 1)
            post[f"{prefix}-orig"] = digest(
                *[c.current.get(n, "") for n in ReviewForm.text_fields(half)]
            )
        else:
            prefix = f"t{c.key}-{c.field}"
            post[f"{prefix}-orig"] = digest(norm_number(c.current.get("amount")))
        post[f"{prefix}-version"] = str(c.version)


def _collect(forms: EntryForms) -> tuple[list[EntryRow], list[dict], dict[str, list], list[str]]:
    """Turn the touched rows into the service's input; a form that does not bind (a forged
    version) is reported."""
    rows: list[EntryRow] = []
    reviews: list[dict] = []
    amounts: dict[str, list] = {}
    broken: list[str] = []
    for pk, form in forms.rows.items():
        if not form.is_valid():
            broken.append(form.prefix)
            continue
        if not form.touched():
            continue
        cd = form.cleaned_data
        rows.append(
            EntryRow(
                indicator_id=pk,
                value=cd["value"],
                explanation=cd["explanation"],
                deviation_reason=cd["deviation_reason"],
                version=cd["version"] if cd["version"] is not None else 0,
                confirmed=cd["confirm"],
                no_data=cd["no_data"],
                files=cd["files"],
                remove_evidence=cd["remove"],
            )
        )
    for pk, form in forms.reviews.items():
        if not form.is_valid():
            broken.append(form.prefix)
            continue
        if not form.touched():
            continue
        cd = form.cleaned_data
        review = {name: cd.get(name, "") for name in ReviewForm.text_fields(form.half)}
        review.update(target_id=pk, version=cd["version"] if cd["version"] is not None else 0)
        reviews.append(review)
    for (pk, key), form in forms.amounts.items():
        if not form.is_valid():
            broken.append(form.prefix)
            continue
        if not form.touched():
            continue
        cd = form.cleaned_data
        version = cd["version"] if cd["version"] is not None else 0
        amounts.setdefault(key, []).append(services.AmountRow(pk, cd["amount"], version))
    return rows, reviews, amounts, broken


def _attach_problems(forms: EntryForms, result: services.EntryResult) -> None:
    for p in result.errors:
        form = _form_for(forms, p)
        if form is not None:
            form.problems.append(p)
            name = {"expenditure": "amount"}.get(p.field, p.field)
            if name in form.fields:
                widget = form.fields[name].widget
                widget.attrs = {**widget.attrs, "aria-invalid": "true"}
    for p in result.warnings:
        form = _form_for(forms, p)
        if form is not None:
            form.warnings.append(p)
    for p in result.conflicts:
        form = _form_for(forms, p)
        if form is not None:
            form.conflict = p


def _form_for(forms: EntryForms, problem: Any) -> Any:
    if problem.scope == "indicator":
        return forms.rows.get(problem.key)
    if problem.scope == "target":
        if problem.field in ("review", "target") or problem.field in ReviewForm.base_fields:
            return forms.reviews.get(problem.key)
        return forms.amounts.get((problem.key, problem.field))
    return None


def _entry_groups(data: selectors.EntryData, forms: EntryForms) -> list[dict[str, Any]]:
    """Per target: its review and amount forms and its indicator rows, in the plan's order.

    Each row says what to enter (`measure_entry_hint`) and, for a saved value, its figures:
    the realization against the year-end target and the progress against what is expected
    by the period (equal at H2; the status comes from the progress, DESIGN.md §5)."""
    conf = selectors.computation_settings()
    period = data.period
    groups = []
    for target in data.targets:
        rows = []
        answered = due_count = 0
        for ind in target.entry_indicators:
            facts = data.facts[ind.pk]
            actual = data.actuals.get(ind.pk)
            due = ind.is_due_in_half(period.half)
            no_data = actual is not None and actual.no_data
            result = None
            if due and actual is not None and actual.value is not None:
                result = period_result(facts, actual.value, period.year, period.half, conf)
            if due:
                due_count += 1
                answered += actual is not None and (actual.value is not None or no_data)
            rows.append(
                {
                    "indicator": ind,
                    "facts": facts,
                    "form": forms.rows.get(ind.pk),
                    "actual": actual,
                    "value": actual.value if actual is not None else None,
                    "no_data": no_data,
                    "explanation": actual.explanation if actual is not None else "",
                    "deviation_reason": actual.deviation_reason if actual is not None else "",
                    "due": due,
                    "hint": row_entry_hint(ind.measure, ind.monitoring_frequency_months),
                    "planned": data.planned.get(ind.pk),
                    "earlier": data.earlier.get(ind.pk, [])[-4:],
                    "evidence": data.evidence.get(ind.pk, []),
                    "removed_evidence": data.removed_evidence.get(ind.pk, []),
                    "comments": data.comments.get(ind.pk, []),
                    "result": result,
                    "both_figures": result is not None and period.half == 1,
                    "status_label": status_label(result.status) if result else "",
                }
            )
        groups.append(
            {
                "target": target,
                "aim": target.aim,
                "review_form": forms.reviews[target.pk],
                "review": data.reviews.get(target.pk),
                "amount_forms": [f for (pk, _k), f in forms.amounts.items() if pk == target.pk],
                "rows": rows,
                "answered": answered,
                "due": due_count,
                "has_problems": any(
                    r["form"] is not None and (r["form"].problems or r["form"].conflict)
                    for r in rows
                ),
            }
        )
    return groups


def _entry_index(groups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's table of contents: aims, each with its targets (and how many rows of each
    are answered), for a unit with hundreds of indicators."""
    index: list[dict[str, Any]] = []
    for g in groups:
        if not index or index[-1]["aim"] != g["aim"]:
            index.append({"aim": g["aim"], "groups": []})
        index[-1]["groups"].append(g)
    return index


def _render_entry(
    request: HttpRequest,
    data: selectors.EntryData,
    forms: EntryForms,
    *,
    today: dt.date,
    result: services.EntryResult | None = None,
    locked_message: str = "",
    status: int = 200,
    restored: bool = False,
) -> HttpResponse:
    state = data.state(today)
    strategy = permissions.is_strategy(request.user)
    # A refused save because of a lock keeps the input on the page (to copy it elsewhere).
    editable = state.editable or (strategy and state.window_lock) or bool(locked_message)
    problems = []
    if result is not None:
        problems = [*result.errors, *result.conflicts, *result.warnings]
    groups = _entry_groups(data, forms)
    return render(
        request,
        "indicators/entry.html",
        {
            "data": data,
            "unit": data.unit,
            "period": data.period,
            "plan": data.period.plan,
            "state": state,
            "editable": editable,
            "strategy_override": strategy and not state.editable and state.window_lock,
            "groups": groups,
            "index": _entry_index(groups),
            "evidence_accept": ",".join(services.EVIDENCE_SUFFIXES),
            "evidence_max_bytes": services.EVIDENCE_MAX_BYTES,
            "evidence_types": services.evidence_types_text(),
            "is_strategy": strategy,
            # Input on the page that is not saved: leaving it asks first (entry.js).
            "unsaved": restored or bool(problems) or bool(locked_message),
            "forms": forms,
            "submission": data.submission,
            "problems": problems,
            "has_warnings": bool(result and result.warnings),
            "locked_message": locked_message,
        },
        status=status,
    )


RESTORE_KEY = "entry_unsaved"
"""The session key of an entry posted after the session expired (`_keep_unsaved`)."""
RESTORE_MAX_CHARS = 1_000_000
"""At most this much typed text is kept (an anonymous request writes it to the session)."""
ENTRY_FIELD = re.compile(r"[it]\d+-[a-z_]+(-[a-z_]+)?")
"""The names of the entry form's fields (`i12-value`, `t3-version`, `t3-expenditure-amount`)."""
RESTORE_MAX_AGE = dt.timedelta(hours=2)


def _keep_unsaved(request: HttpRequest) -> HttpResponse:
    """A save posted after the session expired: keep the typed values in the (new, anonymous)
    session and send the user to log in; back on the page, they are shown again
    (`_restored_post`). Django's login keeps the session's data. Files cannot be kept."""
    if request.method == "POST":
        fields = {k: request.POST.getlist(k) for k in request.POST if ENTRY_FIELD.fullmatch(k)}
        if sum(len(v) for values in fields.values() for v in values) <= RESTORE_MAX_CHARS:
            request.session[RESTORE_KEY] = {
                "path": request.path,
                "post": fields,
                "at": timezone.now().timestamp(),
            }
    return redirect_to_login(request.path)


def _restored_post(request: HttpRequest) -> QueryDict | None:
    """The values kept by `_keep_unsaved` for this page (once), as a form's data."""
    kept = request.session.get(RESTORE_KEY)
    if not kept or kept.get("path") != request.path:
        return None
    del request.session[RESTORE_KEY]
    if timezone.now().timestamp() - kept.get("at", 0) > RESTORE_MAX_AGE.total_seconds():
        return None  # typed long ago (or by someone else on this browser): not shown
    post = QueryDict(mutable=True)
    for key, values in kept.get("post", {}).items():
        post.setlist(key, [str(v) for v in values])
    return post


def _drop_refused_files(
    rows: list[EntryRow], data: selectors.EntryData
) -> tuple[list[EntryRow], list[str]]:
    """Take the files the rules refuse (`services.evidence_check`) out of the rows, so that
    the other files of the save are attached without being chosen again; returns the rows
    and one message per refused file, naming the indicator."""
    kept_rows, refused = [], []
    for row in rows:
        kept = []
        for upload in row.files:
            try:
                services.evidence_check(upload)
            except ValueError as exc:
                facts = data.facts[row.indicator_id]
                refused.append(
                    indicator_message(facts, "evidence", str(exc))
                    + " "
                    + _("It was not attached; the other files were.")
                )
            else:
                kept.append(upload)
        kept_rows.append(
            dataclasses.replace(row, files=kept) if len(kept) < len(row.files) else row
        )
    return kept_rows, refused


@login_not_required  # an expired session's save is kept for after the login (_keep_unsaved)
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, unit_pk: int, period_pk: int) -> HttpResponse:
    """A unit's entry for a period: every indicator it is responsible for, grouped by target,
    with one review and one expenditure per target. "Taslak kaydet" saves what is filled;
    "Gönder" saves and submits. A refused save shows the page again with the user's input;
    a save after the session expired shows it again after the login."""
    if not request.user.is_authenticated:
        return _keep_unsaved(request)
    unit, period = _get_entry_for_user(request, unit_pk, period_pk)
    today = timezone.localdate()
    data = selectors.entry_data(unit, period)
    if request.method != "POST":
        restored = _restored_post(request)
        if restored is not None:
            forms = EntryForms(data, restored)
            for form in forms.all():
                form.is_valid()
            messages.warning(
                request,
                _(
                    "Your session had expired, so nothing was saved. The values you typed are "
                    "back on the page (files must be chosen again): check them and save."
                ),
            )
            return _render_entry(request, data, forms, today=today, restored=True)
        return _render_entry(request, data, EntryForms(data), today=today)

    forms = EntryForms(data, request.POST, request.FILES)
    rows, reviews, amounts, broken = _collect(forms)
    submit = request.POST.get("action") == "submit"
    if broken:
        messages.error(request, _("The form was changed outside the page; open it again."))
        return redirect("indicators:entry", unit.pk, period.pk)
    rows, refused = _drop_refused_files(rows, data)
    for text in refused:
        messages.error(request, text)
    if refused and submit:
        submit = False
        messages.warning(
            request,
            _("The period was not submitted because a file was refused: check the files."),
        )
    try:
        result = services.entries_save(
            user=request.user,
            unit=unit,
            period=period,
            rows=rows,
            reviews=reviews,
            amounts=amounts,
            submit=submit,
            ignore_lock=permissions.is_strategy(request.user),
            today=today,
        )
    except services.EntryLocked as exc:
        return _render_entry(
            request, data, forms, today=today, locked_message=exc.message, status=409
        )
    if result.saved:
        if result.submitted:
            messages.success(
                request,
                _("The entries for %(period)s are submitted to the strategy office.")
                % {"period": period.label},
            )
        elif result.written or result.evidence:
            messages.success(request, _("Draft saved."))
        elif not result.removed:
            messages.info(request, _("Nothing changed; nothing was saved."))
        if result.removed:
            messages.success(
                request,
                ngettext(
                    "Removed %(count)s evidence file: %(names)s. The strategy office can "
                    "restore it until the period is approved.",
                    "Removed %(count)s evidence files: %(names)s. The strategy office can "
                    "restore them until the period is approved.",
                    len(result.removed),
                )
                % {"count": len(result.removed), "names": ", ".join(result.removed)},
            )
        return redirect("indicators:entry", unit.pk, period.pk)

    data = result.data or data
    post = request.POST.copy()
    post["half"] = str(period.half)
    _patch_conflicts(post, result)
    _refresh_untouched(post, forms, data)
    forms = EntryForms(data, post)
    for form in forms.all():
        form.is_valid()
    _attach_problems(forms, result)
    if any(r.files for r in rows):
        messages.warning(
            request,
            _("Nothing was saved, so the chosen files were not attached: choose them again."),
        )
    return _render_entry(
        request, data, forms, today=today, result=result, status=409 if result.conflicts else 200
    )


@require_GET
def entry_index(request: HttpRequest) -> HttpResponse:
    """The periods a unit can enter or has entered, with their status (newest first). The
    strategy office chooses the unit."""
    if not permissions.can_enter(request.user):
        raise PermissionDenied
    plan = _current_plan()
    today = timezone.localdate()
    if plan is None:
        return render(request, "indicators/entry_index.html", {"plan": None})
    units = Unit.objects.responsible_in(plan)
    if not permissions.is_strategy(request.user):
        units = units.filter(pk__in=permissions.unit_ids(request.user))
    units = list(units)
    chosen = units
    if permissions.is_strategy(request.user):
        try:
            unit_pk = int(request.GET.get("unit") or 0)
        except ValueError:
            unit_pk = 0
        chosen = [u for u in units if u.pk == unit_pk] or units[:1]
    tasks = selectors.unit_periods(units=chosen, plan=plan, today=today)
    return render(
        request,
        "indicators/entry_index.html",
        {"plan": plan, "units": units, "chosen": chosen, "tasks": tasks, "today": today},
    )
