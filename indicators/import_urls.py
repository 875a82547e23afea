from django.urls import path

from indicators import import_views

app_name = "spreadsheets"

urlpatterns = [
    path("", import_views.index, name="index"),
    path("template/", import_views.template, name="template"),
    path("import/", import_views.upload, name="upload"),
    path("import/confirm/", import_views.confirm, name="confirm"),
    path("import/cancel/", import_views.cancel, name="cancel"),
]
