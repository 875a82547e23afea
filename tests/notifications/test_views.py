"""The home page's notifications, marking them read, and the preferences page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Kind, MailStatus, Notification, Preference
from notifications.services import Message, notifications_create
from tests.conftest import logged_in


def note(user, n: int = 1, kind: str = Kind.APPROVED) -> list[Notification]:
    for i in range(n):
        notifications_create(
            message=Message(kind=kind, key=f"test:{i}", subject=f"Bildirim {i}", body="Metin"),
            users=[user],
        )
    return list(Notification.objects.filter(user=user))


def test_home_lists_unread_notifications_in_a_bounded_number_of_queries(
    staff_user, plan, django_assert_max_num_queries
):
    note(staff_user, 15)
    client = logged_in(staff_user)
    with django_assert_max_num_queries(20):
        page = client.get("/").content.decode()
    assert "Bildirim 14" in page and "Bildirim 4" not in page  # the newest ten
    assert "Toplam 15 okunmamış bildirim." in page


def test_mark_one_and_all_as_read(staff_user, other_staff_user, plan):
    first, *_ = note(staff_user, 3)  # newest first: "Bildirim 2"
    client = logged_in(staff_user)
    assert client.post(reverse("notifications:read", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.read_at
    page = client.get("/").content.decode()
    assert "Bildirim 2" not in page and "Bildirim 1" in page
    # Someone else's notification does not exist for this user.
    other = logged_in(other_staff_user)
    assert other.post(reverse("notifications:read", args=[first.pk])).status_code == 404
    assert client.get(reverse("notifications:read", args=[first.pk])).status_code == 405
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(user=staff_user, read_at__isnull=True).exists()
    assert "Yeni bildirim yok." in client.get("/").content.decode()


@pytest.mark.parametrize(
    "persona, optional, mandatory",
    [
        ("staff_user", ["Girişler onaylandı", "Dönem bir birime yeniden açıldı"], "iade edildi"),
        ("strategy_user", ["Girişler gönderildi"], "Son tarihi kaçıran birimler"),
        ("council_user", ["Rapor yayımlandı"], None),
    ],
)
def test_preferences_page_offers_the_optional_mails_of_each_role(
    request, persona, optional, mandatory
):
    user = request.getfixturevalue(persona)
    client = logged_in(user)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert "Bildirim tercihleri" in page
    for label in optional:
        assert label in page
    if mandatory:
        assert "Bu e-postalar kapatılamaz" in page and mandatory in page
    assert "e-posta adresi yok" in page  # the personas have no address


def test_turning_a_mail_off_and_on(staff_user):
    client = logged_in(staff_user)
    url = reverse("notifications:preferences")
    response = client.post(url, {Kind.LOCK_EXCEPTION: "on"}, follow=True)
    assert "Bildirim tercihleriniz kaydedildi." in response.content.decode()
    assert Preference.objects.get(user=staff_user).muted == [Kind.APPROVED]
    # A forged field for a mandatory kind changes nothing.
    client.post(url, {Kind.APPROVED: "on", Kind.LOCK_EXCEPTION: "on", Kind.RETURNED: ""})
    assert Preference.objects.get(user=staff_user).muted == []
    staff_user.email = "ayse@kars.bel.tr"
    staff_user.save()
    client.post(url, {})
    # A lock exception carries a new deadline: it cannot be turned off, whatever is posted.
    assert Preference.objects.get(user=staff_user).muted == [Kind.APPROVED]
    [approved] = notifications_create(
        message=Message(kind=Kind.APPROVED, key="k", subject="s", body="b"), users=[staff_user]
    )
    [returned] = notifications_create(
        message=Message(kind=Kind.RETURNED, key="r", subject="s", body="b"), users=[staff_user]
    )
    assert approved.mail_status == MailStatus.TURNED_OFF
    assert returned.mail_status == MailStatus.PENDING
