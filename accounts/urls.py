from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("", views.users, name="users"),
    path("invite/", views.invite, name="invite"),
    path("unlock/", views.unlock, name="unlock"),
    path("<int:pk>/units/", views.user_units, name="user_units"),
    path("<int:pk>/deactivate/", views.user_deactivate, name="user_deactivate"),
    path("<int:pk>/reactivate/", views.user_reactivate, name="user_reactivate"),
    path("<int:pk>/invite/", views.user_invite_again, name="user_invite_again"),
]
