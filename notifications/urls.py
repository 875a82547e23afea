from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("<int:pk>/read/", views.read, name="read"),
    path("read/", views.read_all, name="read_all"),
    path("preferences/", views.preferences, name="preferences"),
]
