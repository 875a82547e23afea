"""The "Kullanıcılar" page: the strategy office invites unit staff (mail over real SMTP → set
password → login), assigns units, deactivates and reactivates; never touches a superuser."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from goals.permissions import STAFF_GROUP
from tests.conftest import PASSWORD, logged_in

NEW_PASSWORD = "Kars-yeni-parola-2025"
LINK = re.compile(r"http://karsplan\.example\.org(/reset/[^/\s]+/[^/\s]+/)")


def office(strategy_user) -> Client:
    return logged_in(strategy_user)


def set_password_through(link_path: str) -> Client:
    """Open the link from the mail and choose a password, as the person would."""
    client = Client()
    page = client.get(link_path, follow=True)
    assert page.status_code == 200 and "Yeni parola belirleyin" in page.content.decode()
    form_url = page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    assert "Parola kaydedildi" in done.content.decode()
    return client


def test_the_office_lists_users_with_units_roles_and_state(strategy_user, staff_user, unit):
    html = office(strategy_user).get(reverse("accounts:users")).content.decode()
    row = html.split('data-username="birim"')[1].split("</tr>")[0]
    assert unit.name in row and "Birim Personeli" in row and "etkin" in row
    assert "Pasifleştir" in row and "Birimler" in row
    assert "Kullanıcılar" in html and "Birim personeli davet et" in html


def test_invitation_mail_set_password_then_login(
    smtp_server, settings, strategy_user, unit, client
):
    settings.SITE_URL = "http://karsplan.example.org"
    response = office(strategy_user).post(
        reverse("accounts:invite"),
        {
            "username": "zeynep",
            "first_name": "Zeynep",
            "last_name": "Kaya",
            "email": "zeynep@kars.bel.tr",
            "units": [unit.pk],
        },
        follow=True,
    )
    assert "zeynep@kars.bel.tr adresine davet gönderildi." in response.content.decode()
    user = get_user_model().objects.get(username="zeynep")
    assert not user.has_usable_password() and user.is_active
    assert list(user.groups.values_list("name", flat=True)) == [STAFF_GROUP]
    assert list(user.units.all()) == [unit]

    [mail] = smtp_server.mailbox.messages
    assert mail.recipients == ["zeynep@kars.bel.tr"]
    assert mail.subject == "Karsplan: davetiniz"
    assert "Merhaba Zeynep Kaya," in mail.text and "Kullanıcı adınız: zeynep" in mail.text
    path = LINK.search(mail.text).group(1)
    assert LINK.search(mail.html).group(1) == path

    set_password_through(path)
    assert (
        client.post(reverse("login"), {"username": "zeynep", "password": NEW_PASSWORD}).status_code
        == 302
    )
    # The link worked once.
    assert "Bu bağlantı geçersiz" in Client().get(path, follow=True).content.decode()


def test_duplicate_username_and_email_are_named(strategy_user, staff_user, unit):
    staff_user.email = "ayse@kars.bel.tr"
    staff_user.save()
    response = office(strategy_user).post(
        reverse("accounts:invite"),
        {"username": "BIRIM", "email": "Ayse@kars.bel.tr", "units": [unit.pk]},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "“BIRIM” kullanıcı adı zaten kullanılıyor." in html
    assert "Ayse@kars.bel.tr adresi zaten “birim” kullanıcısına ait." in html
    assert get_user_model().objects.count() == 2


def test_units_are_assigned(strategy_user, staff_user, unit, other_target):
    other_unit = other_target.responsible_unit
    office(strategy_user).post(
        reverse("accounts:user_units", args=[staff_user.pk]), {"units": [other_unit.pk]}
    )
    assert list(staff_user.units.all()) == [other_unit]


def test_deactivation_blocks_login_and_ends_the_session(strategy_user, staff_user, client):
    session = logged_in(staff_user)
    office(strategy_user).post(reverse("accounts:user_deactivate", args=[staff_user.pk]))
    staff_user.refresh_from_db()
    assert not staff_user.is_active
    response = client.post(reverse("login"), {"username": "birim", "password": PASSWORD})
    assert response.status_code == 200 and "doğru" in response.content.decode()
    assert session.get(reverse("home")).status_code == 302  # sent to the login page
    office(strategy_user).post(reverse("accounts:user_reactivate", args=[staff_user.pk]))
    assert (
        client.post(reverse("login"), {"username": "birim", "password": PASSWORD}).status_code
        == 302
    )


def test_superusers_and_oneself_cannot_be_changed(strategy_user, superuser):
    client = office(strategy_user)
    for name in ("accounts:user_deactivate", "accounts:user_reactivate"):
        assert client.post(reverse(name, args=[superuser.pk])).status_code == 403
        assert client.post(reverse(name, args=[strategy_user.pk])).status_code == 403
    assert client.get(reverse("accounts:user_units", args=[superuser.pk])).status_code == 403
    superuser.refresh_from_db()
    strategy_user.refresh_from_db()
    assert superuser.is_active and strategy_user.is_active
    row = client.get(reverse("accounts:users")).content.decode().split('data-username="admin"')[1]
    assert "Pasifleştir" not in row.split("</tr>")[0]


def test_invited_users_are_unit_staff_never_superusers(strategy_user, unit):
    office(strategy_user).post(
        reverse("accounts:invite"),
        {"username": "x", "email": "x@kars.bel.tr", "units": [unit.pk], "is_superuser": "on"},
    )
    user = get_user_model().objects.get(username="x")
    assert not user.is_superuser and not user.is_staff


def test_the_list_is_paginated(strategy_user, django_assert_max_num_queries):
    User = get_user_model()
    User.objects.bulk_create(User(username=f"u{i:03}") for i in range(120))
    client = office(strategy_user)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("accounts:users")).content.decode()
    assert html.count("data-username=") == 50 and "Sayfa 1 / 3" in html
