"""Celery tasks: thin wrappers that take keys and call one service."""

from __future__ import annotations

import socket

from celery import shared_task

from reports.models import WorkerHeartbeat


@shared_task(name="reports.tasks.heartbeat_task", acks_late=True, soft_time_limit=25, time_limit=30)
def heartbeat_task(token: str) -> int:
    """Write a heartbeat row; returns its id. Idempotent for the same token."""
    beat, _ = WorkerHeartbeat.objects.get_or_create(
        token=token, defaults={"hostname": socket.gethostname()}
    )
    return beat.pk
