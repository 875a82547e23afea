"""Each workflow event mails the right people in Turkish, with a link that opens the page."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from indicators import services
from indicators.models import ReviewComment
from notifications.models import Kind, MailStatus, Notification
from reports.models import Report, ReportStatus
from reports.services import report_publish
from tests.conftest import make_user
from tests.indicators.entry_support import submit
from tests.notifications.conftest import open_link

pytestmark = pytest.mark.usefixtures("h1_window")


@pytest.fixture
def people(mailbox, staff_user, other_staff_user, strategy_user, council_user):
    for user, address in (
        (staff_user, "ayse@kars.bel.tr"),
        (other_staff_user, "diger@kars.bel.tr"),
        (strategy_user, "strateji@kars.bel.tr"),
        (council_user, "meclis@kars.bel.tr"),
    ):
        user.email = address
        user.save()
    return staff_user


@pytest.fixture
def submitted(people, staff_user, unit, period, indicators, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return submit(staff_user, unit, period, indicators)


def test_submission_mails_the_strategy_office_with_a_link_to_review(
    submitted, mailbox, strategy_user, unit
):
    [mail] = mailbox.messages
    assert mail.recipients == ["strateji@kars.bel.tr"]
    assert mail.subject == f"{unit.name} · 2025-H1: girişler gönderildi"
    assert "incelemeniz için gönderdi" in mail.text
    assert unit.name in open_link(strategy_user, mail)


def test_return_mails_the_units_staff_the_reason_and_the_comments(
    submitted,
    mailbox,
    strategy_user,
    staff_user,
    indicators,
    unit,
    django_capture_on_commit_callbacks,
):
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_return(
            user=strategy_user,
            submission=submitted,
            reason="Kanıt belgesi eksik",
            comments={indicators[0].pk: "Oran yanlış hesaplanmış"},
        )
    [mail] = mailbox.messages
    assert mail.recipients == ["ayse@kars.bel.tr"]  # not another unit's staff
    assert mail.subject == f"{unit.name} · 2025-H1: girişler iade edildi"
    assert "Gerekçe: Kanıt belgesi eksik" in mail.text
    assert f"{indicators[0].code} {indicators[0].name}: Oran yanlış hesaplanmış" in mail.text
    assert "Oran yanlış hesaplanmış" in mail.html
    assert "Kanıt belgesi eksik" in open_link(staff_user, mail)
    assert ReviewComment.objects.count() == 1


def test_approval_and_reopening_mail_the_units_staff(
    submitted, mailbox, strategy_user, staff_user, unit, django_capture_on_commit_callbacks
):
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(user=strategy_user, submission=submitted)
    [approved] = mailbox.messages
    assert approved.recipients == ["ayse@kars.bel.tr"]
    assert approved.subject == f"{unit.name} · 2025-H1: girişler onaylandı"
    open_link(staff_user, approved)
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_reopen(user=strategy_user, submission=submitted, reason="Yazım hatası")
    reopened = mailbox.messages[1]
    assert reopened.recipients == ["ayse@kars.bel.tr"]
    assert reopened.subject == f"{unit.name} · 2025-H1: onaylanan girişler yeniden açıldı"
    assert "Gerekçe: Yazım hatası" in reopened.text
    assert "Yazım hatası" in open_link(staff_user, reopened)


def test_a_lock_exception_mails_the_units_staff_until_when(
    people, mailbox, strategy_user, staff_user, unit, period, django_capture_on_commit_callbacks
):
    import datetime as dt

    with django_capture_on_commit_callbacks(execute=True):
        services.lock_exception_create(
            user=strategy_user,
            period=period,
            unit=unit,
            reason="Sistem arızası",
            until=dt.date(2025, 7, 30),
        )
    [mail] = mailbox.messages
    assert mail.recipients == ["ayse@kars.bel.tr"]
    assert mail.subject == f"{unit.name} · 2025-H1: giriş 30.07.2025 tarihine kadar açıldı"
    assert "Sistem arızası" in mail.text
    open_link(staff_user, mail)


def test_publishing_a_report_mails_the_council_members(
    people,
    mailbox,
    plan,
    strategy_user,
    council_user,
    django_capture_on_commit_callbacks,
    settings,
    tmp_path,
):
    settings.MEDIA_ROOT = tmp_path
    report = Report(plan=plan, kind="izleme", year=2025, half=1, status=ReportStatus.DONE)
    report.pdf.save("izleme.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    report.xlsx.save("izleme.xlsx", ContentFile(b"PK"), save=False)
    report.save()
    with django_capture_on_commit_callbacks(execute=True):
        report_publish(report=report, user=strategy_user)
    [mail] = mailbox.messages
    assert mail.recipients == ["meclis@kars.bel.tr"]
    assert mail.subject == f"Rapor yayımlandı: {report.title}"
    assert report.title in open_link(council_user, mail)


def test_a_rolled_back_transition_records_and_sends_nothing(
    submitted, mailbox, strategy_user, django_capture_on_commit_callbacks
):
    from django.db import transaction

    mailbox.clear()
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                services.submission_approve(user=strategy_user, submission=submitted)
                raise RuntimeError("the request failed after the approval")
        except RuntimeError:
            pass
    assert callbacks == []
    assert mailbox.messages == []
    assert Notification.objects.count() == before


def test_a_retried_task_sends_nothing_twice(submitted, mailbox):
    from notifications.tasks import notification_mail_task

    [row] = Notification.objects.filter(kind=Kind.SUBMITTED)
    assert row.mail_status == MailStatus.SENT and row.mailed_at
    assert notification_mail_task.apply(args=[row.key]).get() == 0
    assert len(mailbox.messages) == 1


def test_turned_off_mails_are_not_sent_but_returns_are(
    submitted, mailbox, staff_user, strategy_user, django_capture_on_commit_callbacks
):
    from notifications.services import preferences_save

    preferences_save(user=staff_user, muted=[Kind.APPROVED, Kind.REOPENED, Kind.RETURNED])
    mailbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(user=strategy_user, submission=submitted)
        services.submission_reopen(user=strategy_user, submission=submitted, reason="Hata")
    # Approved is off; reopening cannot be turned off (nor can a return).
    assert [m.subject.split(": ")[1] for m in mailbox.messages] == [
        "onaylanan girişler yeniden açıldı"
    ]
    approved = Notification.objects.get(user=staff_user, kind=Kind.APPROVED)
    assert approved.mail_status == MailStatus.TURNED_OFF  # still shown in the app


def test_users_without_an_address_are_skipped_and_listed_for_the_strategy_office(
    people,
    mailbox,
    staff_user,
    strategy_user,
    unit,
    period,
    indicators,
    django_capture_on_commit_callbacks,
):
    from tests.conftest import logged_in

    second = make_user("birim2", "Birim Personeli", unit=unit, first_name="Veli")
    with django_capture_on_commit_callbacks(execute=True):
        s = submit(staff_user, unit, period, indicators)
        services.submission_approve(user=strategy_user, submission=s)
    assert [m.recipients for m in mailbox.messages if "onaylandı" in m.subject] == [
        ["ayse@kars.bel.tr"]
    ]
    skipped = Notification.objects.get(user=second, kind=Kind.APPROVED)
    assert skipped.mail_status == MailStatus.NO_ADDRESS
    page = logged_in(strategy_user).get("/").content.decode()
    assert "E-posta adresi olmayan kullanıcılar" in page and "birim2" in page
    assert "birim2" not in logged_in(staff_user).get("/").content.decode().split("Bildirimler")[0]


def test_broker_down_the_action_succeeds_and_beat_mails_it_later(
    submitted, strategy_user, mailbox, django_capture_on_commit_callbacks, monkeypatch
):
    """The event is committed before the mail task is sent: a broker that cannot be reached
    must not turn the reviewer's approval into a 500; the mail stays pending and the
    periodic task sends it."""
    from kombu.exceptions import OperationalError

    from notifications import tasks

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(tasks.notification_mail_task, "delay", broker_down)
    mailbox.clear()  # the submission's own mail
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_approve(user=strategy_user, submission=submitted)
    row = Notification.objects.get(kind=Kind.APPROVED)
    assert row.mail_status == MailStatus.PENDING and not mailbox.messages
    monkeypatch.undo()
    assert tasks.notifications_mail_pending_task() == len(mailbox.messages) >= 1
    assert Notification.objects.get(pk=row.pk).mail_status == MailStatus.SENT
    assert tasks.notifications_mail_pending_task() == 0  # nothing twice
