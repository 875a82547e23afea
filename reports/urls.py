from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    # Dashboards (gösterge paneli): strategy office and council members.
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/plans/<int:pk>/", views.overview, name="overview"),
    path("dashboard/plans/<int:pk>/units/", views.units, name="units"),
    path("dashboard/plans/<int:pk>/problems/", views.problems, name="problems"),
    path("dashboard/aims/<int:pk>/", views.aim, name="aim"),
    path("dashboard/targets/<int:pk>/", views.target, name="target"),
    path("dashboard/indicators/<int:pk>/", views.indicator, name="indicator"),
]
