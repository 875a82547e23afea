"""The table of tests/test_access_matrix.py: every URL name, how to build its kwargs from a
small world, the method (and form data) and the status each role gets (DESIGN.md §7)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

ROLES = ("anonymous", "staff", "other_staff", "council", "strategy")
LOGIN = 302  # anonymous users are sent to the login page
IN_WINDOW = dt.datetime(2025, 7, 5, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=3)))


@dataclass
class World:
    """The objects the URLs point at: the staff user's unit owns `target` and `submission`."""

    plan: Any
    target: Any
    unit: Any
    period: Any
    submission: Any
    evidence: Any
    users: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Row:
    name: str
    kwargs: Callable[[World], dict]
    expect: dict[str, int]
    method: str = "get"
    data: Callable[[World], dict] | None = None
    label: str = ""

    @property
    def id(self) -> str:
        return f"{self.name}[{self.label or self.method.upper()}]"


def statuses(anonymous: int, staff: int, other_staff: int, council: int, strategy: int) -> dict:
    return dict(zip(ROLES, (anonymous, staff, other_staff, council, strategy), strict=True))


EVERYONE = statuses(LOGIN, 200, 200, 200, 200)
"""Plan pages: every logged-in user reads them."""
UNIT_SCOPED = statuses(LOGIN, 200, 404, 403, 200)
"""A unit's entries: its staff and the strategy office; another unit's staff 404; council 403."""
ENTRY = statuses(LOGIN, 200, 200, 403, 200)
"""Entry pages that are not about one object: staff and strategy office."""
ANYONE = statuses(200, 200, 200, 200, 200)
"""The password reset pages: anonymous users too."""
STRATEGY = statuses(LOGIN, 403, 403, 403, 200)
STRATEGY_ACTION = statuses(LOGIN, 403, 403, 403, 302)


def no_kwargs(w: World) -> dict:
    return {}


def entry_form(w: World) -> dict:
    from indicators.selectors import entry_data
    from indicators.views import EntryForms

    forms = EntryForms(entry_data(w.unit, w.period))
    data = {"action": "save"}
    for form in forms.all():
        for name in form.fields:
            if name not in ("files", "remove", "confirm"):
                value = form[name].value()
                data[form.add_prefix(name)] = "" if value is None else str(value)
    return data


def review_thread(w: World) -> Any:
    """The strategy office's comment thread on the submission (made once per world)."""
    from indicators.models import ReviewComment

    thread = ReviewComment.objects.filter(submission=w.submission, parent=None).first()
    if thread is None:
        thread = ReviewComment.objects.create(
            submission=w.submission,
            indicator=w.target.indicators.order_by("order").first(),
            text="Fatura ekleyin.",
            created_by=w.users["strategy"],
        )
    return thread


def archived(w: World, published: bool) -> Any:
    """A finished report with its files, published or not (made once per world)."""
    from django.core.files.base import ContentFile

    from reports.models import Report, ReportStatus

    report = Report.objects.filter(plan=w.plan, published=published).first()
    if report is None:
        report = Report(
            plan=w.plan,
            kind="izleme",
            year=2025,
            half=1,
            status=ReportStatus.DONE,
            published=published,
        )
        report.pdf.save("izleme-2025-h1.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        report.xlsx.save("izleme-2025-h1.xlsx", ContentFile(b"PK"), save=False)
        report.docx.save("izleme-2025-h1.docx", ContentFile(b"PK"), save=False)
        report.save()
    return report


ARCHIVE_PUBLISHED = statuses(LOGIN, 403, 403, 200, 200)
"""A published report: strategy office and council members; unit staff 403."""
ARCHIVE_UNPUBLISHED = statuses(LOGIN, 403, 403, 404, 200)
"""An unpublished report does not exist for council members (404)."""


def own_notification(w: World) -> dict:
    """A notification of the staff user: anyone else's request for it is a 404."""
    from notifications.services import Message, notifications_create

    notifications_create(
        message=Message(kind="approved", key="matrix", subject="Onaylandı", body="Metin"),
        users=[w.users["staff"]],
    )
    return {"pk": w.users["staff"].notifications.get(key="matrix").pk}


def public_on(w: World) -> dict:
    """The plan's public pages turned on (as the strategy office does at /acik/yonetim/)."""
    w.plan.public_pages = True
    w.plan.save()
    return {}


def published_period(w: World) -> dict:
    """Public pages on and 2025-H1 published (its figures frozen): the period's kwargs."""
    from reports.services import report_publish

    public_on(w)
    report_publish(report=archived(w, False), user=w.users["strategy"])
    return {"pk": w.plan.pk, "year": 2025, "half": 1}


def published_report_file(w: World) -> dict:
    published_period(w)
    return {"pk": w.plan.pk, "report_pk": archived(w, True).pk, "fmt": "pdf"}


PUBLIC = statuses(200, 200, 200, 200, 200)
"""The public pages (/acik/) of a plan whose public pages are on: everyone, no login."""
GONE = statuses(404, 404, 404, 404, 404)
"""The public pages of a plan whose public pages are off, or of a period not published."""


ROWS: list[Row] = [
    # karsplan
    Row("home", no_kwargs, EVERYONE),
    Row("healthz", no_kwargs, statuses(200, 200, 200, 200, 200)),
    # karsplan: the help pages ("Yardım"): the guide of every role, for every logged-in user
    Row("help", no_kwargs, EVERYONE),
    Row("help_role", lambda w: {"role": "birim-personeli"}, EVERYONE, label="birim-personeli"),
    Row("help_role", lambda w: {"role": "strateji-birimi"}, EVERYONE, label="strateji-birimi"),
    Row("help_role", lambda w: {"role": "meclis-uyesi"}, EVERYONE, label="meclis-uyesi"),
    Row("help_role", lambda w: {"role": "yok"}, statuses(LOGIN, 404, 404, 404, 404), label="404"),
    Row("login", no_kwargs, statuses(200, 302, 302, 302, 302)),
    Row("logout", no_kwargs, statuses(302, 302, 302, 302, 302), method="post"),
    # accounts: every user changes their password; the reset pages are open to everyone
    Row("password_change", no_kwargs, EVERYONE),
    Row("password_change_done", no_kwargs, EVERYONE),
    Row("password_reset", no_kwargs, ANYONE),
    Row(
        "password_reset",
        no_kwargs,
        statuses(302, 302, 302, 302, 302),  # → password_reset_done, whatever the address
        method="post",
        data=lambda w: {"email": "birim@example.org"},
    ),
    Row("password_reset_done", no_kwargs, ANYONE),
    Row(
        "password_reset_confirm",
        lambda w: {"uidb64": "MQ", "token": "forged-token"},
        ANYONE,  # the page says the link is invalid
    ),
    Row("password_reset_complete", no_kwargs, ANYONE),
    # accounts: the "Kullanıcılar" page, the strategy office only
    Row("accounts:users", no_kwargs, STRATEGY),
    Row("accounts:invite", no_kwargs, STRATEGY),
    Row(
        "accounts:invite",
        no_kwargs,
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"username": "yeni", "email": "yeni@example.org", "units": [w.unit.pk]},
    ),
    Row("accounts:user_units", lambda w: {"pk": w.users["other_staff"].pk}, STRATEGY),
    Row(
        "accounts:user_units",
        lambda w: {"pk": w.users["other_staff"].pk},
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"units": [w.unit.pk]},
    ),
    Row(
        "accounts:user_deactivate",
        lambda w: {"pk": w.users["other_staff"].pk},
        STRATEGY_ACTION,
        method="post",
    ),
    Row(
        "accounts:user_reactivate",
        lambda w: {"pk": w.users["other_staff"].pk},
        STRATEGY_ACTION,
        method="post",
    ),
    Row(
        "accounts:user_invite_again",
        lambda w: {"pk": w.users["other_staff"].pk},
        STRATEGY_ACTION,
        method="post",
    ),
    Row(
        "accounts:unlock",
        no_kwargs,
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"username": "birim"},
    ),
    Row("accounts:users", no_kwargs, statuses(LOGIN, 405, 405, 405, 405), method="delete"),
    # goals: the plan, readable by every logged-in user
    Row("goals:overview", no_kwargs, statuses(LOGIN, 302, 302, 302, 302)),  # one plan: redirect
    Row("goals:plan", lambda w: {"pk": w.plan.pk}, EVERYONE),
    Row("goals:aim", lambda w: {"pk": w.target.aim_id}, EVERYONE),
    Row("goals:target", lambda w: {"pk": w.target.pk}, EVERYONE),
    Row("goals:units", no_kwargs, EVERYONE),
    Row("goals:unit", lambda w: {"pk": w.unit.pk}, EVERYONE),
    # indicators: the indicator page (values shown only to those who may read them)
    Row("indicators:detail", lambda w: {"pk": w.target.indicators.first().pk}, EVERYONE),
    # indicators: entry
    Row("indicators:entry_index", no_kwargs, ENTRY),
    Row(
        "indicators:entry", lambda w: {"unit_pk": w.unit.pk, "period_pk": w.period.pk}, UNIT_SCOPED
    ),
    Row(
        "indicators:entry",
        lambda w: {"unit_pk": w.unit.pk, "period_pk": w.period.pk},
        # The submitted entry is frozen: the staff's save is refused (409), the page stays.
        statuses(LOGIN, 409, 404, 403, 409),
        method="post",
        data=entry_form,
    ),
    Row("indicators:submission", lambda w: {"pk": w.submission.pk}, UNIT_SCOPED),
    Row("indicators:evidence", lambda w: {"pk": w.evidence.pk}, UNIT_SCOPED),
    Row(
        "indicators:evidence_restore",
        lambda w: {"pk": w.evidence.pk},
        statuses(LOGIN, 403, 404, 403, 302),
        method="post",
    ),
    # indicators: review (strategy office)
    Row("indicators:review", no_kwargs, STRATEGY),
    Row(
        "indicators:submission_approve",
        lambda w: {"pk": w.submission.pk},
        STRATEGY_ACTION,
        method="post",
    ),
    Row("indicators:submission_approve", lambda w: {"pk": w.submission.pk}, STRATEGY),
    Row(
        "indicators:thread_reply",
        lambda w: {"pk": w.submission.pk, "thread_pk": review_thread(w).pk},
        statuses(LOGIN, 302, 404, 403, 302),
        method="post",
        data=lambda w: {"text": "Düzelttik."},
    ),
    Row(
        "indicators:thread_resolve",
        lambda w: {"pk": w.submission.pk, "thread_pk": review_thread(w).pk},
        STRATEGY_ACTION,
        method="post",
    ),
    Row(
        "indicators:submission_return",
        lambda w: {"pk": w.submission.pk},
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"reason": "Eksik"},
    ),
    Row(
        "indicators:submission_reopen",
        lambda w: {"pk": w.submission.pk},
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"reason": "Hata"},
    ),
    Row("indicators:periods", no_kwargs, STRATEGY),
    Row("indicators:period", lambda w: {"pk": w.period.pk}, STRATEGY),
    Row(
        "indicators:period",
        lambda w: {"pk": w.period.pk},
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"unit": w.unit.pk, "reason": "Arıza", "until": "2025-07-30"},
    ),
    Row("indicators:period_open", lambda w: {"pk": w.period.pk}, STRATEGY),  # confirmation
    Row("indicators:period_open", lambda w: {"pk": w.period.pk}, STRATEGY_ACTION, method="post"),
    Row("indicators:period_close", lambda w: {"pk": w.period.pk}, STRATEGY),  # confirmation
    Row("indicators:period_close", lambda w: {"pk": w.period.pk}, STRATEGY_ACTION, method="post"),
    Row(
        "indicators:period_calendar",
        lambda w: {"pk": w.period.pk},
        STRATEGY_ACTION,
        method="post",
    ),
    Row(
        "indicators:period_extend",
        lambda w: {"pk": w.period.pk},
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"deadline": "2025-08-01"},
    ),
    # reports: dashboards, read only: strategy office and council members see every unit,
    # unit staff their own units' (another unit's target or indicator is a 404)
    Row("reports:dashboard", no_kwargs, statuses(LOGIN, 302, 302, 302, 302)),  # → overview
    Row("reports:overview", lambda w: {"pk": w.plan.pk}, statuses(LOGIN, 200, 200, 200, 200)),
    Row(
        "reports:overview",
        lambda w: {"pk": w.plan.pk},
        statuses(LOGIN, 405, 405, 405, 405),
        method="post",
    ),
    Row("reports:units", lambda w: {"pk": w.plan.pk}, statuses(LOGIN, 200, 200, 200, 200)),
    Row("reports:problems", lambda w: {"pk": w.plan.pk}, statuses(LOGIN, 200, 200, 200, 200)),
    # the other staff's unit has a target in this aim too
    Row("reports:aim", lambda w: {"pk": w.target.aim_id}, statuses(LOGIN, 200, 200, 200, 200)),
    Row(
        "reports:aim",
        lambda w: {"pk": w.plan.aims.exclude(pk=w.target.aim_id).get().pk},
        statuses(LOGIN, 404, 404, 200, 200),
        label="no target of theirs",
    ),
    Row("reports:target", lambda w: {"pk": w.target.pk}, statuses(LOGIN, 200, 404, 200, 200)),
    Row(
        "reports:indicator",
        lambda w: {"pk": w.target.indicators.first().pk},
        statuses(LOGIN, 200, 404, 200, 200),
    ),
    # Excel in (data/): unit staff and the strategy office; council members 403
    Row("spreadsheets:index", no_kwargs, ENTRY),
    Row(
        "spreadsheets:template",
        no_kwargs,
        UNIT_SCOPED,
        data=lambda w: {"period": w.period.pk, "unit": w.unit.pk},
        label="unit",
    ),
    Row(
        "spreadsheets:template",
        no_kwargs,
        statuses(LOGIN, 403, 403, 403, 200),
        data=lambda w: {"period": w.period.pk, "unit": "all"},
        label="all units",
    ),
    # A row equal to what is saved: the owner sees the preview; another unit's staff get the
    # row refused (400); nothing is written either way.
    Row(
        "spreadsheets:upload",
        no_kwargs,
        statuses(LOGIN, 200, 400, 403, 200),
        method="post",
        data=lambda w: {
            "file": SimpleUploadedFile(
                "x.csv", f"Hedef,Sıra,Dönem,Değer\n{w.target.code},1,2025-H1,40\n".encode()
            )
        },
    ),
    Row("spreadsheets:upload", no_kwargs, statuses(LOGIN, 405, 405, 405, 405), label="GET"),
    Row(
        "spreadsheets:confirm",
        no_kwargs,
        statuses(LOGIN, 302, 302, 403, 302),
        method="post",
        data=lambda w: {"token": "forged"},
    ),
    Row(
        "spreadsheets:cancel",
        no_kwargs,
        statuses(LOGIN, 302, 302, 403, 302),
        method="post",
        data=lambda w: {"token": "forged"},
    ),
    # Excel out (reports/exports/): results for dashboard readers, the plan for everyone
    Row("exports:index", no_kwargs, EVERYONE),
    Row(
        "exports:results",
        no_kwargs,
        statuses(LOGIN, 403, 403, 200, 200),
        data=lambda w: {"year": "2025", "period": "H1", "format": "xlsx"},
    ),
    Row("exports:plan", no_kwargs, EVERYONE),
    # reports/archive/: the report archive; council members see published reports only
    Row("archive:list", no_kwargs, ARCHIVE_PUBLISHED),
    Row(
        "archive:generate",
        no_kwargs,
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"plan": w.plan.pk, "kind": "izleme", "year": "2025", "period": "1"},
    ),
    Row("archive:generate", no_kwargs, statuses(LOGIN, 405, 405, 405, 405), label="GET"),
    Row("archive:status", no_kwargs, ARCHIVE_PUBLISHED),
    Row(
        "archive:detail",
        lambda w: {"pk": archived(w, False).pk},
        ARCHIVE_UNPUBLISHED,
        label="unpublished",
    ),
    Row(
        "archive:detail",
        lambda w: {"pk": archived(w, True).pk},
        ARCHIVE_PUBLISHED,
        label="published",
    ),
    Row(
        "archive:pdf",
        lambda w: {"pk": archived(w, False).pk},
        ARCHIVE_UNPUBLISHED,
        label="unpublished",
    ),
    Row(
        "archive:pdf", lambda w: {"pk": archived(w, True).pk}, ARCHIVE_PUBLISHED, label="published"
    ),
    Row(
        "archive:xlsx",
        lambda w: {"pk": archived(w, False).pk},
        ARCHIVE_UNPUBLISHED,
        label="unpublished",
    ),
    Row(
        "archive:xlsx", lambda w: {"pk": archived(w, True).pk}, ARCHIVE_PUBLISHED, label="published"
    ),
    Row(
        "archive:docx",
        lambda w: {"pk": archived(w, False).pk},
        ARCHIVE_UNPUBLISHED,
        label="unpublished",
    ),
    Row(
        "archive:docx", lambda w: {"pk": archived(w, True).pk}, ARCHIVE_PUBLISHED, label="published"
    ),
    Row(
        "archive:front_matter",
        lambda w: {"pk": archived(w, False).pk},
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"assessment": "Değerlendirme metni", "council_decision_number": "12"},
    ),
    Row(
        "archive:front_matter",
        lambda w: {"pk": archived(w, False).pk},
        statuses(LOGIN, 405, 405, 405, 405),
        label="GET",
    ),
    Row(
        "archive:logo",
        no_kwargs,
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"plan": w.plan.pk},
    ),
    Row("archive:logo", no_kwargs, statuses(LOGIN, 405, 405, 405, 405), label="GET"),
    Row("archive:cancel", lambda w: {"pk": archived(w, False).pk}, STRATEGY_ACTION, method="post"),
    Row("archive:publish", lambda w: {"pk": archived(w, False).pk}, STRATEGY_ACTION, method="post"),
    Row(
        "archive:unpublish", lambda w: {"pk": archived(w, True).pk}, STRATEGY_ACTION, method="post"
    ),
    # public (/acik/): everyone when the plan's public pages are on, nobody when off
    Row("public:index", public_on, PUBLIC, label="on"),
    Row("public:index", no_kwargs, GONE, label="off"),
    Row("public:plan", lambda w: {"pk": w.plan.pk, **public_on(w)}, PUBLIC, label="on"),
    Row("public:plan", lambda w: {"pk": w.plan.pk}, GONE, label="off"),
    Row("public:plan", lambda w: {"pk": w.plan.pk}, statuses(405, 405, 405, 405, 405), "post"),
    Row("public:period", published_period, PUBLIC, label="published"),
    Row(
        "public:period",
        lambda w: {"pk": w.plan.pk, "year": 2025, "half": 2, **public_on(w)},
        GONE,
        label="unpublished",
    ),
    Row("public:data_json", published_period, PUBLIC),
    Row("public:data_csv", published_period, PUBLIC),
    Row("public:schema", no_kwargs, PUBLIC),
    Row(
        "public:report_file",
        published_report_file,
        PUBLIC,
        label="published",
    ),
    Row(
        "public:report_file",
        lambda w: {
            "pk": w.plan.pk,
            "report_pk": archived(w, False).pk,
            "fmt": "pdf",
            **public_on(w),
        },
        GONE,
        label="unpublished",
    ),
    Row("public:manage", no_kwargs, STRATEGY),
    Row(
        "public:manage",
        no_kwargs,
        STRATEGY_ACTION,
        method="post",
        data=lambda w: {"plan": w.plan.pk, "enabled": "1"},
    ),
    # notifications: each user's own
    Row(
        "notifications:read",
        own_notification,
        statuses(LOGIN, 302, 404, 404, 404),
        method="post",
    ),
    Row("notifications:read", own_notification, statuses(LOGIN, 405, 405, 405, 405), label="GET"),
    Row("notifications:read_all", no_kwargs, statuses(LOGIN, 302, 302, 302, 302), method="post"),
    Row("notifications:preferences", no_kwargs, EVERYONE),
    Row(
        "notifications:preferences",
        no_kwargs,
        statuses(LOGIN, 302, 302, 302, 302),
        method="post",
        data=lambda w: {},
    ),
]
