from django.urls import path

from reports import export_views

app_name = "exports"

urlpatterns = [
    path("", export_views.index, name="index"),
    path("results/", export_views.results, name="results"),
    path("plan/", export_views.plan_structure, name="plan"),
]
