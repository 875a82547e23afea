"""A real Celery round trip: a worker process over Redis writes to the test database."""

import uuid

import pytest

from reports.models import WorkerHeartbeat
from reports.tasks import heartbeat_task


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_runs_a_task_that_writes_to_the_database(celery_worker_process):
    token = uuid.uuid4().hex
    result = heartbeat_task.delay(token)
    pk = result.get(timeout=60)
    beat = WorkerHeartbeat.objects.get(pk=pk)
    assert beat.token == token
    assert beat.hostname  # written by the worker process, not by this one
