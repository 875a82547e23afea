from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("entry/", views.entry_index, name="entry_index"),
    path("entry/<int:unit_pk>/<int:period_pk>/", views.entry, name="entry"),
    path("submissions/<int:pk>/", views.submission, name="submission"),
    path("submissions/<int:pk>/approve/", views.submission_approve, name="submission_approve"),
    path("submissions/<int:pk>/return/", views.submission_return, name="submission_return"),
    path("submissions/<int:pk>/reopen/", views.submission_reopen, name="submission_reopen"),
    path(
        "submissions/<int:pk>/threads/<int:thread_pk>/reply/",
        views.thread_reply,
        name="thread_reply",
    ),
    path(
        "submissions/<int:pk>/threads/<int:thread_pk>/resolve/",
        views.thread_resolve,
        name="thread_resolve",
    ),
    path("review/", views.review, name="review"),
    path("periods/", views.periods, name="periods"),
    path("periods/<int:pk>/", views.period_detail, name="period"),
    path("periods/<int:pk>/open/", views.period_open, name="period_open"),
    path("periods/<int:pk>/close/", views.period_close, name="period_close"),
    path("periods/<int:pk>/calendar/", views.period_calendar, name="period_calendar"),
    path("periods/<int:pk>/extend/", views.period_extend, name="period_extend"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("evidence/<int:pk>/restore/", views.evidence_restore, name="evidence_restore"),
]
