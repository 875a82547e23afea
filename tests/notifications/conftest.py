"""Notifications' tests: mail goes to a real SMTP server and tasks run in-process (even where
REDIS_URL is set: these tests need no worker)."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from tests.conftest import logged_in

SITE = "https://karsplan.example.gov.tr"


@pytest.fixture(autouse=True)
def eager(monkeypatch, settings):
    from karsplan.celery import app

    monkeypatch.setitem(app.conf, "task_always_eager", True)
    monkeypatch.setitem(app.conf, "task_eager_propagates", True)
    settings.SITE_URL = SITE


@pytest.fixture
def mailbox(smtp_server):
    return smtp_server.mailbox


def link_path(text: str) -> str:
    """The path of the first absolute link to the site in a mail's text."""
    match = re.search(re.escape(SITE) + r"(/\S*)", text)
    assert match, text
    return match.group(1)


def open_link(user, received) -> str:
    """Open the mail's link as its recipient: the page must answer 200; returns its HTML."""
    client: Client = logged_in(user)
    response = client.get(link_path(received.text))
    assert response.status_code == 200, link_path(received.text)
    assert SITE + link_path(received.text) in html.unescape(received.html)
    return response.content.decode()
