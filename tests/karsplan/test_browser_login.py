"""Browser: a person logs in with Chromium and sees the Turkish home page."""

import pytest

from tests.conftest import login


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_user_logs_in_and_sees_turkish_home(page, strategy_user, small_plan):
    page.goto(page.base_url + "/")
    assert "/login/" in page.url
    assert page.locator("h1").inner_text() == "Giriş yap"
    login(page, "strateji")
    assert page.locator("h1").inner_text().startswith("Hoş geldiniz")
    assert page.get_by_role("link", name=small_plan.name).is_visible()
    page.get_by_role("button", name="Çıkış yap").click()
    assert "/login/" in page.url
