"""The report archive, mounted at /reports/archive/ (see reports/archive_views.py)."""

from django.urls import path

from reports import archive_views

app_name = "archive"

urlpatterns = [
    path("", archive_views.report_list, name="list"),
    path("generate/", archive_views.report_generate, name="generate"),
    path("status/", archive_views.report_status, name="status"),
    path("<int:pk>/", archive_views.report_detail, name="detail"),
    path("<int:pk>/pdf/", archive_views.report_pdf, name="pdf"),
    path("<int:pk>/xlsx/", archive_views.report_xlsx, name="xlsx"),
    path("<int:pk>/docx/", archive_views.report_docx, name="docx"),
    path("<int:pk>/front-matter/", archive_views.report_front_matter_edit, name="front_matter"),
    path("logo/", archive_views.plan_logo, name="logo"),
    path("<int:pk>/cancel/", archive_views.report_cancel, name="cancel"),
    path("<int:pk>/publish/", archive_views.report_publish, name="publish"),
    path("<int:pk>/unpublish/", archive_views.report_unpublish, name="unpublish"),
]
