"""Deadline reminders: 7 and 2 days before, and the day after (late units and a summary)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from indicators.models import Submission, SubmissionStatus
from notifications.models import Kind, Notification
from notifications.services import preferences_save
from tests.notifications.conftest import open_link


@pytest.fixture
def people(mailbox, staff_user, other_staff_user, strategy_user, period, other_target):
    """Ayşe's unit has not submitted 2025-H1 (deadline 15.07.2025); the other unit submitted
    on time."""
    for user, address in (
        (staff_user, "ayse@kars.bel.tr"),
        (other_staff_user, "diger@kars.bel.tr"),
        (strategy_user, "strateji@kars.bel.tr"),
    ):
        user.email = address
        user.save()
    Submission.objects.create(
        unit=other_target.responsible_unit,
        period=period,
        status=SubmissionStatus.SUBMITTED,
        submitted_at=timezone.make_aware(dt.datetime(2025, 7, 10, 9)),
    )


def run(day: str, *extra: str) -> str:
    out = StringIO()
    call_command("send_reminders", "--date", day, *extra, stdout=out)
    return out.getvalue()


def test_reminders_seven_and_two_days_before_go_to_units_that_have_not_submitted(
    people, mailbox, staff_user, unit
):
    preferences_save(user=staff_user, muted=[Kind.DEADLINE_SOON])  # cannot be turned off
    output = run("2025-07-08")
    [mail] = mailbox.messages
    assert mail.recipients == ["ayse@kars.bel.tr"]
    assert mail.subject == "2025-H1: girişlerinizi göndermek için 7 gün kaldı"
    assert "15.07.2025" in mail.text and unit.name in mail.text
    assert unit.name in open_link(staff_user, mail)
    assert "gönderildi: ayse@kars.bel.tr" in output
    assert "08.07.2025: 1 hatırlatma gönderildi." in output

    assert run("2025-07-13") and mailbox.messages[1].subject == (
        "2025-H1: girişlerinizi göndermek için 2 gün kaldı"
    )
    assert run("2025-07-10").endswith("0 hatırlatma gönderildi.\n")  # nothing due that day


def test_running_twice_the_same_day_sends_nothing_the_second_time(people, mailbox):
    run("2025-07-08")
    assert len(mailbox.messages) == 1
    second = run("2025-07-08")
    assert len(mailbox.messages) == 1
    assert "0 hatırlatma gönderildi." in second
    assert Notification.objects.filter(kind=Kind.DEADLINE_SOON).count() == 1


def test_the_day_after_the_deadline_late_units_and_the_strategy_office_are_told(
    people, mailbox, staff_user, strategy_user, unit, other_target
):
    run("2025-07-16")
    by_address = {m.recipients[0]: m for m in mailbox.messages}
    assert set(by_address) == {"ayse@kars.bel.tr", "strateji@kars.bel.tr"}
    late = by_address["ayse@kars.bel.tr"]
    assert late.subject == "2025-H1: son tarih geçti"
    assert unit.name in open_link(staff_user, late)
    summary = by_address["strateji@kars.bel.tr"]
    assert summary.subject.startswith("2025-H1: ") and summary.subject.endswith("birim gecikti")
    assert f"- {unit.name}" in summary.text
    assert other_target.responsible_unit.name not in summary.text  # submitted on time
    assert unit.name in open_link(strategy_user, summary)
    run("2025-07-16")
    assert len(mailbox.messages) == 2


def test_dry_run_says_what_it_would_send_and_sends_nothing(people, mailbox):
    output = run("2025-07-16", "--dry-run")
    assert "gönderilecekti: ayse@kars.bel.tr" in output
    assert "gönderilecekti: strateji@kars.bel.tr" in output
    assert "(deneme)" in output
    assert mailbox.messages == [] and not Notification.objects.exists()


def test_users_without_an_address_are_named_in_the_output(people, mailbox, staff_user):
    staff_user.email = ""
    staff_user.save()
    output = run("2025-07-08")
    assert mailbox.messages == []
    assert "e-posta adresi yok: birim" in output
    assert Notification.objects.get(user=staff_user).subject  # still shown on the home page


def test_the_beat_task_runs_the_days_reminders(people, mailbox, settings):
    from notifications.tasks import reminders_send_task

    assert reminders_send_task.apply(args=["2025-07-08"]).get() == 1
    assert "send-reminders" in settings.CELERY_BEAT_SCHEDULE


def test_the_reminder_days_are_a_setting(people, mailbox, settings):
    settings.KARSPLAN = {**settings.KARSPLAN, "REMINDER_DAYS": [3]}
    run("2025-07-08")
    assert mailbox.messages == []
    run("2025-07-12")
    assert mailbox.messages[0].subject == "2025-H1: girişlerinizi göndermek için 3 gün kaldı"


def test_smtp_down_keeps_every_reminder_and_the_pending_task_mails_them_later(
    people, mailbox, settings
):
    """One SMTP failure must not lose the day's other reminders: all are recorded (pending)
    and `notifications_mail_pending_task` (beat, every 10 minutes) mails them once it is up."""
    from notifications.tasks import notifications_mail_pending_task
    from tests.mail_support import free_port

    working_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    run("2025-07-16")
    assert not mailbox.messages
    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {Kind.LATE, Kind.LATE_SUMMARY}  # the summary was recorded too
    assert notifications_mail_pending_task() == 0  # still down: nothing lost
    settings.EMAIL_PORT = working_port
    assert notifications_mail_pending_task() == 2
    assert {m.recipients[0] for m in mailbox.messages} == {
        "ayse@kars.bel.tr",
        "strateji@kars.bel.tr",
    }
    run("2025-07-16")
    assert len(mailbox.messages) == 2  # and never twice


def test_a_unit_that_submitted_late_is_in_the_summary_but_not_told_to_submit(
    people, mailbox, unit, period, staff_user
):
    Submission.objects.update_or_create(
        unit=unit,
        period=period,
        defaults={
            "status": SubmissionStatus.SUBMITTED,
            "submitted_at": timezone.make_aware(dt.datetime(2025, 7, 16, 7, 0)),
        },
    )
    run("2025-07-16")
    addresses = {m.recipients[0] for m in mailbox.messages}
    assert addresses == {"strateji@kars.bel.tr"}  # no "submit as soon as possible" to ayse
    [summary] = mailbox.messages
    assert f"- {unit.name}" in summary.text  # late by the one rule: first sent after the deadline
