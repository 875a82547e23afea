"""The production compose file: there is no Docker engine here, so we check it by reading it."""

import importlib
import shlex
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def command_words(service: dict) -> list[str]:
    cmd = service["command"]
    words = cmd if isinstance(cmd, list) else shlex.split(cmd)
    return [part for word in words for part in word.split()]


def test_compose_has_the_production_services_with_health_checks():
    services = compose()["services"]
    assert set(services) == {"db", "redis", "web", "worker", "beat"}
    assert services["db"]["image"] == "postgres:16"
    assert services["redis"]["image"] == "redis:7"
    for name, service in services.items():
        assert "healthcheck" in service, f"{name} has no health check"
    volumes = compose()["volumes"]
    assert {"pgdata", "media"} <= set(volumes)
    assert "pgdata:/var/lib/postgresql/data" in services["db"]["volumes"]
    assert "media:/data/media" in services["web"]["volumes"]


def test_web_runs_migrations_then_gunicorn_on_our_wsgi_module():
    words = command_words(compose()["services"]["web"])
    text = " ".join(words)
    assert "manage.py migrate" in text
    assert text.index("migrate") < text.index("gunicorn")
    app = next(w for w in words if w.endswith(":application"))
    module, attr = app.split(":")
    assert hasattr(importlib.import_module(module), attr)


def test_worker_and_beat_point_at_our_celery_app_and_queues():
    from django.conf import settings

    services = compose()["services"]
    for name in ("worker", "beat"):
        words = command_words(services[name])
        assert words[:3] == ["celery", "-A", "karsplan"]
        assert hasattr(importlib.import_module(words[2]), "celery_app")
    worker = command_words(services["worker"])
    queues = set(worker[worker.index("-Q") + 1].split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert routed | {settings.CELERY_TASK_DEFAULT_QUEUE} <= queues


def test_compose_environment_matches_the_settings_we_read():
    app_env = compose()["services"]["web"]["environment"]
    assert app_env["DATABASE_URL"].startswith("postgres://")
    assert app_env["REDIS_URL"].startswith("redis://")
    assert app_env["DEBUG"] == "0"
    example = (ROOT / ".env.example").read_text()
    settings_text = (ROOT / "karsplan" / "settings.py").read_text()
    for var in (
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "DATABASE_URL",
        "REDIS_URL",
        "EMAIL_URL",
        "MEDIA_ROOT",
    ):
        assert f"{var}=" in example, f"{var} missing from .env.example"
        assert f'"{var}"' in settings_text, f"settings do not read {var}"


def test_dockerfile_builds_from_python_311_and_the_lock_file():
    text = (ROOT / "Dockerfile").read_text()
    assert "FROM python:3.11" in text
    assert "requirements.txt" in text


def test_beat_schedule_names_registered_tasks_with_sane_time_limits():
    from django.conf import settings

    from karsplan.celery import app

    app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        assert entry["task"] in app.tasks, entry["task"]
    assert settings.CELERY_TASK_SOFT_TIME_LIMIT <= settings.CELERY_TASK_TIME_LIMIT
    ours = [t for name, t in app.tasks.items() if name.startswith("reports.")]
    assert ours
    for task in ours:
        soft = task.soft_time_limit or settings.CELERY_TASK_SOFT_TIME_LIMIT
        hard = task.time_limit or settings.CELERY_TASK_TIME_LIMIT
        assert soft <= hard, task.name
