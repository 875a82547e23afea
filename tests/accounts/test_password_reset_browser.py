"""Browser: forgot password → mail over real SMTP → the link → new password → login."""

from __future__ import annotations

import re

import pytest

from tests.conftest import login

NEW_PASSWORD = "Kars-yeni-parola-2025"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_password_reset_from_the_login_page(page, settings, smtp_server, staff_user):
    settings.SITE_URL = page.base_url
    staff_user.email = "ayse@kars.bel.tr"
    staff_user.save()

    page.goto(page.base_url + "/login/")
    page.get_by_role("link", name="Parolamı unuttum").click()
    assert page.locator("h1").inner_text() == "Parolanızı sıfırlayın"
    page.fill("#id_email", "ayse@kars.bel.tr")
    page.get_by_role("button", name="Bağlantıyı gönder").click()
    assert page.locator("h1").inner_text() == "E-postanızı kontrol edin"

    [mail] = smtp_server.mailbox.to("ayse@kars.bel.tr")
    assert mail.subject == "Karsplan: parola sıfırlama"
    link = re.search(r"(http://\S+/reset/\S+/)", mail.text).group(1)
    assert link.startswith(page.base_url)

    page.goto(link)
    assert page.locator("h1").inner_text() == "Yeni parola belirleyin"
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.get_by_role("button", name="Parolayı kaydet").click()
    assert page.locator("h1").inner_text() == "Parola kaydedildi"

    login(page, "birim", NEW_PASSWORD)
    assert page.locator("h1").inner_text().startswith("Hoş geldiniz")
