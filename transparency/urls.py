"""/acik/: the public pages. Stable URLs: a period is `<year>-H<half>`; its open data is
`veri.json` and `veri.csv` under it (docs/open-data.md)."""

from django.urls import path

from transparency import views

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("yonetim/", views.manage, name="manage"),
    path("sema/v1.json", views.schema, name="schema"),
    path("<int:pk>/", views.plan, name="plan"),
    path("<int:pk>/<int:year>-H<int:half>/", views.period, name="period"),
    path("<int:pk>/<int:year>-H<int:half>/veri.json", views.data_json, name="data_json"),
    path("<int:pk>/<int:year>-H<int:half>/veri.csv", views.data_csv, name="data_csv"),
    path("<int:pk>/raporlar/<int:report_pk>.<str:fmt>", views.report_file, name="report_file"),
]
