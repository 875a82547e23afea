"""Django's mail reaches a real SMTP server (the fixture every mail test uses)."""

from __future__ import annotations

from django.core.mail import EmailMultiAlternatives


def test_mail_goes_over_real_smtp_as_text_and_html(smtp_server):
    mail = EmailMultiAlternatives(
        subject="Dönem açıldı", body="Gerçekleşme girişi başladı.", to=["birim@kars.bel.tr"]
    )
    mail.attach_alternative("<p>Gerçekleşme girişi başladı.</p>", "text/html")
    assert mail.send() == 1
    [received] = smtp_server.mailbox.messages
    assert received.recipients == ["birim@kars.bel.tr"]
    assert received.subject == "Dönem açıldı"
    assert "girişi başladı" in received.text and "<p>" in received.html
