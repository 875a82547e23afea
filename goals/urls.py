from django.urls import path

from goals import views

app_name = "goals"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("<int:pk>/", views.plan, name="plan"),
    path("aims/<int:pk>/", views.aim, name="aim"),
    path("targets/<int:pk>/", views.target, name="target"),
    path("units/", views.unit_list, name="units"),
    path("units/<int:pk>/", views.unit, name="unit"),
]
