"""The Celery application.

Without ``REDIS_URL`` the settings make every task run eagerly in-process, so a
fresh ``make run`` needs no broker; with it, tasks go to Redis and a worker
(``make worker``) runs them.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "karsplan.settings")

app = Celery("karsplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
