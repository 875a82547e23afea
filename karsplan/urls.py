from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from karsplan import views

admin.site.site_header = _("Karsplan")
admin.site.site_title = _("Karsplan")
admin.site.index_title = _("Strategic plan management")

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("plan/", include("reports.plan_urls")),
    path("indicators/", include("indicators.urls")),
    path("data/", include("indicators.import_urls")),
    path("reports/exports/", include("reports.export_urls")),
    path("reports/archive/", include("reports.archive_urls")),
    path("reports/", include("reports.urls")),
    path("notifications/", include("notifications.urls")),
]
