from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from accounts.login import LoginView
from accounts.mail import RESET_TEMPLATES, SitePasswordResetForm
from karsplan import views

admin.site.site_header = _("Karsplan")
admin.site.site_title = _("Karsplan")
admin.site.index_title = _("Strategic plan management")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("yardim/", views.help_page, name="help"),
    path("yardim/<slug:role>/", views.help_page, name="help_role"),
    path(
        "login/",
        LoginView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # django.contrib.auth.urls' password views and names, Turkish templates in
    # templates/registration/; the reset views are open to anonymous users (login_not_required
    # in Django), and the reset mail's link is built from SITE_URL.
    path("password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=SitePasswordResetForm, **RESET_TEMPLATES),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("users/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("plan/", include("reports.plan_urls")),
    path("indicators/", include("indicators.urls")),
    path("data/", include("indicators.import_urls")),
    path("reports/exports/", include("reports.export_urls")),
    path("reports/archive/", include("reports.archive_urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
    path("acik/", include("transparency.urls")),
]
