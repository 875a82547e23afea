"""Password reset and change: Turkish pages, a Turkish mail over real SMTP whose link is built
from SITE_URL (not from the request's host)."""

from __future__ import annotations

import re

from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD, logged_in

NEW_PASSWORD = "Kars-yeni-parola-2025"


def test_login_page_links_to_the_reset(client, db):
    html = client.get(reverse("login")).content.decode()
    assert f'href="{reverse("password_reset")}"' in html and "Parolamı unuttum" in html


def test_reset_mail_is_turkish_and_links_to_site_url(smtp_server, settings, staff_user):
    settings.SITE_URL = "https://karsplan.kars.bel.tr"
    staff_user.email = "ayse@kars.bel.tr"
    staff_user.save()
    client = Client(HTTP_HOST="testserver")
    response = client.post(reverse("password_reset"), {"email": "AYSE@kars.bel.tr"}, follow=True)
    assert "E-postanızı kontrol edin" in response.content.decode()
    [mail] = smtp_server.mailbox.messages
    assert mail.recipients == ["ayse@kars.bel.tr"]
    assert mail.subject == "Karsplan: parola sıfırlama"
    assert "\n" not in mail.subject
    link = re.search(r"https://karsplan\.kars\.bel\.tr(/reset/\S+/)", mail.text)
    assert link and "testserver" not in mail.text
    assert f'href="https://karsplan.kars.bel.tr{link.group(1)}"' in mail.html
    assert "Kullanıcı adınız: birim" in mail.text


def test_unknown_address_gets_the_same_page_and_no_mail(smtp_server, db):
    response = Client().post(reverse("password_reset"), {"email": "kimse@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert smtp_server.mailbox.messages == []


def test_every_user_changes_their_password(council_user):
    client = logged_in(council_user)
    page = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("password_change")}"' in page and "Parolayı değiştir" in page
    wrong = client.post(
        reverse("password_change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200 and "Parolanızı değiştirin" in wrong.content.decode()
    done = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert "Parolanız değiştirildi." in done.content.decode()
    assert client.get(reverse("home")).status_code == 200  # still logged in
    fresh = Client()
    ok = fresh.post(reverse("login"), {"username": "meclis", "password": NEW_PASSWORD})
    assert ok.status_code == 302
