"""Who creates accounts, as docs/operations.md says: a superuser; the strategy office links
staff to units but may not open the user admin (its own account page is another issue)."""

from pathlib import Path

from django.urls import reverse

from tests.conftest import logged_in

OPERATIONS = (Path(__file__).resolve().parents[2] / "docs" / "operations.md").read_text()


def test_a_superuser_creates_accounts_the_strategy_office_links_units(
    superuser, strategy_user, staff_user
):
    assert "createsuperuser" in OPERATIONS and "/admin/auth/user/" in OPERATIONS
    admin = logged_in(superuser)
    assert admin.get(reverse("admin:auth_user_add")).status_code == 200
    office = logged_in(strategy_user)
    assert office.get(reverse("admin:auth_user_changelist")).status_code == 403
    assert office.get(reverse("admin:auth_user_add")).status_code == 403
    memberships = office.get(reverse("admin:goals_unitmembership_changelist"))
    assert memberships.status_code == 200
    assert "birim" in memberships.content.decode()  # staff_user's membership is listed
    assert office.get(reverse("admin:goals_unitmembership_add")).status_code == 200
