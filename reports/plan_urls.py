"""URLs of the plan pages. They keep the ``goals`` namespace and their paths under ``/plan/``
(``goals:plan``, ``goals:target`` …): the pages moved to the read side, their URLs did not."""

from django.urls import path

from reports import plan_views

app_name = "goals"

urlpatterns = [
    path("", plan_views.overview, name="overview"),
    path("<int:pk>/", plan_views.plan, name="plan"),
    path("aims/<int:pk>/", plan_views.aim, name="aim"),
    path("targets/<int:pk>/", plan_views.target, name="target"),
    path("units/", plan_views.unit_list, name="units"),
    path("units/<int:pk>/", plan_views.unit, name="unit"),
]
